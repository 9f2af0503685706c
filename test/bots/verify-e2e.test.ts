/**
 * Signed fedmsg traffic through the real command: `fedmsg-echo tail` with
 * `verify.validate_signatures` on, fed by `fedmsg-echo replay` over ZeroMQ. A CA and
 * a publisher certificate are made with openssl at test time; the envelope is signed
 * as fedmsg signs it. Only the genuine message may be printed.
 */
import { strict as assert } from "node:assert";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { spawnCli, startReplay, withProcessDir } from "../helpers/cli.js";
import { waitFor } from "../helpers/collect.js";
import { TestPki } from "../helpers/openssl-ca.js";

describe("signed messages through tail @integration", function () {
  this.timeout(60_000);
  const proc = withProcessDir("fedmsg-echo-sig-");
  let pki: TestPki | undefined;
  afterEach(() => pki?.remove());

  it("prints the genuine message and skips the tampered and the unsigned ones", async () => {
    const ca = (pki = TestPki.create("fedmsg-echo-sig-pki-")).makeCa("ca", "/CN=Test CA");
    const crt = pki.issue(ca, "koji-hub01.test");
    const signer = pki;
    const signed = (text: string): string => signer.sign(text, crt);
    const dir = proc.dir;

    const topic = "org.fedoraproject.prod.buildsys.tag";
    const body = (release: string, id: string) =>
      `{"topic":"${topic}","msg":{"name":"nano","version":"8.7","release":"${release}","tag":"f45","tag_id":1,"owner":"tomas","user":"bodhi"},"msg_id":"${id}","timestamp":1790000000.0,"i":1,"username":"koji","crypto":"x509"}`;
    const genuine = signed(body("1.fc45", "2026-genuine"));
    const tampered = signed(body("2.fc45", "2026-tampered")).replace('"2.fc45"', '"9.fc45"');
    const unsigned = body("3.fc45", "2026-unsigned");
    const file = join(dir, "signed.jsonl");
    writeFileSync(file, [tampered, unsigned, genuine].join("\n"));
    writeFileSync(
      join(dir, "config.yaml"),
      `verify:\n  validate_signatures: true\n  ca_cert_location: ${join(ca, "ca.crt")}\n  routing_policy:\n    ${topic}: [koji-hub01.test]\n`,
    );

    const { child: replay, endpoint } = await startReplay(file, ["--wait-subscribers", "1", "--delay", "300", "--rate", "20", "--loop"]);
    proc.children.push(replay);
    const tail = spawnCli(["tail", "--config", join(dir, "config.yaml"), "--endpoint", endpoint]);
    proc.children.push(tail);
    let out = "";
    let err = "";
    tail.stdout?.on("data", (d: Buffer) => (out += d.toString()));
    tail.stderr?.on("data", (d: Buffer) => (err += d.toString()));
    await waitFor(() => out.includes("nano-8.7-1.fc45"), "the genuine message", 30_000, 50);
    await waitFor(() => (err.match(/invalid signature/g) ?? []).length >= 2, "both rejections logged", 30_000, 50);
    assert.doesNotMatch(out, /nano-8\.7-[239]\.fc45/);
    assert.match(
      err,
      /"topic":"org\.fedoraproject\.prod\.buildsys\.tag","msg_id":"2026-tampered","reason":"signature does not match the message"/,
    );
    assert.match(err, /"msg_id":"2026-unsigned","reason":"no signature"/);
  });
});
