import { defineService } from "../define.js";

export default defineService({
  name: "logger",
  era: "fedmsg",
  topics: {},
});
