import { defineService } from "../define.js";

export default defineService({
  name: "waiverdb",
  era: "fedmsg",
  topics: {},
});
