import { defineService } from "../define.js";

export default defineService({
  name: "copr",
  era: "fedora-messaging",
  schemas: {},
});
