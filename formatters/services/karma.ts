import { defineService } from "../define.js";

export default defineService({
  name: "karma",
  era: "fedmsg",
  topics: {},
});
