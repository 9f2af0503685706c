import { defineService } from "../define.js";

export default defineService({
  name: "mirrormanager",
  era: "fedora-messaging",
  schemas: {},
});
