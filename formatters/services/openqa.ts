import { defineService } from "../define.js";

export default defineService({
  name: "openqa",
  era: "fedmsg",
  topics: {},
});
