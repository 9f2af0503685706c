import { defineService } from "../define.js";

export default defineService({
  name: "nuancier",
  era: "fedmsg",
  topics: {},
});
