import { defineService } from "../define.js";

export default defineService({
  name: "mailman3",
  era: "fedmsg",
  topics: {},
});
