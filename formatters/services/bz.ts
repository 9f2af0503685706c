import { defineService } from "../define.js";

export default defineService({
  name: "bz",
  era: "fedmsg",
  topics: {},
});
