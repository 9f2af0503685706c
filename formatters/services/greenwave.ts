import { defineService } from "../define.js";

export default defineService({
  name: "greenwave",
  era: "fedmsg",
  topics: {},
});
