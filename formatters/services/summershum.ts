import { defineService } from "../define.js";

export default defineService({
  name: "summershum",
  era: "fedmsg",
  topics: {},
});
