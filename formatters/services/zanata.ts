import { defineService } from "../define.js";

export default defineService({
  name: "zanata",
  era: "fedmsg",
  topics: {},
});
