/**
 * The verify stage: fedmsg x509 signatures (fedmsg.crypto.x509_ng.validate).
 *
 * A message is valid when its certificate was issued by the configured CA, is
 * within its validity period and not on the CRL; its signature (RSA PKCS#1 v1.5,
 * SHA-1) matches the envelope without `signature` and `certificate` as Python's
 * json.dumps writes it; and the routing policy lets the certificate's common name
 * publish the topic.
 *
 * The signed bytes are rebuilt from the JSON text the message arrived as (see
 * verify/canonical.ts), so the caller passes that text along with the message.
 */
import { verify as verifySignature, X509Certificate } from "node:crypto";
import type { Message } from "../formatters/index.js";
import type { VerifyConfig } from "../config/verify.js";
import { StartError } from "../config/errors.js";
import { FileReadError, PEM_FILE_MAX_BYTES, VERIFY_FILE_MAX_BYTES, readBoundedFile } from "../config/read-file.js";
import { parseJson, signedText, type JsonNode } from "./verify/canonical.js";
import { crlDer, parseCrl, type Crl } from "./verify/crl.js";
import { commonNames, parseCertificate, type CertFields } from "./verify/der.js";

export type { VerifyConfig } from "../config/verify.js";

export type VerifyResult = { readonly ok: true; readonly signer: string } | { readonly ok: false; readonly reason: string };

/** Takes the decoded message and the JSON text of its envelope (the ZeroMQ frame). */
export type Verifier = (msg: Message, rawText: string) => VerifyResult;

/** The CA, the CRL or the config itself is unusable; names the file. Stops the start. */
export class VerifyConfigError extends StartError {
  override readonly name = "VerifyConfigError";
  readonly heading = "bad config";
  constructor(
    /** The file at fault, or null when the config is incomplete. */
    readonly file: string | null,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(file === null ? message : `${file}: ${message}`, options);
  }
}

export interface VerifierOptions {
  /** The clock for validity periods (tests). */
  readonly now?: () => Date;
}

/** Distinct publisher certificates are few; parsing and chain checks are kept for this many. */
const CERT_CACHE_SIZE = 128;
/** An expired CRL is re-read from disk (cron refreshes it) at most this often, as fedmsg re-fetches it. */
const CRL_RELOAD_MIN_MS = 60_000;

interface CertEntry {
  readonly cert: X509Certificate;
  readonly fields: CertFields;
  /** Null when the certificate chains to the CA, else why not. */
  readonly chainProblem: string | null;
}

/** `validate_signatures` off: no verify stage (undefined); on: a verifier. */
export function verifierFromConfig(cfg: VerifyConfig, opts: VerifierOptions = {}): Verifier | undefined {
  return cfg.validate_signatures ? createVerifier(cfg, opts) : undefined;
}

/**
 * Load the CA and CRL once and return the verifier. Verifies whatever it is given,
 * whatever `validate_signatures` says (see verifierFromConfig). Throws VerifyConfigError.
 */
