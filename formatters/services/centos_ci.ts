import { defineService } from "../define.js";

export default defineService({
  name: "centos_ci",
  era: "fedmsg",
  topics: {},
});
