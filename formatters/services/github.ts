import { defineService } from "../define.js";

export default defineService({
  name: "github",
  era: "fedmsg",
  topics: {},
});
