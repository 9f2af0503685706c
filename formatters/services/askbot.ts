/**
 * Ask Fedora, the askbot Q&A forum (fedmsg era): questions, answers, tags and
 * offensive-content flags. Wording from fedmsg.meta's askbot processor.
 */
import { defineService, type Ctx, type Handler, type Result } from "../define.js";
import { fedmsgAvatarUrl } from "../util/avatar.js";

type Wording = (user: string, title: string, isQuestion: boolean, body: Ctx["body"]) => string;

function handler(wording: Wording, postKey: "post" | "instance"): Handler {
  return (ctx: Ctx): Result => {
    const { body } = ctx;
    const agent = body.text("agent");
    const title = body.text("thread.title") ?? "(unknown)";
    const isQuestion = body.text(`${postKey}.post_type`) === "question";
    return {
      text: wording(agent ?? "someone", title, isQuestion, body),
      link: link(ctx),
      usernames: [agent, ...body.strs("newly_mentioned_users")],
      agent: agent ?? null,
      objects: objects(ctx),
      avatar: agent ? fedmsgAvatarUrl(agent) : null,
    };
  };
}

/** The question page; staging posts live on the staging site. */
function link(ctx: Ctx): string | null {
  const pk = ctx.body.text("topmost_post_id");
  if (pk === undefined) return null;
  const host = ctx.topic.environment === "stg" ? "ask.stg.fedoraproject.org" : "ask.fedoraproject.org";
  return `https://${host}/question/${pk}/`;
}

/** `tags/<tag>` for each tag (the retag message lists the new ones) and `threads/<id>`. */
function objects(ctx: Ctx): string[] {
  const { body } = ctx;
  const tags = body.has("tags") ? body.strs("tags") : body.strs("thread.tagnames");
  const out = tags.filter(Boolean).map((t) => `tags/${t}`);
  const thread = body.text("thread.pk");
  if (thread !== undefined) out.push(`threads/${thread}`);
  return out;
}

export default defineService({
  name: "askbot",
  era: "fedmsg",
  app: "Askbot",
  icon: "https://apps.fedoraproject.org/img/icons/ask_fedora.png",
  topics: {
    "askbot.post.edit": handler((user, title, isQuestion, body) => {
      if (body.bool("created") ?? Boolean(body.get("created").value)) {
        return isQuestion ? `${user} asked the question '${title}'` : `${user} suggested an answer to the question '${title}'`;
      }
      return isQuestion ? `${user} updated the question '${title}'` : `${user} updated an answer to the question '${title}'`;
    }, "post"),
    "askbot.tag.update": handler((user, title) => `${user} altered tags on askbot question '${title}'`, "post"),
    "askbot.post.flag_offensive.add": handler(
      (user, _t, isQuestion) => `${user} flagged ${isQuestion ? "a question" : "an answer"} as offensive!`,
      "instance",
    ),
    "askbot.post.flag_offensive.delete": handler(
      (user, _t, isQuestion) => `${user} unflagged ${isQuestion ? "a question" : "an answer"} as offensive...`,
      "instance",
    ),
    "askbot.post.delete": handler(
      (user, title, isQuestion) => (isQuestion ? `${user} deleted the question '${title}'` : `${user} deleted an answer on '${title}'`),
      "instance",
    ),
  },
});
