import { defineService } from "../define.js";

export default defineService({
  name: "fedimg",
  era: "fedmsg",
  topics: {},
});
