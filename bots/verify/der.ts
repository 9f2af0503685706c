/**
 * Just enough DER to read X.509 certificates and CRLs: node:crypto parses
 * certificates but exposes neither their raw names nor CRLs at all.
 */

export class DerError extends Error {
  override readonly name = "DerError";
}

export const TAG = {
  INTEGER: 0x02,
  BIT_STRING: 0x03,
  NULL: 0x05,
  OID: 0x06,
  UTF8_STRING: 0x0c,
  PRINTABLE_STRING: 0x13,
  TELETEX_STRING: 0x14,
  IA5_STRING: 0x16,
  UTC_TIME: 0x17,
  GENERALIZED_TIME: 0x18,
  UNIVERSAL_STRING: 0x1c,
  BMP_STRING: 0x1e,
  SEQUENCE: 0x30,
  SET: 0x31,
} as const;

/** One tag-length-value: `tag` is the whole identifier byte (class, constructed bit, number). */
export interface Tlv {
  readonly tag: number;
  /** The whole encoding, header included (what a signature covers). */
  readonly raw: Buffer;
  readonly content: Buffer;
}

export function readTlv(buf: Buffer, offset = 0): Tlv {
  const tag = buf[offset];
  const first = buf[offset + 1];
  if (tag === undefined || first === undefined) throw new DerError("truncated DER");
  if ((tag & 0x1f) === 0x1f) throw new DerError("multi-byte DER tags are not supported");
  let len = first;
  let header = 2;
  if (first & 0x80) {
    const n = first & 0x7f;
    if (n === 0 || n > 4) throw new DerError("invalid DER length");
    len = 0;
    for (let i = 0; i < n; i++) {
      const b = buf[offset + 2 + i];
      if (b === undefined) throw new DerError("truncated DER");
      len = len * 256 + b;
    }
    header += n;
  }
  const end = offset + header + len;
  if (end > buf.length) throw new DerError("truncated DER");
  return { tag, raw: buf.subarray(offset, end), content: buf.subarray(offset + header, end) };
}

/** The elements of a constructed value (SEQUENCE, SET, explicit tag). */
export function children(tlv: Tlv): Tlv[] {
  const out: Tlv[] = [];
  let off = 0;
  while (off < tlv.content.length) {
    const c = readTlv(tlv.content, off);
    out.push(c);
    off += c.raw.length;
  }
  return out;
}

export function expect(tlv: Tlv | undefined, tag: number, what: string): Tlv {
  if (!tlv || tlv.tag !== tag) throw new DerError(`expected ${what}`);
  return tlv;
}

export function decodeOid(tlv: Tlv): string {
  const b = expect(tlv, TAG.OID, "an object identifier").content;
  const parts: number[] = [];
  let v = 0;
  for (const byte of b) {
    v = v * 128 + (byte & 0x7f);
    if (!(byte & 0x80)) {
      if (parts.length === 0) parts.push(v < 80 ? Math.floor(v / 40) : 2, v < 80 ? v % 40 : v - 80);
      else parts.push(v);
      v = 0;
    }
  }
  return parts.join(".");
}

/** UTCTime or GeneralizedTime (DER: UTC, seconds, no fraction). */
export function decodeTime(tlv: Tlv | undefined): Date {
  if (!tlv) throw new DerError("expected a time");
  const s = tlv.content.toString("latin1");
  let m: RegExpExecArray | null;
  let year: number;
  if (tlv.tag === TAG.UTC_TIME && (m = /^(\d\d)(\d\d)(\d\d)(\d\d)(\d\d)(\d\d)?Z$/.exec(s))) {
    const yy = Number(m[1]);
    year = yy >= 50 ? 1900 + yy : 2000 + yy; // RFC 5280 4.1.2.5.1
  } else if (tlv.tag === TAG.GENERALIZED_TIME && (m = /^(\d{4})(\d\d)(\d\d)(\d\d)(\d\d)(\d\d)?(?:\.\d+)?Z$/.exec(s))) {
    year = Number(m[1]);
  } else throw new DerError(`unreadable time ${JSON.stringify(s)}`);
  return new Date(Date.UTC(year, Number(m[2]) - 1, Number(m[3]), Number(m[4]), Number(m[5]), Number(m[6] ?? 0)));
}

/** A directory string (the attribute value types certificates use). */
export function decodeString(tlv: Tlv): string {
  const b = tlv.content;
  switch (tlv.tag) {
    case TAG.UTF8_STRING:
    case TAG.PRINTABLE_STRING:
    case TAG.IA5_STRING:
      return b.toString("utf8");
    case TAG.TELETEX_STRING:
      return b.toString("latin1");
    case TAG.BMP_STRING: {
      const swapped = Buffer.from(b);
      swapped.swap16();
      return swapped.toString("utf16le");
    }
    case TAG.UNIVERSAL_STRING: {
      let s = "";
      for (let i = 0; i + 3 < b.length; i += 4) s += String.fromCodePoint(b.readUInt32BE(i));
      return s;
    }
    default:
      throw new DerError(`unsupported string type 0x${tlv.tag.toString(16)}`);
  }
}

const OID_COMMON_NAME = "2.5.4.3";

/** The values of every commonName attribute of a Name, in order (as `cryptography` lists them). */
export function commonNames(name: Tlv): string[] {
  const out: string[] = [];
  for (const rdn of children(expect(name, TAG.SEQUENCE, "a Name"))) {
    for (const atv of children(expect(rdn, TAG.SET, "a RelativeDistinguishedName"))) {
      const [type, value] = children(expect(atv, TAG.SEQUENCE, "an AttributeTypeAndValue"));
      if (type && value && decodeOid(type) === OID_COMMON_NAME) out.push(decodeString(value));
    }
  }
  return out;
}

/** The parts of a certificate that node:crypto does not expose in a usable form. */
export interface CertFields {
  /** Hex of the serial number's DER content bytes (uppercase), as `openssl` prints it. */
  readonly serial: string;
  readonly issuer: Tlv;
  readonly subject: Tlv;
  readonly notBefore: Date;
  readonly notAfter: Date;
}

export function parseCertificate(der: Buffer): CertFields {
  const [tbs] = children(expect(readTlv(der), TAG.SEQUENCE, "a Certificate"));
  const f = children(expect(tbs, TAG.SEQUENCE, "a TBSCertificate"));
  // version is [0] EXPLICIT and absent in v1 certificates
  const i = f[0]?.tag === 0xa0 ? 1 : 0;
  const serial = expect(f[i], TAG.INTEGER, "a serial number");
  const validity = children(expect(f[i + 3], TAG.SEQUENCE, "a Validity"));
  return {
    serial: serial.content.toString("hex").toUpperCase(),
    issuer: expect(f[i + 2], TAG.SEQUENCE, "an issuer Name"),
    notBefore: decodeTime(validity[0]),
    notAfter: decodeTime(validity[1]),
    subject: expect(f[i + 4], TAG.SEQUENCE, "a subject Name"),
  };
}
