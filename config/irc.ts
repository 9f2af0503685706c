/** Config schema of the IRC bot (owned by the IRC bot; see bots/irc/). Units are in the key names. */
import { z } from "zod";
import { IRC_DEFAULT_TEMPLATE, MIRC_COLORS, type MircColorName } from "../formatters/index.js";
import { filtersSchema, flowSchema, limitSchema } from "./common.js";

const colorName = z.enum(Object.keys(MIRC_COLORS) as [MircColorName, ...MircColorName[]]);
const nick = z.string().regex(/^[A-Za-z[\]\\`_^{|}][A-Za-z0-9[\]\\`_^{|}-]*$/, "an IRC nickname (letters, digits, [ ] \\ ` _ ^ { | } -)");

/** Text that goes into a protocol line: CR, LF and NUL would split it, and the wire guard refuses such a line. */
const lineText = z.string().regex(/^[^\r\n\0]*$/, "no line breaks or NUL");

/**
 * RFC 2812 channel names: a prefix of # & + !, then no space, comma (a JOIN list separator), BEL,
 * NUL, CR, LF or other control character; 50 characters at most (servers may allow more, hence 200).
 */
export const IRC_CHANNEL_NAME = /^[#&!+][^\s\x00-\x1f\x7f,]{1,199}$/;

export const ircChannelSchema = z.strictObject({
  name: z
    .string()
    .regex(IRC_CHANNEL_NAME, "an IRC channel name such as #fedora-fedmsg (# & + or ! then no space, comma or control character)"),
  key: z
    .string()
    .regex(/^[^\s,\0]+$/, "a channel key without spaces or commas")
    .optional(),
  filters: filtersSchema,
  /** mIRC colours; also turned off by themselves while the channel has mode +c. */
  colors: z.boolean().default(true),
  /** Placeholders {title} {text} {link} {app} {service} {agent}, e.g. "[{app}] {text} {link}". */
  template: z
    .string()
    .refine((t) => t.includes("{text}"), "the template must contain {text}")
    .refine((t) => !/[\r\n\0\x01]/.test(t), "the template must not contain line breaks, NUL or \\x01 (CTCP)")
    .default(IRC_DEFAULT_TEMPLATE),
  /** Send NOTICE instead of PRIVMSG. */
  notice: z.boolean().default(false),
});

export const ircShortenerSchema = z.strictObject({
  /** GET this URL with {url} replaced by the encoded link; the body is the short link (da.gd's `https://da.gd/s?url={url}`). */
  url: z.string().regex(/^https?:\/\/.*\{url\}/, "an http(s) URL containing {url}"),
  timeout_ms: z.number().int().min(1).default(2000),
});

export const ircConnectionSchema = z
  .strictObject({
    /** Server host name (or address). */
    network: z.string().min(1),
    port: z.number().int().min(1).max(65535).default(6697),
    tls: z.boolean().default(true),
    /** PEM CA bundle to verify the server with, instead of the system's. Certificates are always verified. */
    ca_file: z.string().optional(),
    /** PEM client certificate and key: CertFP, and SASL EXTERNAL. */
    client_cert_file: z.string().optional(),
    client_key_file: z.string().optional(),
    nickname: nick,
    /** Tried in order when the nickname is in use (default: nickname + "_", "__"); the nickname is reclaimed later. */
    alt_nicknames: z.array(nick).default([]),
    nick_reclaim_ms: z.number().int().min(1000).default(60_000),
    username: z
      .string()
      .regex(/^[^\s@]+$/, "a user name without spaces or @")
      .default("fedmsg"),
    realname: lineText.min(1).default("fedmsg-echo: the Fedora message bus"),
    server_password: lineText.optional(),
    /** PLAIN needs sasl_password (sasl_account defaults to the nickname); EXTERNAL needs client_cert_file. */
    sasl_mechanism: z.enum(["PLAIN", "EXTERNAL"]).optional(),
    sasl_account: lineText.optional(),
    sasl_password: z.string().optional(),
    /** Without SASL: `PRIVMSG NickServ :IDENTIFY <nickname> <password>` after registration. */
    nickserv_password: lineText.optional(),
    /** A plain string is short for `{name: ...}`: both forms go through the one channel schema. */
    channels: z.array(z.preprocess((v) => (typeof v === "string" ? { name: v } : v), ircChannelSchema)).min(1),
    /**
     * One pace per connection, shared by its channels: servers count lines per connection.
     * `queue_max` messages per channel wait as their own lines; older ones fold into digests.
     */
    limit: limitSchema.prefault({}),
    /** Digests, priorities, late marks and statistics lines, per channel (see bots/flow/). */
    flow: flowSchema,
    /** Service -> colour name for the title, over the old bot's map. */
    service_colors: z.record(z.string(), colorName).default({}),
    shortener: ircShortenerSchema.optional(),
    /** Reconnect delays: doubling from reconnect_min_ms up to reconnect_max_ms, plus up to 25% jitter. */
    reconnect_min_ms: z.number().int().min(10).default(2000),
    reconnect_max_ms: z.number().int().min(10).default(300_000),
    /** A connection attempt (TCP, TLS and registration) that takes longer is abandoned and retried. */
    connect_timeout_ms: z.number().int().min(100).default(30_000),
    /** No data from the server for this long: the connection is dropped and redialled. The bot PINGs every half of it (30 s at most, 2 s at least; each PING costs a send token). */
    ping_timeout_s: z.number().int().min(5).default(120),
    rejoin_after_kick_ms: z.number().int().min(0).default(10_000),
    /** Banned, invite-only, full, bad key: retry the JOIN this often. A joined channel refusing lines (+m): try one line again this often (and at its next mode change). */
    rejoin_blocked_ms: z.number().int().min(1000).default(300_000),
    /**
     * A connection's first JOIN of a channel, unanswered (not refused) for less than this, counts as
     * the channel being joined: its lines wait without a "lane unavailable" warning or a /readyz
     * entry. Then, or once refused, the channel is unavailable until joined (flow.unavailable_after_s runs).
     */
    first_join_wait_ms: z.number().int().min(0).default(30_000),
    /** start() waits this long for the first registration, then lets the bot run and keeps retrying. */
    start_wait_ms: z.number().int().min(0).default(30_000),
    quit_message: lineText.default("fedmsg-echo: shutting down"),
    /** The CTCP SOURCE reply. */
    source_url: lineText.default("https://www.npmjs.com/package/fedmsg-echo"),
  })
  .superRefine((c, ctx) => {
    // Channel names are case-insensitive on IRC: one channel listed twice would get every line twice.
    const seen = new Set<string>();
    c.channels.forEach((ch, i) => {
      const folded = ch.name.toLowerCase();
      if (seen.has(folded)) ctx.addIssue({ code: "custom", path: ["channels", i, "name"], message: `${ch.name} is listed twice` });
      seen.add(folded);
    });
    if (c.sasl_mechanism === "PLAIN" && !c.sasl_password)
      ctx.addIssue({ code: "custom", path: ["sasl_password"], message: "SASL PLAIN needs sasl_password" });
    if (c.sasl_mechanism === "EXTERNAL" && !c.client_cert_file)
      ctx.addIssue({ code: "custom", path: ["client_cert_file"], message: "SASL EXTERNAL needs client_cert_file (and client_key_file)" });
    if (c.sasl_mechanism === "EXTERNAL" && !c.tls)
      ctx.addIssue({ code: "custom", path: ["tls"], message: "SASL EXTERNAL needs tls: true" });
    if (c.client_cert_file && !c.client_key_file)
      ctx.addIssue({ code: "custom", path: ["client_key_file"], message: "client_cert_file needs client_key_file" });
    if (c.reconnect_max_ms < c.reconnect_min_ms)
      ctx.addIssue({ code: "custom", path: ["reconnect_max_ms"], message: "must be at least reconnect_min_ms" });
  });
export type IrcConnectionConfig = z.infer<typeof ircConnectionSchema>;
export type IrcChannelConfig = IrcConnectionConfig["channels"][number];
export type IrcShortenerConfig = z.infer<typeof ircShortenerSchema>;
