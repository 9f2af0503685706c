/**
 * The verify stage against a CA, certificates and a CRL made here with the
 * `openssl` CLI, and envelopes signed here with node:crypto.
 */
import { strict as assert } from "node:assert";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { verifySchema } from "../../config/verify.js";
import { decodeJson } from "../../formatters/index.js";
import { createVerifier, verifierFromConfig, VerifyConfigError, type Verifier, type VerifyResult } from "../../bots/verify.js";
import { parseJson, pythonFloatRepr, signedText } from "../../bots/verify/canonical.js";
import { TestPki } from "../helpers/openssl-ca.js";

const TOPIC = "org.fedoraproject.prod.bodhi.update.comment";
const KOJI_TOPIC = "org.fedoraproject.prod.buildsys.build.state.change";
const DAY_MS = 24 * 60 * 60 * 1000;

/** Written with Python 3: json.dumps(json.loads(RAW), sort_keys=True, separators=(',', ':')). */
const RAW = String.raw`{ "topic": "org.fedoraproject.prod.bodhi.update.comment", "msg_id": "2026-8c0f4e5a-0b1e-4a5c-9d7e-3f2a1b0c9d8e", "timestamp": 1790000000.0, "i": 1, "username": "bodhi", "crypto": "x509",
 "msg": {"comment": {"text": "Schöne Grüße 😀 \u00e9 \/ tab\t", "karma": 1.50, "big": 1e16, "mid": 1E15, "small": 1E-5, "tiny": 0.0001, "neg": -0, "negf": -0.0, "huge": 123456789012345678901234567890, "x": 1e400}, "\ud83d\ude00": 2, "\uffff": 3, "Z": [true, false, null, 100e-2]} }`;
const RAW_PYTHON = String.raw`{"crypto":"x509","i":1,"msg":{"Z":[true,false,null,1.0],"comment":{"big":1e+16,"huge":123456789012345678901234567890,"karma":1.5,"mid":1000000000000000.0,"neg":0,"negf":-0.0,"small":1e-05,"text":"Sch\u00f6ne Gr\u00fc\u00dfe \ud83d\ude00 \u00e9 / tab\t","tiny":0.0001,"x":Infinity},"\uffff":3,"\ud83d\ude00":2},"msg_id":"2026-8c0f4e5a-0b1e-4a5c-9d7e-3f2a1b0c9d8e","timestamp":1790000000.0,"topic":"org.fedoraproject.prod.bodhi.update.comment","username":"bodhi"}`;

let pki: TestPki;
const certs: Record<string, string> = {};
let caDir = "";

/** Sign an envelope text (which has `crypto`) with the certificate `certName`, as fedmsg does. */
function signText(text: string, certName: string, signedForm?: string): string {
  return pki.sign(text, certs[certName] ?? assert.fail(`no certificate ${certName}`), signedForm);
}

function envelope(topic = TOPIC, msg = `{"comment":{"text":"LGTM","karma":1},"agent":"alice"}`, timestamp = "1790000000.0"): string {
  return `{"topic":"${topic}","msg":${msg},"msg_id":"2026-0f2d7a58-4c3b-4a1e-9a57-2b8f6d1c3e90","timestamp":${timestamp},"i":7,"username":"apache","crypto":"x509"}`;
}

function config(extra: Record<string, unknown> = {}): ReturnType<typeof verifySchema.parse> {
  return verifySchema.parse({
    validate_signatures: true,
    ca_cert_location: join(caDir, "ca.crt"),
    crl_location: join(pki.dir, "crl.pem"),
    ...extra,
  });
}

function check(verify: Verifier, text: string): VerifyResult {
  return verify(decodeJson(text), text);
}

function rejected(result: VerifyResult): string {
  assert.equal(result.ok, false, `expected a rejection, got ${JSON.stringify(result)}`);
  return result.reason;
}

