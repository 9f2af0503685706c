import { defineService } from "../define.js";

export default defineService({
  name: "nagios",
  era: "fedmsg",
  topics: {},
});
