import { defineService } from "../define.js";

export default defineService({
  name: "pagure",
  era: "fedora-messaging",
  schemas: {},
});
