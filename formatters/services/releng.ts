import { defineService } from "../define.js";

export default defineService({
  name: "releng",
  era: "fedmsg",
  topics: {},
});
