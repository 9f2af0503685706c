/**
 * Nuancier (supplemental wallpaper elections), fedmsg era. Every message has
 * the `election` and the acting `agent`; candidate messages add the `candidate`.
 */
import type { Ctx, Handler } from "../define.js";
import { defineService } from "../define.js";
import { avatarUrl } from "../util/avatar.js";

const BASE = "https://apps.fedoraproject.org/nuancier/";
const ICON = "https://apps.fedoraproject.org/img/icons/nuancier.png";

interface Parts {
  agent: string;
  name: string;
  author: string;
  candidate: string;
}

/** Wraps a topic's text with what every nuancier message shares. */
function nuancier(text: (p: Parts, ctx: Ctx) => string): Handler {
  return (ctx) => {
    const { body } = ctx;
    const agent = body.text("agent");
    const submitter = body.has("candidate") ? body.text("candidate.submitter") : undefined;
    const rest = ctx.topic.rest;
    const kind = rest[rest.length - 2] ?? "";
    const action = rest[rest.length - 1] ?? "";
    const name = body.text("election.name") ?? "";
    const candidate = body.text("candidate.name");
    const path = [body.text("election.year") ?? "", name, ...(candidate ? [candidate] : []), kind, action];
    const original = body.str("candidate.original_url");
    return {
      text: text({ agent: agent ?? "", name, author: submitter ?? "", candidate: candidate ?? "" }, ctx),
      // The wallpaper itself when there is one, else the election (or candidate) page.
      link: original ?? `${BASE}${rest[0] ?? ""}/${body.text("election.id") ?? ""}`,
      usernames: [agent, submitter],
      objects: [path.join("/")],
      agent: agent ?? null,
      avatar: agent !== undefined ? avatarUrl(agent) : null,
    };
  };
}

export default defineService({
  name: "nuancier",
  era: "fedmsg",
  icon: ICON,
  topics: {
    "nuancier.election.update": nuancier(
      (p, ctx) => `${p.agent} changed the following details on the "${p.name}" election: ${ctx.body.strs("updated").join(", ")}`,
    ),
    "nuancier.election.new": nuancier((p) => `${p.agent} created a new election "${p.name}"`),
    "nuancier.candidate.new": nuancier((p) => `${p.agent} uploaded a new candidate for the "${p.name}" wallpaper election`),
    "nuancier.candidate.denied": nuancier(
      (p) => `${p.agent} denied ${p.author}'s "${p.candidate}" submission to the "${p.name}" wallpaper election`,
    ),
    "nuancier.candidate.approved": nuancier(
      (p) => `${p.agent} approved ${p.author}'s "${p.candidate}" submission to the "${p.name}" wallpaper election`,
    ),
  },
});
