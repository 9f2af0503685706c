import { defineService } from "../define.js";

export default defineService({
  name: "ansible",
  era: "fedora-messaging",
  schemas: {},
});
