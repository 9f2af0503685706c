import { defineService } from "../define.js";

export default defineService({
  name: "bodhi",
  era: "fedora-messaging",
  schemas: {},
});
