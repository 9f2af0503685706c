/** Errors that stop the IRC bot's start: the operator must fix the config or the account. */

/** A file named in the config (CA bundle, client certificate or key) cannot be read. */
export class IrcConfigError extends Error {
  override readonly name = "IrcConfigError";
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}

/** The server's certificate was refused (unknown CA, wrong name, expired). */
export class IrcTlsError extends Error {
  override readonly name = "IrcTlsError";
  constructor(
    readonly network: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** SASL failed, the server password was refused, or the server banned the bot. */
export class IrcAuthError extends Error {
  override readonly name = "IrcAuthError";
  constructor(
    readonly network: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** Node's codes for a certificate that does not verify: retrying will not help. */
export const TLS_VERIFY_CODES: ReadonlySet<string> = new Set([
  "DEPTH_ZERO_SELF_SIGNED_CERT", "SELF_SIGNED_CERT_IN_CHAIN", "UNABLE_TO_VERIFY_LEAF_SIGNATURE",
  "UNABLE_TO_GET_ISSUER_CERT", "UNABLE_TO_GET_ISSUER_CERT_LOCALLY", "CERT_HAS_EXPIRED", "CERT_NOT_YET_VALID",
  "ERR_TLS_CERT_ALTNAME_INVALID", "CERT_UNTRUSTED", "CERT_REJECTED", "CERT_SIGNATURE_FAILURE",
]);
