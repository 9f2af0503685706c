/**
 * Config of the verify stage (fedmsg x509 signatures). The key names are fedmsg's
 * own (fedmsg.d), so an operator's existing values carry over.
 */
import { z } from "zod";

const localPath = z
  .string()
  .min(1)
  .refine(
    (p) => !/^[a-z][a-z0-9+.-]*:\/\//i.test(p),
    "a local file path (fetching it over HTTP(S), deprecated in fedmsg, is not supported)",
  );

export const verifySchema = z
  .strictObject({
    /** Drop ZeroMQ messages whose signature does not verify. */
    validate_signatures: z.boolean().default(false),
    /** PEM file of the CA that issues the publishers' certificates. */
    ca_cert_location: localPath.optional(),
    /** PEM (or DER) CRL of that CA; without it no certificate is taken as revoked. */
    crl_location: localPath.optional(),
    /** Topic -> certificate common names allowed to publish it. */
    routing_policy: z.record(z.string().min(1), z.array(z.string().min(1))).default({}),
    /** On: a topic missing from routing_policy is refused. Off: any valid certificate may publish it. */
    routing_nitpicky: z.boolean().default(false),
  })
  .refine((c) => !c.validate_signatures || c.ca_cert_location !== undefined, {
    error: "validate_signatures needs ca_cert_location",
    path: ["ca_cert_location"],
  });

export type VerifyConfig = z.infer<typeof verifySchema>;
