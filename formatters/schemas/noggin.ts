import { defineService } from "../define.js";

export default defineService({
  name: "noggin",
  era: "fedora-messaging",
  schemas: {},
});
