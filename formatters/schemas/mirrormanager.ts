/**
 * mirrormanager-messages: MirrorManager hosts and sites. The v1 classes (deprecated)
 * carry only ids; v2 carries the host and site objects, whose admins are concerned too.
 */
import { defineService, type Ctx, type Handler, type Result } from "../define.js";
import { shaped } from "../util/schema-guard.js";

function agentOf(ctx: Ctx): string | undefined {
  return ctx.body.str("agent");
}

/** v1 host messages: "Host on site 12 has been added". */
function hostV1(verb: string): Handler {
  return shaped(["site_id"], (ctx) => {
    const site = ctx.body.text("site_id");
    const agent = agentOf(ctx);
    const text = `Host on site ${site ?? "(unknown)"} has been ${verb}`;
    return { text, agent: agent ?? null, usernames: [agent], link: null };
  });
}

/** The parts every v2 host message shares: admins and agent as users, the host's page as link. */
function hostV2(ctx: Ctx, text: string): Result {
  const b = ctx.body;
  const agent = agentOf(ctx);
  const bandwidth = b.text("host.bandwidth") ?? "unknown";
  // "Bandwitdh" is the schema package's own spelling, kept as the reference prints it.
  const long = `Host name: ${b.text("host.name") ?? ""}\nCountry: ${b.text("host.country") ?? ""}\nBandwitdh: ${bandwidth}\nSite: ${b.text("site.name") ?? ""}\n`;
  return { text, long, agent: agent ?? null, usernames: [...b.strs("site.admins"), agent], link: b.str("host.url") ?? null };
}

/** "Host h has been added to site s by alice". */
function hostV2Change(template: (host: string, site: string) => string): Handler {
  return shaped(["host", "site"], (ctx) => {
    const host = ctx.body.text("host.name") ?? "(unknown)";
    const site = ctx.body.text("site.name") ?? "(unknown)";
    const agent = agentOf(ctx);
    return hostV2(ctx, `${template(host, site)}${agent !== undefined ? ` by ${agent}` : ""}`);
  });
}

export default defineService({
  name: "mirrormanager",
  era: "fedora-messaging",
  app: "MirrorManager",
  icon: "https://apps.fedoraproject.org/img/icons/mirrormanager.png",
  schemas: {
    "mirrormanager.host.added.v1": { topics: ["mirrormanager.host.added"], handler: hostV1("added") },
    "mirrormanager.host.deleted.v1": { topics: ["mirrormanager.host.deleted"], handler: hostV1("deleted") },
    "mirrormanager.host.updated.v1": { topics: ["mirrormanager.host.updated"], handler: hostV1("updated") },
    "mirrormanager.host.added.v2": {
      topics: ["mirrormanager.host.added.v2"],
      handler: hostV2Change((h, s) => `Host ${h} has been added to site ${s}`),
    },
    "mirrormanager.host.deleted.v2": {
      topics: ["mirrormanager.host.deleted.v2"],
      handler: hostV2Change((h, s) => `Host ${h} has been deleted from site ${s}`),
    },
    "mirrormanager.host.updated.v2": {
      topics: ["mirrormanager.host.updated.v2"],
      handler: hostV2Change((h, s) => `Host ${h} in site ${s} has been updated`),
    },
    "mirrormanager.crawler.host.disabled.v1": {
      topics: ["mirrormanager.crawler.host.disabled.v1"],
      handler: shaped(["host", "reason"], (ctx) => {
        const b = ctx.body;
        const r = hostV2(ctx, `Host ${b.text("host.name") ?? "(unknown)"} has been disabled by MirrorManager's crawler`);
        let long = `${b.text("reason") ?? ""}\n\nThe host was crawled at ${b.text("crawled_at") ?? "an unknown time"}.\n`;
        long += `The crawl log can be found at ${b.text("logs_url") ?? ""}\n`;
        const url = b.str("host.url");
        if (url) long += `The host's page in MirrorManager can be found at ${url}\n`;
        return { ...r, long };
      }),
    },
    "mirrormanager.site.deleted.v1": {
      topics: ["mirrormanager.site.deleted"],
      handler: shaped(["site_id", "site_name"], (ctx) => {
        const agent = agentOf(ctx);
        const text = `Site ${ctx.body.text("site_name") ?? "(unknown)"} (${ctx.body.text("site_id") ?? "?"}) has been deleted`;
        return { text, agent: agent ?? null, usernames: [agent], link: null };
      }),
    },
    "mirrormanager.site.deleted.v2": {
      topics: ["mirrormanager.site.deleted.v2"],
      handler: shaped(["site"], (ctx) => {
        const b = ctx.body;
        const agent = agentOf(ctx);
        const text = `Site ${b.text("site.name") ?? "(unknown)"} (${b.text("site.id") ?? "?"}) has been deleted by ${agent ?? "someone"}`;
        const org = b.str("site.org_url");
        return { text, long: org ? `${text}\nOrg URL: ${org}` : text, agent: agent ?? null, usernames: [agent], link: null };
      }),
    },
  },
});
