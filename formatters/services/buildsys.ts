import { defineService } from "../define.js";

export default defineService({
  name: "buildsys",
  era: "fedmsg",
  topics: {},
});
