/**
 * ODCS, the On Demand Compose Service (fedmsg era, `odcs.*`), worded as
 * fedmsg.meta's ODCS processor words it: a compose entered a new state.
 */
import { defineService, type Handler } from "../define.js";
import { fedmsgAvatarUrl } from "../util/avatar.js";

const composeState: Handler = (ctx) => {
  const c = ctx.body.get("compose");
  if (!c.isObject()) return undefined;
  const owner = c.str("owner");
  const id = c.text("id");
  // Name the compose by its Pungi id once Pungi has given it one.
  const name = c.text("pungi_compose_id") || id || "?";
  return {
    text: `${owner ?? "someone"}'s compose ${name} entered the ${c.text("state_name") ?? "unknown"} state.`,
    link: id === undefined ? "https://odcs.fedoraproject.org/api/1/composes/" : `https://odcs.fedoraproject.org/api/1/composes/${id}`,
    usernames: [owner],
    agent: owner ?? null,
    avatar: owner ? fedmsgAvatarUrl(owner) : null,
    objects: [id],
  };
};

export default defineService({
  name: "odcs",
  era: "fedmsg",
  icon: "https://apps.fedoraproject.org/img/icons/odcs.png",
  topics: {
    "odcs.compose.state-changed": composeState,
    "odcs.**": composeState,
  },
});
