/**
 * `fedmsg-echo verify --ca FILE [--crl FILE] [--routing-policy FILE] [--nitpicky]`: the verify
 * stage on JSON Lines of fedmsg envelopes (stdin), for operators debugging a publisher. Exactly one
 * `{"valid": true|false, "reason": "..."}` line out per line in, in order. Each line is checked as
 * the bytes it arrived as (the signature covers the publisher's own number lexemes).
 */
import { VERIFY_FILE_MAX_BYTES, FileReadError, readBoundedText } from "../config/read-file.js";
import { verifySchema } from "../config/verify.js";
import { DecodeError, decodeJson, isObject } from "../formatters/index.js";
import { jsonLines, JSON_LINE_MAX_CHARS } from "./json-lines.js";
import { createVerifier, VerifyConfigError, type Verifier } from "./verify.js";

export interface VerifyCmdOptions {
  readonly ca: string;
  readonly crl?: string;
  /** A JSON file: topic -> list of certificate common names allowed to publish it. */
  readonly routingPolicy?: string;
  readonly nitpicky: boolean;
}

/** Builds the verifier the command uses; throws VerifyConfigError naming the file at fault. */
export function verifierForCommand(opts: VerifyCmdOptions): Verifier {
  let policy: unknown = {};
  if (opts.routingPolicy !== undefined) {
    const file = opts.routingPolicy;
    try {
      policy = JSON.parse(readBoundedText(file, VERIFY_FILE_MAX_BYTES));
    } catch (err) {
      throw new VerifyConfigError(
        file,
        `cannot use the routing policy: ${err instanceof FileReadError ? err.reason : (err as Error).message}`,
        { cause: err },
      );
    }
    if (!isObject(policy) || !Object.values(policy).every((v) => Array.isArray(v) && v.every((n) => typeof n === "string"))) {
      throw new VerifyConfigError(file, "the routing policy must be a JSON object of topic -> list of certificate names");
    }
  }
  const cfg = verifySchema.safeParse({
    validate_signatures: true,
    ca_cert_location: opts.ca,
    ...(opts.crl !== undefined ? { crl_location: opts.crl } : {}),
    routing_policy: policy,
    routing_nitpicky: opts.nitpicky,
  });
  if (!cfg.success) throw new VerifyConfigError(null, cfg.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; "));
  return createVerifier(cfg.data);
}

/** One verdict line (without newline) for one input line. Never throws. */
export function verifyLine(verify: Verifier, line: string | null): string {
  if (line === null) return JSON.stringify({ valid: false, reason: `line longer than ${JSON_LINE_MAX_CHARS} characters` });
  if (line.trim() === "") return JSON.stringify({ valid: false, reason: "empty line" });
  try {
    const r = verify(decodeJson(line), line);
    return JSON.stringify(r.ok ? { valid: true, reason: `signed by ${r.signer}` } : { valid: false, reason: r.reason });
  } catch (err) {
    return JSON.stringify({
      valid: false,
      reason: err instanceof DecodeError ? `not a message: ${err.reason}` : `internal error: ${String(err)}`,
    });
  }
}

export async function runVerify(
  input: NodeJS.ReadableStream,
  output: NodeJS.WritableStream,
  opts: VerifyCmdOptions,
): Promise<{ valid: number; invalid: number }> {
  const verify = verifierForCommand(opts);
  const tally = { valid: 0, invalid: 0 };
  for await (const line of jsonLines(input as AsyncIterable<Buffer | string>)) {
    const out = verifyLine(verify, line);
    if (out.startsWith('{"valid":true')) tally.valid++;
    else tally.invalid++;
    if (!output.write(`${out}\n`)) await new Promise<void>((r) => output.once("drain", () => r()));
  }
  return tally;
}
