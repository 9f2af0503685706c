import { defineService } from "../define.js";

export default defineService({
  name: "pdc",
  era: "fedmsg",
  topics: {},
});
