import { defineService } from "../define.js";

export default defineService({
  name: "datanommer",
  era: "fedmsg",
  topics: {},
});
