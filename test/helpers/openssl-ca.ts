/** The test PKIs of the verify stage and verify CLI tests, made with the `openssl` CLI. */
import { strict as assert } from "node:assert";
import { execFileSync } from "node:child_process";
import { createPrivateKey, sign as rsaSign } from "node:crypto";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseJson, signedText } from "../../bots/verify/canonical.js";

/**
 * The openssl `ca` configuration of the test PKIs (verify stage and verify CLI tests): a CA whose
 * database lives in DIR, leaf certificates for signing, CRLs. Replace DIR before writing it out.
 */
export const OPENSSL_CA_CNF = `
[ ca ]
default_ca = test_ca
[ test_ca ]
dir = DIR
database = $dir/index.txt
new_certs_dir = $dir/newcerts
certificate = $dir/ca.crt
private_key = $dir/ca.key
serial = $dir/serial
crlnumber = $dir/crlnumber
default_md = sha256
default_days = 365
default_crl_days = 30
policy = policy_any
unique_subject = no
x509_extensions = leaf_ext
[ policy_any ]
commonName = supplied
organizationName = optional
[ leaf_ext ]
basicConstraints = critical,CA:FALSE
keyUsage = critical,digitalSignature
[ ca_ext ]
basicConstraints = critical,CA:TRUE
keyUsage = critical,keyCertSign,cRLSign
subjectKeyIdentifier = hash
[ req ]
distinguished_name = req_dn
[ req_dn ]
`;

/**
 * A test PKI made with the `openssl` CLI in a temporary directory: one leaf key that every
 * certificate here certifies, CAs with their own database (OPENSSL_CA_CNF), certificates issued by
 * them, and envelopes signed as fedmsg signs them.
 */
export class TestPki {
  private constructor(readonly dir: string) {}

  /** A fresh directory (named by `prefix`) with the leaf key in it. */
  static create(prefix: string): TestPki {
    const pki = new TestPki(mkdtempSync(join(tmpdir(), prefix)));
    pki.openssl("genpkey", "-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:2048", "-out", pki.leafKey);
    return pki;
  }

  get leafKey(): string {
    return join(this.dir, "leaf.key");
  }

  /** Runs openssl in the directory; returns its stdout. */
  openssl(...args: string[]): string {
    return execFileSync("openssl", args, { cwd: this.dir, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
  }

  /** A CA of its own (own key, own openssl.cnf and database) in the subdirectory `name`; returns that directory. */
  makeCa(name: string, subject: string): string {
    const caDir = join(this.dir, name);
    mkdirSync(join(caDir, "newcerts"), { recursive: true });
    writeFileSync(join(caDir, "index.txt"), "");
    writeFileSync(join(caDir, "serial"), "1000\n");
    writeFileSync(join(caDir, "crlnumber"), "01\n");
    writeFileSync(join(caDir, "openssl.cnf"), OPENSSL_CA_CNF.replace("DIR", caDir));
    this.openssl(
      ...["req", "-config", join(caDir, "openssl.cnf"), "-x509", "-newkey", "rsa:2048", "-nodes"],
      ...["-keyout", join(caDir, "ca.key"), "-out", join(caDir, "ca.crt"), "-subj", subject, "-days", "3650", "-extensions", "ca_ext"],
    );
    return caDir;
  }

  /** Issues a certificate for `cn` (on the leaf key) from the CA in `caDir` (`dates`: openssl ca's -startdate/-enddate); returns its file. */
  issue(caDir: string, cn: string, dates: string[] = []): string {
    const csr = join(this.dir, `${cn}.csr`);
    const crt = join(this.dir, `${cn}.crt`);
    this.openssl(
      "req",
      "-config",
      join(caDir, "openssl.cnf"),
      "-new",
      "-key",
      this.leafKey,
      "-subj",
      `/CN=${cn}/O=Fedora Test`,
      "-out",
      csr,
    );
    this.openssl("ca", "-config", join(caDir, "openssl.cnf"), "-batch", "-notext", "-in", csr, "-out", crt, ...dates);
    return crt;
  }

  /** Revokes `crt` in the CA of `caDir`. */
  revoke(caDir: string, crt: string): void {
    this.openssl("ca", "-config", join(caDir, "openssl.cnf"), "-batch", "-revoke", crt);
  }

  /** Writes the CRL of the CA in `caDir` to `file` (PEM). */
  crl(caDir: string, file: string): void {
    this.openssl("ca", "-config", join(caDir, "openssl.cnf"), "-batch", "-gencrl", "-out", file);
  }

  /**
   * Signs an envelope text (one that has `crypto`) with the leaf key as fedmsg does, over `signedForm`
   * (by default its Python json.dumps form), and appends the signature and the certificate `crt`.
   */
  sign(text: string, crt: string, signedForm = signedText(parseJson(text))): string {
    const sig = rsaSign("sha1", Buffer.from(signedForm, "utf8"), createPrivateKey(readFileSync(this.leafKey))).toString("base64");
    const cert = readFileSync(crt).toString("base64");
    const body = text.trimEnd();
    assert.ok(body.endsWith("}"), "an envelope is a JSON object");
    return `${body.slice(0, -1)},"signature":${JSON.stringify(wrap76(sig))},"certificate":${JSON.stringify(wrap76(cert))}}`;
  }

  remove(): void {
    rmSync(this.dir, { recursive: true, force: true });
  }
}

/** fedmsg's layout: base64 with a line break every 76 characters and one at the end. */
export function wrap76(b64: string): string {
  return `${b64.match(/.{1,76}/g)?.join("\n") ?? ""}\n`;
}
