/**
 * X.509 CRLs (RFC 5280 5.1): node:crypto has no parser, so the DER is read here
 * for the revoked serial numbers, and the CRL's signature is checked against the CA.
 */
import { verify as verifySignature, type KeyObject } from "node:crypto";
import { children, decodeOid, decodeTime, DerError, expect, readTlv, TAG, type Tlv } from "./der.js";

export interface Crl {
  readonly issuer: Tlv;
  readonly thisUpdate: Date;
  readonly nextUpdate: Date | null;
  /** Serial numbers as uppercase hex of their DER content bytes (see CertFields.serial). */
  readonly revoked: ReadonlySet<string>;
}

/** Signature algorithm OID -> digest for node:crypto's verify (null: the key type implies it). */
const SIGNATURE_DIGESTS: Record<string, string | null> = {
  "1.2.840.113549.1.1.5": "sha1", // sha1WithRSAEncryption
  "1.2.840.113549.1.1.14": "sha224",
  "1.2.840.113549.1.1.11": "sha256",
  "1.2.840.113549.1.1.12": "sha384",
  "1.2.840.113549.1.1.13": "sha512",
  "1.2.840.10045.4.1": "sha1", // ecdsa-with-SHA1
  "1.2.840.10045.4.3.2": "sha256",
  "1.2.840.10045.4.3.3": "sha384",
  "1.2.840.10045.4.3.4": "sha512",
  "1.3.101.112": null, // Ed25519
  "1.3.101.113": null, // Ed448
};

/** PEM (`X509 CRL`) or DER. Throws DerError on anything unreadable. */
export function crlDer(data: Buffer): Buffer {
  const text = data.toString("latin1");
  const m = /-----BEGIN X509 CRL-----([^-]*)-----END X509 CRL-----/.exec(text);
  if (m) return Buffer.from((m[1] ?? "").replace(/\s+/g, ""), "base64");
  if (data[0] === TAG.SEQUENCE) return data;
  throw new DerError("neither a PEM 'X509 CRL' block nor DER");
}

/**
 * Parse a CRL and check that `caKey` signed it. Throws DerError for a malformed CRL
 * and Error for an unsupported algorithm or a bad signature.
 */
export function parseCrl(der: Buffer, caKey: KeyObject): Crl {
  const [tbs, algorithm, signature] = children(expect(readTlv(der), TAG.SEQUENCE, "a CertificateList"));
  const f = children(expect(tbs, TAG.SEQUENCE, "a TBSCertList"));
  const i = f[0]?.tag === TAG.INTEGER ? 1 : 0; // version is optional (v1 CRLs omit it)
  const innerAlgorithm = expect(f[i], TAG.SEQUENCE, "a signature AlgorithmIdentifier");
  const outerAlgorithm = expect(algorithm, TAG.SEQUENCE, "a signatureAlgorithm");
  if (!innerAlgorithm.raw.equals(outerAlgorithm.raw)) throw new DerError("the two signature algorithms of the CRL differ");
  const [oidTlv] = children(outerAlgorithm);
  const oid = decodeOid(expect(oidTlv, TAG.OID, "an algorithm OID"));
  const digest = SIGNATURE_DIGESTS[oid];
  if (digest === undefined) throw new Error(`CRL signature algorithm ${oid} is not supported`);
  const bits = expect(signature, TAG.BIT_STRING, "a signatureValue").content;
  if (!verifySignature(digest, expect(tbs, TAG.SEQUENCE, "a TBSCertList").raw, caKey, bits.subarray(1))) {
    throw new Error("the CRL's signature was not made by the configured CA");
  }

  const issuer = expect(f[i + 1], TAG.SEQUENCE, "an issuer Name");
  const thisUpdate = decodeTime(f[i + 2]);
  let j = i + 3;
  let nextUpdate: Date | null = null;
  const maybeNext = f[j];
  if (maybeNext && (maybeNext.tag === TAG.UTC_TIME || maybeNext.tag === TAG.GENERALIZED_TIME)) {
    nextUpdate = decodeTime(maybeNext);
    j++;
  }
  const revoked = new Set<string>();
  const list = f[j];
  if (list && list.tag === TAG.SEQUENCE) {
    for (const entry of children(list)) {
      const [serial] = children(expect(entry, TAG.SEQUENCE, "a revoked certificate entry"));
      revoked.add(expect(serial, TAG.INTEGER, "a serial number").content.toString("hex").toUpperCase());
    }
  }
  return { issuer, thisUpdate, nextUpdate, revoked };
}
