/**
 * Fedora Infrastructure ansible runs, fedmsg era: a playbook run started or
 * completed. Playbooks under the batcave checkout are in the public ansible
 * repository; others ("uncontrolled") are named by their file name only.
 */
import type { Handler } from "../define.js";
import { defineService } from "../define.js";
import { avatarUrl } from "../util/avatar.js";

const ICON = "https://apps.fedoraproject.org/img/icons/ansible.png";
const CHECKOUT = "/srv/web/infra/ansible/";
const TREE = "http://infrastructure.fedoraproject.org/cgit/ansible.git/tree/";

/** Whether the playbook is from the repository, and its name (repository path or file name). */
function playbookOf(path: string): { controlled: boolean; name: string } {
  if (path.startsWith(CHECKOUT)) return { controlled: true, name: path.slice(CHECKOUT.length) };
  return { controlled: false, name: path.slice(path.lastIndexOf("/") + 1) };
}

function ansible(text: (user: string, playbook: string) => string): Handler {
  return (ctx) => {
    const { body } = ctx;
    const userid = body.text("userid");
    const { controlled, name } = playbookOf(body.text("playbook") ?? "");
    const objects = [controlled ? name : `uncontrolled-playbooks/${name}`];
    for (const host of body.keys("results")) objects.push(`inventory/${host}`);
    return {
      text: text(userid ?? "(no user specified)", name),
      link: controlled ? `${TREE}${name}` : null,
      usernames: [userid],
      objects,
      agent: userid || null,
      avatar: userid ? avatarUrl(userid) : null,
    };
  };
}

export default defineService({
  name: "ansible",
  era: "fedmsg",
  icon: ICON,
  topics: {
    "ansible.playbook.start": ansible((user, playbook) => `${user} started an ansible run of ${playbook}`),
    "ansible.playbook.complete": ansible((user, playbook) => `${user}'s ${playbook} playbook run completed`),
  },
});
