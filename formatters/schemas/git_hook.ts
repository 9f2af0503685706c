import { defineService } from "../define.js";

export default defineService({
  name: "git_hook",
  era: "fedora-messaging",
  schemas: {},
});
