import { defineService } from "../define.js";

export default defineService({
  name: "journal",
  era: "fedora-messaging",
  schemas: {},
});
