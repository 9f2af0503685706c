import { defineService } from "../define.js";

export default defineService({
  name: "maubot",
  era: "fedora-messaging",
  schemas: {},
});
