import { defineService } from "../define.js";

export default defineService({
  name: "bugzilla2fedmsg",
  era: "fedora-messaging",
  schemas: {},
});
