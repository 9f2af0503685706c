import { defineService } from "../define.js";

export default defineService({
  name: "mbs",
  era: "fedmsg",
  topics: {},
});
