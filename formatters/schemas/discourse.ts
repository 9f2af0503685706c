import { defineService } from "../define.js";

export default defineService({
  name: "discourse",
  era: "fedora-messaging",
  schemas: {},
});
