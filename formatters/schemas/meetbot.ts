import { defineService } from "../define.js";

export default defineService({
  name: "meetbot",
  era: "fedora-messaging",
  schemas: {},
});
