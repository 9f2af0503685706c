import { defineService } from "../define.js";

export default defineService({
  name: "fmn",
  era: "fedmsg",
  topics: {},
});
