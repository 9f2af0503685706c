/**
 * Nagios (Fedora Infrastructure monitoring), fedmsg era: host and service
 * state changes, and acknowledgements of them. Acknowledging users are given
 * as OpenID URLs (`https://ralph.id.fedoraproject.org/`).
 */
import type { Ctx, Handler } from "../define.js";
import { defineService } from "../define.js";
import type { Payload } from "../payload.js";
import { avatarUrl } from "../util/avatar.js";
import { wordTable } from "../util/text.js";

const ICON = "https://apps.fedoraproject.org/img/icons/nagios-logo.png";
const STATUS_URL = "https://admin.fedoraproject.org/nagios/cgi-bin/status.cgi?navbarsearch=1&host=";
const STATES: Readonly<Record<string, string>> = wordTable({
  CRITICAL: "down",
  WARNING: "having problems",
  OK: "back up",
});

/** The account behind an OpenID URL. */
function openidUser(url: string): string {
  const tail = url.slice(url.indexOf("://") >= 0 ? url.indexOf("://") + 3 : 0);
  return tail.split(".")[0] ?? "";
}

function ackUsers(body: Payload): string[] {
  const out: string[] = [];
  for (const key of ["service_ack_author", "host_ack_author"]) {
    const v = body.text(key);
    if (v) out.push(openidUser(v));
  }
  return [...new Set(out)].sort();
}

function nagios(isHost: boolean): Handler {
  return (ctx: Ctx) => {
    const { body } = ctx;
    const host = body.text("host") ?? "";
    const state = STATES[body.text("state") ?? ""] ?? "in an unknown state";
    const users = ackUsers(body);
    let text = isHost ? `${host} is ${state}` : `${body.text("service") ?? "some service"} is ${state} on ${host}`;
    if (body.text("type") === "ACKNOWLEDGEMENT") text = `${users[0] ?? "somebody"} acknowledged that ${text}`;
    if (body.has("output")) text += `: "${body.text("output") ?? ""}"`;
    const service = isHost ? "state" : (body.text("service") ?? "unknown");
    return {
      text,
      link: `${STATUS_URL}${host}`,
      usernames: users,
      objects: [`${host}/${service}`],
      agent: users[0] ?? null,
      avatar: users[0] !== undefined ? avatarUrl(users[0]) : ICON,
    };
  };
}

export default defineService({
  name: "nagios",
  era: "fedmsg",
  icon: ICON,
  topics: {
    "nagios.host.state.change": nagios(true),
    "nagios.service.state.change": nagios(false),
  },
});
