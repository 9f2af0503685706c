import { defineService } from "../define.js";

export default defineService({
  name: "autocloud",
  era: "fedmsg",
  topics: {},
});
