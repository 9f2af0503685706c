import { defineService } from "../define.js";

export default defineService({
  name: "compose2",
  era: "fedmsg",
  topics: {},
});
