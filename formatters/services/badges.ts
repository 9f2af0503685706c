import { defineService } from "../define.js";

export default defineService({
  name: "badges",
  era: "fedmsg",
  topics: {},
});
