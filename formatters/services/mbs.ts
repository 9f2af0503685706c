/**
 * The Module Build Service (fedmsg era, `mbs.*`), worded as fedmsg.meta's MBS
 * processor words it: every MBS message reports a module build's new state.
 */
import { defineService, type Handler } from "../define.js";
import { fedmsgAvatarUrl } from "../util/avatar.js";

const API = "https://mbs.fedoraproject.org/module-build-service/1/module-builds";

const moduleBuild: Handler = (ctx) => {
  const b = ctx.body;
  const name = b.text("name");
  const state = b.text("state_name");
  // Not a module-build record: leave it to the generic line.
  if (name === undefined && state === undefined) return undefined;
  const owner = b.str("owner");
  const id = b.text("id");
  return {
    text: `${owner ?? "someone"}'s build of modules/${name ?? "?"} entered the ${state ?? b.text("state") ?? "unknown"} state.`,
    link: id === undefined ? "https://mbs.fedoraproject.org" : `${API}/${id}`,
    usernames: [owner],
    agent: owner ?? null,
    avatar: owner ? fedmsgAvatarUrl(owner) : null,
    objects: [name],
  };
};

export default defineService({
  name: "mbs",
  era: "fedmsg",
  icon: "https://apps.fedoraproject.org/img/icons/modularity.png",
  topics: {
    "mbs.module.state.change": moduleBuild,
    "mbs.**": moduleBuild,
  },
});
