/** Hardening finding 2: the one reader of files named by the config (regular files, bounded size). */
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { FileReadError, readBoundedText } from "../../config/read-file.js";
import { parseConfig } from "../../config/load.js";
import { IrcSink } from "../../bots/irc/sink.js";
import { IrcConfigError } from "../../bots/irc/errors.js";
import { silentLogger } from "../../bots/log.js";
import { Metrics } from "../../bots/metrics.js";

describe("readBoundedText (hardening finding 2)", () => {
  let dir: string;
  before(() => (dir = mkdtempSync(join(tmpdir(), "fedmsg-echo-read-"))));
  after(() => rmSync(dir, { recursive: true, force: true }));

  const refuses = (path: string, max: number, reason: RegExp) =>
    assert.throws(
      () => readBoundedText(path, max),
      (e: unknown) => e instanceof FileReadError && e.file === path && reason.test(e.reason),
    );

  it("reads a regular file up to the bound", () => {
    const f = join(dir, "ok");
    writeFileSync(f, "héllo");
    assert.equal(readBoundedText(f, 6), "héllo");
    refuses(f, 5, /6 bytes, more than the 5 allowed/);
  });

  it("refuses a character device, a FIFO (without blocking), a directory and a missing file", () => {
    const fifo = join(dir, "fifo");
    execFileSync("mkfifo", [fifo]);
    refuses("/dev/zero", 1024, /a character device, not a regular file/);
    refuses(fifo, 1024, /a FIFO, not a regular file/);
    refuses(dir, 1024, /a directory, not a regular file/);
    refuses(join(dir, "missing"), 1024, /cannot read: ENOENT/);
  });

  it("an IRC ca_file of /dev/zero stops the start, naming the key", async () => {
    const c = parseConfig({ irc: [{ network: "127.0.0.1", port: 9, tls: true, nickname: "x", channels: ["#x"], ca_file: "/dev/zero" }] })
      .irc[0];
    assert.ok(c);
    const sink = new IrcSink("irc:test", c, { log: silentLogger(), metrics: new Metrics(), version: "test" });
    try {
      await assert.rejects(
        sink.start(),
        (e: unknown) => e instanceof IrcConfigError && /ca_file: \/dev\/zero: a character device/.test(e.message),
      );
    } finally {
      // A sink whose start failed is still stopped, as runBot does: its pacer's refill timer is armed from the start.
      await sink.stop(0);
    }
  });
});
