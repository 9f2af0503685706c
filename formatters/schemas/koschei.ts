import { defineService } from "../define.js";

export default defineService({
  name: "koschei",
  era: "fedora-messaging",
  schemas: {},
});
