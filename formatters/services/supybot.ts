import { defineService } from "../define.js";

export default defineService({
  name: "supybot",
  era: "fedmsg",
  topics: {},
});