export function createVerifier(cfg: VerifyConfig, opts: VerifierOptions = {}): Verifier {
  const now = opts.now ?? (() => new Date());
  const caPath = cfg.ca_cert_location;
  if (caPath === undefined) throw new VerifyConfigError(null, "checking signatures needs ca_cert_location");
  const ca = loadCa(caPath);
  const caFields = parseCertificate(ca.raw);
  const crlPath = cfg.crl_location;
  let crl = crlPath === undefined ? null : loadCrl(crlPath, ca, caFields);
  let crlReadAt = Date.now();
  const policy = new Map(Object.entries(cfg.routing_policy).map(([topic, names]) => [topic, new Set(names)]));
  const certs = new Map<string, CertEntry>();

  const currentCrl = (at: Date): Crl | null => {
    if (crl === null || crlPath === undefined) return crl;
    if (crl.nextUpdate !== null && crl.nextUpdate < at && Date.now() - crlReadAt >= CRL_RELOAD_MIN_MS) {
      crlReadAt = Date.now();
      try {
        crl = loadCrl(crlPath, ca, caFields);
      } catch {
        // Keep the old one; the verdict below names the expired CRL.
      }
    }
    return crl;
  };

  const certEntry = (certText: string): CertEntry | string => {
    const known = certs.get(certText);
    if (known) return known;
    const pem = base64(certText);
    if (pem === null) return "the certificate is not base64";
    let cert: X509Certificate;
    let fields: CertFields;
    try {
      cert = new X509Certificate(pem);
      fields = parseCertificate(cert.raw);
    } catch (err) {
      return `certificate cannot be read (${(err as Error).message})`;
    }
    const chainProblem =
      cert.checkIssued(ca) && cert.verify(ca.publicKey)
        ? null
        : `certificate not issued by the configured CA (its issuer: ${oneLine(cert.issuer)})`;
    const entry = { cert, fields, chainProblem };
    if (certs.size >= CERT_CACHE_SIZE) certs.delete(certs.keys().next().value as string);
    certs.set(certText, entry);
    return entry;
  };

  return (msg, rawText) => {
    let envelope: JsonNode;
    try {
      envelope = parseJson(rawText);
    } catch (err) {
      return fail(`message text is not JSON as fedmsg reads it (${(err as Error).message})`);
    }
    if (envelope.kind !== "object") return fail("message text is not a JSON object");
    const m = envelope.members;
    const topic = stringOf(m.get("topic"));
    if (topic !== msg.topic.full || (stringOf(m.get("msg_id")) ?? null) !== msg.id) {
      return fail("the JSON text passed to the verifier is not this message's (wiring error)");
    }

    // fedmsg.crypto.validate picks the backend from `crypto`, else guesses from the fields.
    const crypto = m.get("crypto");
    const backend = crypto !== undefined ? stringOf(crypto) : m.has("certificate") ? "x509" : m.has("signature") ? "gpg" : undefined;
    if (backend === undefined) return fail(crypto === undefined ? "no signature" : "the crypto field is not a string");
    if (backend !== "x509") return fail(`signed with crypto backend ${JSON.stringify(backend)}; only x509 is accepted`);
    const sigText = m.get("signature");
    const certText = m.get("certificate");
    if (sigText === undefined) return fail("no signature");
    if (certText === undefined) return fail("no certificate");
    if (sigText.kind !== "string") return fail("the signature is not a string");
    if (certText.kind !== "string") return fail("the certificate is not a string");
    const signature = base64(sigText.value);
    if (signature === null) return fail("the signature is not base64");

    const entry = certEntry(certText.value);
    if (typeof entry === "string") return fail(entry);
    if (entry.chainProblem !== null) return fail(entry.chainProblem);
    const at = now();
    if (caFields.notAfter < at) return fail(`the configured CA certificate expired on ${iso(caFields.notAfter)}`);
    if (caFields.notBefore > at) return fail(`the configured CA certificate is not valid before ${iso(caFields.notBefore)}`);
    const list = currentCrl(at);
    if (list !== null) {
      if (list.nextUpdate !== null && list.nextUpdate < at)
        return fail(`the CRL expired on ${iso(list.nextUpdate)} (crl_location ${crlPath}); no certificate can be checked`);
      if (list.thisUpdate > at) return fail(`the CRL is not valid before ${iso(list.thisUpdate)} (crl_location ${crlPath})`);
      if (list.revoked.has(entry.fields.serial)) return fail(`certificate revoked (serial ${entry.fields.serial})`);
    }
    if (entry.fields.notAfter < at) return fail(`certificate expired on ${iso(entry.fields.notAfter)}`);
    if (entry.fields.notBefore > at) return fail(`certificate not valid before ${iso(entry.fields.notBefore)}`);

    const key = entry.cert.publicKey;
    if (key.asymmetricKeyType !== "rsa")
      return fail(`the certificate has a ${key.asymmetricKeyType ?? "unknown"} key; fedmsg signatures are RSA`);
    let matches = false;
    try {
      matches = verifySignature("sha1", Buffer.from(signedText(envelope), "utf8"), key, signature);
    } catch {
      // A signature of the wrong length for the key throws; it does not match either.
    }
    if (!matches) return fail("signature does not match the message");

    let signer: string | undefined;
    try {
      signer = commonNames(entry.fields.subject)[0];
    } catch (err) {
      return fail(`the certificate's subject cannot be read (${(err as Error).message})`);
    }
    if (signer === undefined) return fail("the certificate has no common name (CN)");
    // fedmsg.crypto.utils.validate_policy: exact topic, exact common name. (`topic` is the message's
    // own, a string: a missing or other topic in the JSON text failed the wiring check above.)
    const allowed = policy.get(topic);
    if (allowed !== undefined && !allowed.has(signer)) return fail(`signer ${signer} may not publish topic ${topic}`);
    if (allowed === undefined && cfg.routing_nitpicky) return fail(`topic ${topic} has no routing_policy entry and routing_nitpicky is on`);
    return { ok: true, signer };
  };
}

