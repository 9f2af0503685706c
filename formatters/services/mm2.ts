import { defineService } from "../define.js";

export default defineService({
  name: "mm2",
  era: "fedmsg",
  topics: {},
});
