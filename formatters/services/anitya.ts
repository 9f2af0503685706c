import { defineService } from "../define.js";

export default defineService({
  name: "anitya",
  era: "fedmsg",
  topics: {},
});
