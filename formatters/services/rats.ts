import { defineService } from "../define.js";

export default defineService({
  name: "rats",
  era: "fedmsg",
  topics: {},
});
