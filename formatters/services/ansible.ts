import { defineService } from "../define.js";

export default defineService({
  name: "ansible",
  era: "fedmsg",
  topics: {},
});
