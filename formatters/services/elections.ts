/**
 * Fedora Elections, fedmsg era, topics `fedora_elections.*`. Old messages nest
 * the election under `election` and name the actor `agent`; newer ones put the
 * election's fields at the top level and name the actor `fas_user`.
 */
import type { Ctx, Handler } from "../define.js";
import { defineService } from "../define.js";
import { avatarUrl } from "../util/avatar.js";

const ABOUT = "https://admin.fedoraproject.org/voting/about/";

interface Parts {
  agent: string;
  name: string;
  candidate: string;
}

/** Wraps a topic's text with what every elections message shares. */
function elections(text: (p: Parts) => string): Handler {
  return (ctx: Ctx) => {
    const { body } = ctx;
    const election = body.has("election") ? body.get("election") : body;
    const name = election.text("alias") ?? "";
    const agent = body.has("agent") ? body.text("agent") : body.text("fas_user");
    const rest = ctx.topic.rest;
    const kind = rest[rest.length - 2] ?? "";
    const action = rest[rest.length - 1] ?? "";
    return {
      text: text({ agent: agent ?? "", name, candidate: body.text("candidate.name") ?? "" }),
      link: `${ABOUT}${name}`,
      usernames: [agent],
      objects: [`${name}/${kind}/${action}`],
      agent: agent ?? null,
      avatar: agent !== undefined ? avatarUrl(agent) : null,
    };
  };
}

export default defineService({
  name: "elections",
  era: "fedmsg",
  icon: null,
  topics: {
    "fedora_elections.election.new": elections((p) => `${p.agent} created election "${p.name}"`),
    "fedora_elections.election.edit": elections((p) => `${p.agent} edited election "${p.name}"`),
    "fedora_elections.candidate.new": elections((p) => `${p.agent} added candidate "${p.candidate}" to election "${p.name}"`),
    "fedora_elections.candidate.edit": elections((p) => `${p.agent} edited candidate "${p.candidate}" of election "${p.name}"`),
    "fedora_elections.candidate.delete": elections((p) => `${p.agent} deleted candidate "${p.candidate}" of election "${p.name}"`),
  },
});
