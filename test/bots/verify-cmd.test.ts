/**
 * `fedmsg-echo verify` (the CLI DESIGN.md names), run as a child process: against a PKI made here
 * with openssl (test/helpers/openssl-ca.ts, as test/bots/verify.test.ts does), and against the signed vectors in
 * ../shared/signing, read at test time when present (fedmsg's own verdicts).
 */
import { strict as assert } from "node:assert";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { parseJson } from "../../bots/verify/canonical.js";
import { runCli } from "../helpers/cli.js";
import { TestPki } from "../helpers/openssl-ca.js";

const SHARED = new URL("../../../shared/signing/", import.meta.url);
const BODHI = "org.fedoraproject.prod.bodhi.update.comment";
const KOJI = "org.fedoraproject.prod.buildsys.build.state.change";

interface Verdict {
  valid: boolean;
  reason: string;
}

function verdicts(stdout: string): Verdict[] {
  return stdout
    .split("\n")
    .filter((l) => l !== "")
    .map((l) => JSON.parse(l) as Verdict);
}

describe("fedmsg-echo verify", function () {
  this.timeout(120_000);
  let pki: TestPki;
  const cert: Record<string, string> = {};
  function signed(topic: string, who: string, text = "LGTM"): string {
    const body = `{"topic":"${topic}","msg":{"comment":{"text":"${text}","karma":1.0},"agent":"alice"},"msg_id":"2026-0f2d7a58-4c3b-4a1e-9a57-2b8f6d1c3e9${who.length % 10}","timestamp":1790000000.0,"i":7,"username":"apache","crypto":"x509"}`;
    return pki.sign(body, cert[who] ?? assert.fail(who));
  }

  let ca = "";
  before(() => {
    pki = TestPki.create("fedmsg-echo-verify-cli-");
    const dir = pki.dir;
    ca = pki.makeCa("ca", "/CN=Echo CLI CA/O=Fedora Test");
    const foreign = pki.makeCa("foreign", "/CN=Other CA/O=Fedora Test");
    cert.bodhi = pki.issue(ca, "bodhi-app01.test");
    cert.revoked = pki.issue(ca, "revoked.test");
    cert.foreign = pki.issue(foreign, "foreign.test");
    pki.revoke(ca, cert.revoked);
    pki.crl(ca, join(dir, "crl.pem"));
    writeFileSync(join(dir, "policy.json"), JSON.stringify({ [KOJI]: ["koji-hub01.test"], [BODHI]: ["bodhi-app01.test"] }));
  });
  // eslint-disable-next-line @typescript-eslint/no-unnecessary-condition -- after() runs even when before() failed before creating it
  after(() => pki?.remove());

  it("gives one verdict line per input line, in order, with the CA and CRL", async () => {
    const good = signed(BODHI, "bodhi");
    const lines = [
      good,
      good.replace('"text":"LGTM"', '"text":"LGTM!"'),
      signed(BODHI, "foreign"),
      signed(BODHI, "revoked"),
      '{"topic":"org.fedoraproject.prod.x.y","msg":{},"msg_id":"2026-1"}',
      "not json",
      "",
      good.replace(',"signature"', '\r,"signature"'), // a bare CR between JSON tokens is inside the line, not a line end
    ];
    const r = await runCli(["verify", "--ca", join(ca, "ca.crt"), "--crl", join(pki.dir, "crl.pem")], `${lines.join("\n")}\n`);
    assert.equal(r.code, 0, r.stderr);
    const v = verdicts(r.stdout);
    assert.equal(v.length, lines.length);
    assert.deepEqual(v[0], { valid: true, reason: "signed by bodhi-app01.test" });
    assert.match(v[1]?.reason ?? "", /signature does not match/);
    assert.match(v[2]?.reason ?? "", /not issued by the configured CA/);
    assert.match(v[3]?.reason ?? "", /revoked/);
    assert.match(v[4]?.reason ?? "", /no signature/);
    assert.match(v[5]?.reason ?? "", /not a message/);
    assert.equal(v[6]?.reason, "empty line");
    assert.deepEqual(
      v.map((x) => x.valid),
      [true, false, false, false, false, false, false, true],
    );
  });

  it("applies --routing-policy, and --nitpicky to topics the policy does not list", async () => {
    const lines = [signed(BODHI, "bodhi"), signed(KOJI, "bodhi"), signed("org.fedoraproject.prod.other.thing", "bodhi")];
    const base = ["verify", "--ca", join(ca, "ca.crt"), "--routing-policy", join(pki.dir, "policy.json")];
    const open = verdicts((await runCli(base, `${lines.join("\n")}\n`)).stdout);
    assert.deepEqual(
      open.map((x) => x.valid),
      [true, false, true],
    );
    assert.match(open[1]?.reason ?? "", /may not publish/);
    const strict = verdicts((await runCli([...base, "--nitpicky"], `${lines.join("\n")}\n`)).stdout);
    assert.deepEqual(
      strict.map((x) => x.valid),
      [true, false, false],
    );
    assert.match(strict[2]?.reason ?? "", /no routing_policy entry/);
  });

  it("refuses a CA that is not a regular file, and a missing --ca", async () => {
    const r = await runCli(["verify", "--ca", "/dev/zero"], "");
    assert.equal(r.code, 1);
    assert.match(r.stderr, /\/dev\/zero: .*not a regular file/);
    assert.equal((await runCli(["verify"], "")).code, 2);
  });

  // The vectors live outside the repository (../shared); where they are absent there is nothing to compare with.
  const withVectors = existsSync(new URL("vectors.jsonl", SHARED)) ? it : undefined;
  withVectors?.("agrees with fedmsg's own verdicts on ../shared/signing/vectors.jsonl", async () => {
    const shared = (name: string): string => new URL(name, SHARED).pathname;
    const vectors = readFileSync(shared("vectors.jsonl"), "utf8")
      .split("\n")
      .filter((l) => l.trim() !== "");
    // Each envelope byte for byte as it sits in its vector line (its float lexemes are signed).
    const cases = vectors.map((line) => {
      const top = parseJson(line);
      if (top.kind !== "object") throw new Error("not a vector");
      const env = top.members.get("envelope");
      const verdict = top.members.get("verdict");
      const name = top.members.get("case");
      if (!env || verdict?.kind !== "literal" || name?.kind !== "string") throw new Error("not a vector");
      return { name: name.value, expected: verdict.text === "true", text: line.slice(env.start, env.end) };
    });
    const r = await runCli(
      ["verify", "--ca", shared("ca.crt"), "--crl", shared("crl.pem"), "--routing-policy", shared("routing_policy.json")],
      `${cases.map((c) => c.text).join("\n")}\n`,
    );
    assert.equal(r.code, 0, r.stderr);
    const v = verdicts(r.stdout);
    assert.equal(v.length, cases.length);
    const wrong = cases.flatMap((c, i) => (v[i]?.valid === c.expected ? [] : [`${c.name}: ${JSON.stringify(v[i])}`]));
    assert.deepEqual(wrong, []);
    assert.ok(cases.length >= 10);
  });
});
