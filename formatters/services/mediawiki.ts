import { defineService } from "../define.js";

export default defineService({
  name: "mediawiki",
  era: "fedmsg",
  topics: {},
});
