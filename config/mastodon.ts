/** Config schema of the Mastodon bot (owned by the Mastodon bot; see bots/mastodon/). */
import { z } from "zod";
import { filtersSchema } from "./common.js";

export const mastodonAccountSchema = z.strictObject({
  instance: z.string().url(),
  access_token: z.string().min(1),
  filters: filtersSchema,
});
export type MastodonAccountConfig = z.infer<typeof mastodonAccountSchema>;
