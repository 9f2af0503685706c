/** Errors that stop the IRC bot's start: the operator must fix the config or the account. */
import { StartError } from "../../config/errors.js";

/** A file named in the config (CA bundle, client certificate or key) cannot be read. */
export class IrcConfigError extends StartError {
  override readonly name = "IrcConfigError";
  readonly heading = "bad config";
}

/** The server refused the bot in a way that retrying will not mend. */
abstract class IrcServerRefusal extends StartError {
  readonly heading = "cannot start";
  constructor(
    readonly network: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** The server's certificate was refused (unknown CA, wrong name, expired). */
export class IrcTlsError extends IrcServerRefusal {
  override readonly name = "IrcTlsError";
}

/** SASL failed, the server password was refused, or the server banned the bot. */
export class IrcAuthError extends IrcServerRefusal {
  override readonly name = "IrcAuthError";
}

/** Node's codes for a certificate that does not verify: retrying will not help. */
export const TLS_VERIFY_CODES: ReadonlySet<string> = new Set([
  "DEPTH_ZERO_SELF_SIGNED_CERT",
  "SELF_SIGNED_CERT_IN_CHAIN",
  "UNABLE_TO_VERIFY_LEAF_SIGNATURE",
  "UNABLE_TO_GET_ISSUER_CERT",
  "UNABLE_TO_GET_ISSUER_CERT_LOCALLY",
  "CERT_HAS_EXPIRED",
  "CERT_NOT_YET_VALID",
  "ERR_TLS_CERT_ALTNAME_INVALID",
  "CERT_UNTRUSTED",
  "CERT_REJECTED",
  "CERT_SIGNATURE_FAILURE",
]);
