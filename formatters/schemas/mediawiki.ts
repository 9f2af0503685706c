import { defineService } from "../define.js";

export default defineService({
  name: "mediawiki",
  era: "fedora-messaging",
  schemas: {},
});
