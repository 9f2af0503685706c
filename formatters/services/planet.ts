import { defineService } from "../define.js";

export default defineService({
  name: "planet",
  era: "fedmsg",
  topics: {},
});
