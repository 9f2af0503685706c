import { defineService } from "../define.js";

export default defineService({
  name: "koschei",
  era: "fedmsg",
  topics: {},
});
