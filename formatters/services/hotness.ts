import { defineService } from "../define.js";

export default defineService({
  name: "hotness",
  era: "fedmsg",
  topics: {},
});
