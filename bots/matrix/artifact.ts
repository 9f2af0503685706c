/**
 * Which artifact a message is about, for `thread_by: artifact`: one Bodhi update
 * (its alias), one Koji build (instance and NVR), one Pagure pull request (forge,
 * project and number). Messages with the same key form one thread. The key names
 * the bus (topic prefix and environment) so that staging never joins production.
 */
import { Payload, type Message } from "../../formatters/index.js";

/** Keys longer than this are refused (a hostile payload must not grow the thread store). */
const KEY_MAX_CHARS = 300;

export function artifactKey(msg: Message): string | null {
  const t = msg.topic;
  const bus = `${t.prefix}.${t.environment ?? ""}`;
  const body = new Payload(msg.body);
  const key = keyOf(t.service, t.rest, body);
  return key === null || key.length > KEY_MAX_CHARS ? null : `${bus}|${key}`;
}

function keyOf(service: string, rest: readonly string[], body: Payload): string | null {
  if (service === "bodhi" && rest[0] === "update") {
    const alias = body.str("update.alias") ?? body.str("comment.update.alias") ?? body.str("comment.update_alias");
    return alias ? `bodhi|${alias}` : null;
  }
  if (service === "buildsys" && (rest[0] === "build" || rest[0] === "tag" || rest[0] === "untag")) {
    const [name, version, release] = [body.text("name"), body.text("version"), body.text("release")];
    if (!name || !version || !release) return null;
    return `koji|${body.str("instance") ?? "primary"}|${name}-${version}-${release}`;
  }
  if (service === "pagure" && (rest[0] === "pull-request" || rest[0] === "pullrequest")) {
    const pr = body.get("pullrequest");
    const id = pr.text("id");
    const project = pr.str("project.fullname") ?? pr.str("project.name");
    return id && project ? `pagure|${project}|${id}` : null;
  }
  return null;
}
