import { defineService } from "../define.js";

export default defineService({
  name: "planet",
  era: "fedora-messaging",
  schemas: {},
});
