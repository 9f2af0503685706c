import { defineService } from "../define.js";

export default defineService({
  name: "infragit",
  era: "fedmsg",
  topics: {},
});
