import { defineService } from "../define.js";

export default defineService({
  name: "odcs",
  era: "fedmsg",
  topics: {},
});
