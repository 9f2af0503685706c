import { defineService } from "../define.js";

export default defineService({
  name: "scm",
  era: "fedmsg",
  topics: {},
});
