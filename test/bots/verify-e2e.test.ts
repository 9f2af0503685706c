/**
 * Signed fedmsg traffic through the real command: `fedmsg-echo tail` with
 * `verify.validate_signatures` on, fed by `fedmsg-echo replay` over ZeroMQ. A CA and
 * a publisher certificate are made with openssl at test time; the envelope is signed
 * as fedmsg signs it. Only the genuine message may be printed.
 */
import { strict as assert } from "node:assert";
import { execFileSync } from "node:child_process";
import { createPrivateKey, sign } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseJson, signedText } from "../../bots/verify/canonical.js";
import { spawnCli, startReplay } from "../helpers/cli.js";
import { waitFor } from "../helpers/collect.js";

describe("signed messages through tail @integration", function () {
  this.timeout(60_000);
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), "fedmsg-echo-sig-"))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const openssl = (...args: string[]) => execFileSync("openssl", args, { cwd: dir, stdio: ["ignore", "pipe", "pipe"] });
  const wrap76 = (b64: string) => `${b64.match(/.{1,76}/g)?.join("\n") ?? ""}\n`;

  /** Sign an envelope's text as fedmsg does: RSA/SHA-1 over Python's canonical JSON, base64 wrapped at 76. */
  function signed(text: string): string {
    const sig = sign("sha1", Buffer.from(signedText(parseJson(text)), "utf8"), createPrivateKey(readFileSync(join(dir, "leaf.key"))));
    const cert = readFileSync(join(dir, "leaf.crt")).toString("base64");
    return `${text.slice(0, -1)},"signature":${JSON.stringify(wrap76(sig.toString("base64")))},"certificate":${JSON.stringify(wrap76(cert))}}`;
  }

  it("prints the genuine message and skips the tampered and the unsigned ones", async () => {
    openssl(
      "req",
      "-x509",
      "-newkey",
      "rsa:2048",
      "-nodes",
      "-keyout",
      "ca.key",
      "-out",
      "ca.crt",
      "-subj",
      "/CN=Test CA",
      "-days",
      "30",
      "-addext",
      "basicConstraints=critical,CA:TRUE",
      "-addext",
      "keyUsage=critical,keyCertSign,cRLSign",
    );
    openssl("req", "-newkey", "rsa:2048", "-nodes", "-keyout", "leaf.key", "-out", "leaf.csr", "-subj", "/CN=koji-hub01.test");
    openssl("x509", "-req", "-in", "leaf.csr", "-CA", "ca.crt", "-CAkey", "ca.key", "-CAcreateserial", "-out", "leaf.crt", "-days", "30");

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
      `verify:\n  validate_signatures: true\n  ca_cert_location: ${join(dir, "ca.crt")}\n  routing_policy:\n    ${topic}: [koji-hub01.test]\n`,
    );

    const { child: replay, endpoint } = await startReplay(file, ["--wait-subscribers", "1", "--delay", "300", "--rate", "20", "--loop"]);
    const tail = spawnCli(["tail", "--config", join(dir, "config.yaml"), "--endpoint", endpoint]);
    let out = "";
    let err = "";
    tail.stdout?.on("data", (d: Buffer) => (out += d.toString()));
    tail.stderr?.on("data", (d: Buffer) => (err += d.toString()));
    try {
      await waitFor(() => out.includes("nano-8.7-1.fc45"), "the genuine message", 30_000, 50);
      await waitFor(() => (err.match(/invalid signature/g) ?? []).length >= 2, "both rejections logged", 30_000, 50);
      assert.doesNotMatch(out, /nano-8\.7-[239]\.fc45/);
      assert.match(
        err,
        /"topic":"org\.fedoraproject\.prod\.buildsys\.tag","msg_id":"2026-tampered","reason":"signature does not match the message"/,
      );
      assert.match(err, /"msg_id":"2026-unsigned","reason":"no signature"/);
    } finally {
      replay.kill("SIGTERM");
      tail.kill("SIGTERM");
    }
  });
});
