import { defineService } from "../define.js";

export default defineService({
  name: "jenkins",
  era: "fedmsg",
  topics: {},
});
