import { defineService } from "../define.js";

export default defineService({
  name: "fedocal",
  era: "fedmsg",
  topics: {},
});
