import { defineService } from "../define.js";

export default defineService({
  name: "fedocal",
  era: "fedora-messaging",
  schemas: {},
});
