import { defineService } from "../define.js";

export default defineService({
  name: "pkgdb",
  era: "fedmsg",
  topics: {},
});
