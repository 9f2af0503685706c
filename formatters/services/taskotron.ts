import { defineService } from "../define.js";

export default defineService({
  name: "taskotron",
  era: "fedmsg",
  topics: {},
});
