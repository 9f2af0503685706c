import { defineService } from "../define.js";

export default defineService({
  name: "kerneltest",
  era: "fedora-messaging",
  schemas: {},
});
