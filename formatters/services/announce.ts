import { defineService } from "../define.js";

export default defineService({
  name: "announce",
  era: "fedmsg",
  topics: {},
});
