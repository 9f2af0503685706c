/**
 * Test harness for the live page: a web bot run in process as `fedmsg-echo web` runs it
 * (ZeroMQ source -> pipeline -> web sink, on 127.0.0.1 and a port from the OS), messages
 * published by the real replayer, and Debian's chromium driven by puppeteer-core.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import puppeteer, { type Browser } from "puppeteer-core";
import { silentLogger } from "../../../bots/log.js";
import { Metrics } from "../../../bots/metrics.js";
import { replay } from "../../../bots/replay.js";
import { runBot, type RunningBot } from "../../../bots/run.js";
import { WebSink } from "../../../bots/web/sink.js";
import { configSchema } from "../../../config/schema.js";
import type { WebConfig } from "../../../config/web.js";
import { freePort } from "../../helpers/collect.js";

export const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
/** Screenshots and other things a person looks at after a run (git-ignored). */
export const ARTIFACTS = fileURLToPath(new URL("../../../test-artifacts/", import.meta.url));

export interface WebBot {
  readonly sink: WebSink;
  readonly bot: RunningBot;
  readonly metrics: Metrics;
  /** `http://127.0.0.1:PORT` */
  readonly base: string;
  /** The ZeroMQ address the bot subscribes to; publish there with `publish`. */
  readonly bus: string;
  stop(): Promise<void>;
}

export async function startWebBot(web: Partial<WebConfig> = {}): Promise<WebBot> {
  const bus = `tcp://127.0.0.1:${await freePort()}`;
  const config = configSchema.parse({ endpoints: { test: [bus] }, stats_interval_s: 0, web: { listen: "127.0.0.1:0", ...web } });
  const metrics = new Metrics();
  const log = silentLogger();
  const sink = new WebSink({ config: config.web, log, metrics });
  const bot = await runBot({ config, sinks: [sink], log, metrics });
  return { sink, bot, metrics, base: `http://${sink.address}`, bus, stop: () => bot.stop("test over") };
}

/** Publish messages with the real replayer (bots/replay.ts) on `bus`, once the bot has subscribed. */
export async function publish(bus: string, messages: readonly object[], rate: number): Promise<number> {
  const dir = mkdtempSync(join(tmpdir(), "fedmsg-echo-web-"));
  try {
    const file = join(dir, "messages.jsonl");
    writeFileSync(file, messages.map((m) => JSON.stringify(m)).join("\n"));
    return await replay({ file, bind: bus, rate, loop: false, waitSubscribers: 1, delayMs: 300 });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export interface TestBrowser {
  readonly browser: Browser;
  close(): Promise<void>;
}

/** Headless chromium with nothing of its own on the network, in a throw-away profile. */
export async function launchChromium(): Promise<TestBrowser> {
  const profile = mkdtempSync(join(tmpdir(), "fedmsg-echo-chromium-"));
  const browser = await puppeteer.launch({
    executablePath: CHROMIUM,
    headless: true,
    userDataDir: profile,
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--no-first-run",
    ],
  });
  return {
    browser,
    close: async () => {
      await browser.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

export function artifactPath(name: string): string {
  mkdirSync(ARTIFACTS, { recursive: true });
  return join(ARTIFACTS, name);
}