function loadCa(path: string): X509Certificate {
  let data: Buffer;
  try {
    data = readBoundedFile(path, PEM_FILE_MAX_BYTES);
  } catch (err) {
    throw new VerifyConfigError(
      path,
      `cannot read the CA certificate (ca_cert_location): ${err instanceof FileReadError ? err.reason : (err as Error).message}`,
      { cause: osCause(err) },
    );
  }
  let ca: X509Certificate;
  try {
    ca = new X509Certificate(data);
    parseCertificate(ca.raw);
  } catch (err) {
    throw new VerifyConfigError(path, `not a PEM certificate (ca_cert_location): ${(err as Error).message}`, { cause: err });
  }
  if (!ca.ca) throw new VerifyConfigError(path, "ca_cert_location is not a CA certificate (no basicConstraints CA:TRUE)");
  return ca;
}

function loadCrl(path: string, ca: X509Certificate, caFields: CertFields): Crl {
  let data: Buffer;
  try {
    data = readBoundedFile(path, VERIFY_FILE_MAX_BYTES);
  } catch (err) {
    throw new VerifyConfigError(
      path,
      `cannot read the CRL (crl_location): ${err instanceof FileReadError ? err.reason : (err as Error).message}`,
      { cause: osCause(err) },
    );
  }
  let crl: Crl;
  try {
    crl = parseCrl(crlDer(data), ca.publicKey);
  } catch (err) {
    throw new VerifyConfigError(path, `not a usable CRL (crl_location): ${(err as Error).message}`, { cause: err });
  }
  if (!crl.issuer.raw.equals(caFields.subject.raw)) {
    throw new VerifyConfigError(path, `the CRL was not issued by the configured CA (${oneLine(ca.subject)})`);
  }
  return crl;
}

/** The operating system's error under a FileReadError (ENOENT, EACCES), else the error itself. */
function osCause(err: unknown): unknown {
  return err instanceof FileReadError && err.cause !== undefined ? err.cause : err;
}

function fail(reason: string): VerifyResult {
  return { ok: false, reason };
}

function stringOf(node: JsonNode | undefined): string | undefined {
  return node?.kind === "string" ? node.value : undefined;
}

/** fedmsg writes base64 with a line break every 76 characters and one at the end. */
function base64(text: string): Buffer | null {
  const s = text.replace(/\s+/g, "");
  if (s.length % 4 !== 0 || !/^[A-Za-z0-9+/]*={0,2}$/.test(s)) return null;
  return Buffer.from(s, "base64");
}

function iso(d: Date): string {
  return d.toISOString().replace(/\.000Z$/, "Z");
}

function oneLine(name: string): string {
  return name.trim().split("\n").join(", ");
}
