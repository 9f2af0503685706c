import { defineService } from "../define.js";

export default defineService({
  name: "trac",
  era: "fedmsg",
  topics: {},
});
