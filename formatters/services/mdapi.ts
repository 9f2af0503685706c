import { defineService } from "../define.js";

export default defineService({
  name: "mdapi",
  era: "fedmsg",
  topics: {},
});
