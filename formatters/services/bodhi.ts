import { defineService } from "../define.js";

export default defineService({
  name: "bodhi",
  era: "fedmsg",
  topics: {},
});
