import { defineService } from "../define.js";

export default defineService({
  name: "tagger",
  era: "fedmsg",
  topics: {},
});
