/**
 * datanommer (the bus archiver), fedmsg era: its only message, `datanommer.wat`,
 * says it received a message whose uuid it had already stored.
 */
import { defineService } from "../define.js";

export default defineService({
  name: "datanommer",
  era: "fedmsg",
  icon: "https://i.imgur.com/4g9NZu1.png",
  topics: {
    "datanommer.wat": () => ({
      text: "datanommer encountered a duplicate uuid",
      link: "https://www.destroyallsoftware.com/talks/wat",
      objects: ["wat"],
      avatar: "https://i.imgur.com/58oJkOr.gif",
    }),
  },
});
