import { defineService } from "../define.js";

export default defineService({
  name: "elections",
  era: "fedmsg",
  topics: {},
});
