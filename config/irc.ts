/** Config schema of the IRC bot (owned by the IRC bot; see bots/irc/). */
import { z } from "zod";
import { filtersSchema, limitSchema } from "./common.js";

export const ircChannelSchema = z.strictObject({
  name: z.string().regex(/^[#&!+][^\s,\x07]+$/, "an IRC channel name such as #fedora-fedmsg"),
  key: z.string().optional(),
  filters: filtersSchema,
});

export const ircConnectionSchema = z.strictObject({
  network: z.string().min(1),
  port: z.number().int().min(1).max(65535).default(6697),
  tls: z.boolean().default(true),
  nickname: z.string().min(1),
  channels: z.array(z.union([z.string().transform((name) => ({ name, filters: filtersSchema.parse(undefined) })), ircChannelSchema])).min(1),
  limit: limitSchema.default({ burst: 4, rate: 1, queue_max: 100 }),
});
export type IrcConnectionConfig = z.infer<typeof ircConnectionSchema>;
