import { defineService } from "../define.js";

export default defineService({
  name: "webhook",
  era: "fedora-messaging",
  schemas: {},
});
