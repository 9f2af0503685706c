import { defineService } from "../define.js";

export default defineService({
  name: "compose",
  era: "fedmsg",
  topics: {},
});
