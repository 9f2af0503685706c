import { defineService } from "../define.js";

export default defineService({
  name: "faf",
  era: "fedmsg",
  topics: {},
});
