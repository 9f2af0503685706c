import { defineService } from "../define.js";

export default defineService({
  name: "fas",
  era: "fedmsg",
  topics: {},
});
