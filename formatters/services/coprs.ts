import { defineService } from "../define.js";

export default defineService({
  name: "coprs",
  era: "fedmsg",
  topics: {},
});
