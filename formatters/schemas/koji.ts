import { defineService } from "../define.js";

export default defineService({
  name: "koji",
  era: "fedora-messaging",
  schemas: {},
});