describe("verify: fedmsg x509 signatures", function () {
  this.timeout(60_000);
  let verify: Verifier;

  before(() => {
    pki = TestPki.create("fedmsg-echo-verify-");
    caDir = pki.makeCa("ca", "/CN=Echo Test CA/O=Fedora Test");
    const foreign = pki.makeCa("foreign", "/CN=Someone Else CA/O=Fedora Test");
    // Same name as the real CA, different key: only the signature check tells them apart.
    const impostor = pki.makeCa("impostor", "/CN=Echo Test CA/O=Fedora Test");
    certs.bodhi = pki.issue(caDir, "bodhi-app01.test");
    certs.koji = pki.issue(caDir, "koji-hub01.test");
    certs.revoked = pki.issue(caDir, "revoked.test");
    certs.expired = pki.issue(caDir, "expired.test", ["-startdate", "20200101000000Z", "-enddate", "20210101000000Z"]);
    certs.future = pki.issue(caDir, "future.test", ["-startdate", "20990101000000Z", "-enddate", "21000101000000Z"]);
    certs.foreign = pki.issue(foreign, "foreign.test");
    certs.impostor = pki.issue(impostor, "impostor.test");
    pki.revoke(caDir, certs.revoked);
    pki.crl(caDir, join(pki.dir, "crl.pem"));
    pki.crl(foreign, join(pki.dir, "foreign-crl.pem"));
    pki.openssl("crl", "-in", join(pki.dir, "crl.pem"), "-outform", "DER", "-out", join(pki.dir, "crl.der"));
    verify = createVerifier(config({ routing_policy: { [KOJI_TOPIC]: ["koji-hub01.test"] } }));
  });

  // eslint-disable-next-line @typescript-eslint/no-unnecessary-condition -- after() runs even when before() failed before creating it
  after(() => pki?.remove());

  describe("signed form (Python's json.dumps, from the raw text)", () => {
    it("matches Python's output: floats by repr, integers as written, \\uXXXX escapes, keys by code point", () => {
      assert.equal(signedText(parseJson(RAW)), RAW_PYTHON);
    });

    it("drops signature and certificate but keeps crypto", () => {
      assert.equal(
        signedText(parseJson(`{"b":1,"signature":"x","certificate":"y","crypto":"x509","a":2.0}`)),
        `{"a":2.0,"b":1,"crypto":"x509"}`,
      );
    });

    it("writes floats as Python's repr()", () => {
      const cases: [number, string][] = [
        [1790000000.0, "1790000000.0"],
        [0.1, "0.1"],
        [1 / 3, "0.3333333333333333"],
        [1e22, "1e+22"],
        [1e-7, "1e-07"],
        [123.456, "123.456"],
        [5e-324, "5e-324"],
        [2 ** 53, "9007199254740992.0"],
        [1.7976931348623157e308, "1.7976931348623157e+308"],
        [0.30000000000000004, "0.30000000000000004"],
        [1e-4, "0.0001"],
        [1e16, "1e+16"],
        [-2.5e-5, "-2.5e-05"],
      ];
      for (const [x, py] of cases) assert.equal(pythonFloatRepr(x), py, String(x));
    });
  });

  describe("verdicts", () => {
    it("valid: signer is the certificate's common name", () => {
      assert.deepEqual(check(verify, signText(envelope(), "bodhi")), { ok: true, signer: "bodhi-app01.test" });
    });

    it("valid: non-ASCII text, a float timestamp like 1790000000.0, and odd spacing", () => {
      const text = envelope(TOPIC, `{"comment": {"text": "Grüße aus Brno 😀 — \\u00e9", "karma": -1.0}}`, "1790000000.0");
      assert.deepEqual(check(verify, signText(text, "bodhi")), { ok: true, signer: "bodhi-app01.test" });
    });

    it("valid: a signature over Python's own output (not this module's) verifies", () => {
      assert.deepEqual(check(verify, signText(RAW, "bodhi", RAW_PYTHON)), { ok: true, signer: "bodhi-app01.test" });
    });

    // A good envelope changed after it was signed: the title, what is replaced by what, the reason it is refused.
    const altered: [string, string, string, string][] = [
      ["tampered payload", '"LGTM"', '"LGTM!"', "signature does not match the message"],
      ["tampered envelope (timestamp)", "1790000000.0", "1790000001.0", "signature does not match the message"],
      [
        "a relay that rewrites 1790000000.0 as 1790000000 breaks the signature, as it does for fedmsg",
        "1790000000.0",
        "1790000000",
        "signature does not match the message",
      ],
      ["another crypto backend", '"crypto":"x509"', '"crypto":"gpg"', 'signed with crypto backend "gpg"; only x509 is accepted'],
      ["a signature that is not base64", '"signature":"', '"signature":"*', "the signature is not base64"],
    ];
    for (const [title, from, to, reason] of altered) {
      it(title, () => {
        const text = signText(envelope(), "bodhi");
        assert.ok(text.includes(from), `the signed text has ${from}`);
        assert.equal(rejected(check(verify, text.replace(from, to))), reason);
      });
    }

    it("foreign CA", () => {
      assert.match(
        rejected(check(verify, signText(envelope(), "foreign"))),
        /^certificate not issued by the configured CA \(its issuer: CN=Someone Else CA/,
      );
    });

    it("a CA with the configured CA's name but another key", () => {
      assert.match(rejected(check(verify, signText(envelope(), "impostor"))), /^certificate not issued by the configured CA/);
    });

    it("revoked: names the serial as openssl prints it", () => {
      const serial = pki
        .openssl("x509", "-in", certs.revoked ?? "", "-noout", "-serial")
        .trim()
        .replace(/^serial=/, "");
      assert.equal(rejected(check(verify, signText(envelope(), "revoked"))), `certificate revoked (serial ${serial})`);
    });

    it("expired", () => {
      assert.equal(rejected(check(verify, signText(envelope(), "expired"))), "certificate expired on 2021-01-01T00:00:00Z");
    });

    it("not yet valid", () => {
      assert.equal(rejected(check(verify, signText(envelope(), "future"))), "certificate not valid before 2099-01-01T00:00:00Z");
    });

    it("policy violation: a listed topic from a signer not on its list", () => {
      assert.equal(
        rejected(check(verify, signText(envelope(KOJI_TOPIC), "bodhi"))),
        `signer bodhi-app01.test may not publish topic ${KOJI_TOPIC}`,
      );
    });

    it("policy allowed: a listed topic from a listed signer", () => {
      assert.deepEqual(check(verify, signText(envelope(KOJI_TOPIC), "koji")), { ok: true, signer: "koji-hub01.test" });
    });

    it("routing_nitpicky: an unlisted topic is refused when on, open when off", () => {
      const strict = createVerifier(config({ routing_policy: { [KOJI_TOPIC]: ["koji-hub01.test"] }, routing_nitpicky: true }));
      const text = signText(envelope(), "bodhi");
      assert.match(rejected(check(strict, text)), /has no routing_policy entry and routing_nitpicky is on/);
      assert.equal(check(verify, text).ok, true);
      assert.equal(check(strict, signText(envelope(KOJI_TOPIC), "koji")).ok, true);
    });

    it("unsigned", () => {
      assert.equal(rejected(check(verify, envelope().replace(',"crypto":"x509"', ""))), "no signature");
      assert.equal(rejected(check(verify, envelope())), "no signature");
    });

    it("a raw text that is not the message's is a wiring error, not a pass", () => {
      const a = signText(envelope(), "bodhi");
      const b = signText(envelope(KOJI_TOPIC), "koji");
      assert.match(rejected(verify(decodeJson(a), b)), /wiring error/);
    });

    it("a CRL past its next update rejects everything, naming the CRL", () => {
      const late = createVerifier(config(), { now: () => new Date(Date.now() + 60 * DAY_MS) });
      assert.match(rejected(check(late, signText(envelope(), "bodhi"))), /^the CRL expired on .* \(crl_location .*crl\.pem\)/);
    });

    it("a DER CRL works too, and without a CRL a revoked certificate passes", () => {
      assert.match(
        rejected(check(createVerifier(config({ crl_location: join(pki.dir, "crl.der") })), signText(envelope(), "revoked"))),
        /revoked/,
      );
      assert.equal(check(createVerifier(config({ crl_location: undefined })), signText(envelope(), "revoked")).ok, true);
    });
  });

  describe("config", () => {
    it("defaults, fedmsg's key names, strictness", () => {
      assert.deepEqual(verifySchema.parse({}), { validate_signatures: false, routing_policy: {}, routing_nitpicky: false });
      assert.equal(verifySchema.safeParse({ validate_signatures: true }).success, false);
      assert.equal(verifySchema.safeParse({ ca_cert_location: "/ca.crt", crl: "/crl.pem" }).success, false);
      assert.equal(verifySchema.safeParse({ ca_cert_location: "https://fedoraproject.org/fedmsg/ca.crt" }).success, false);
      assert.equal(verifySchema.safeParse({ routing_policy: { [TOPIC]: "bodhi" } }).success, false);
    });

    it("validate_signatures off: no verify stage", () => {
      assert.equal(verifierFromConfig(verifySchema.parse({})), undefined);
      assert.equal(typeof verifierFromConfig(config()), "function");
    });

    const configError = (extra: Record<string, unknown>, file: () => string, pattern: RegExp): void => {
      assert.throws(
        () => createVerifier(config(extra)),
        (err: unknown) => {
          assert.ok(err instanceof VerifyConfigError, String(err));
          assert.equal(err.file, file());
          assert.ok(err.message.startsWith(`${file()}: `), err.message);
          assert.match(err.message, pattern);
          return true;
        },
      );
    };

    it("an unreadable CA file names the file and keeps the cause", () => {
      const missing = join(pki.dir, "missing.crt");
      assert.throws(
        () => createVerifier(config({ ca_cert_location: missing })),
        (err: unknown) => {
          assert.ok(err instanceof VerifyConfigError);
          assert.equal(err.file, missing);
          assert.equal((err.cause as NodeJS.ErrnoException).code, "ENOENT");
          return true;
        },
      );
    });

    it("a CA file that is not a certificate, or not a CA", () => {
      writeFileSync(join(pki.dir, "garbage.pem"), "hello\n");
      configError({ ca_cert_location: join(pki.dir, "garbage.pem") }, () => join(pki.dir, "garbage.pem"), /not a PEM certificate/);
      configError({ ca_cert_location: certs.bodhi }, () => certs.bodhi ?? "", /not a CA certificate/);
    });

    it("a CRL that is garbage, or signed by another CA", () => {
      // Its own garbage file: a test that reads what another test wrote fails when run alone (-g).
      writeFileSync(join(pki.dir, "garbage-crl.pem"), "hello\n");
      configError({ crl_location: join(pki.dir, "garbage-crl.pem") }, () => join(pki.dir, "garbage-crl.pem"), /not a usable CRL/);
      configError(
        { crl_location: join(pki.dir, "foreign-crl.pem") },
        () => join(pki.dir, "foreign-crl.pem"),
        /not made by the configured CA/,
      );
    });
  });
});
