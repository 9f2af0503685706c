import { defineService } from "../define.js";

export default defineService({
  name: "askbot",
  era: "fedmsg",
  topics: {},
});
