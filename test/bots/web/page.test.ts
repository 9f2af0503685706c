/**
 * The live page in a real browser (Debian's chromium through puppeteer-core): it loads with no
 * console errors, rows appear as the replayer publishes, a URL filter narrows what the server
 * sends, a hostile payload stays text, the chart has data, and the keyboard pauses the stream.
 * Screenshots go to test-artifacts/ for a person to look at.
 */
import { strict as assert } from "node:assert";
import type { Page } from "puppeteer-core";
import { readReplayFile } from "../../helpers/replay-file.js";
import { decodeMessage, format } from "../../../formatters/index.js";
import { artifactPath, launchChromium, publish, startWebBot, type TestBrowser, type WebBot } from "./harness.js";

// The page's globals as far as the functions that puppeteer runs in the page use them: the project
// has no DOM lib (it would change Node's fetch types for every other file), and these are module-scoped.
interface PageEl {
  readonly textContent: string | null;
  readonly className: string;
  readonly dataset: Record<string, string | undefined>;
  value: string;
  getAttribute(name: string): string | null;
  querySelector(sel: string): PageEl | null;
  querySelectorAll(sel: string): ArrayLike<PageEl> & Iterable<PageEl>;
}
declare const document: {
  querySelectorAll(sel: string): ArrayLike<PageEl> & Iterable<PageEl>;
  getElementById(id: string): PageEl | null;
  readonly activeElement: PageEl | null;
};
declare const window: { readonly location: { readonly search: string }; readonly __pwned?: number };

const DEMO = readReplayFile(new URL("../../../config/demo/messages.jsonl", import.meta.url).pathname).map((l) => l.value);
/** What the formatter says of each demo message: the text the page must show. */
const expectedText = (m: object): string => format(decodeMessage(m))?.text ?? "";

const HOSTILE = [
  // The generic formatter puts the agent in the text and in the usernames (the avatar's initial too).
  { topic: "org.fedoraproject.prod.fedmsg_echo_test.hostile", msg: { agent: "<img/src=x/onerror=window.__pwned=1>" } },
  { topic: "org.fedoraproject.prod.fedmsg_echo_test.hostile", msg: { agent: "<script>window.__pwned=2</script>" } },
  {
    // Bodhi's line names the update's title; this one carries markup, an icon and an avatar (remote, not shown by default).
    topic: "org.fedoraproject.prod.bodhi.update.comment",
    msg: {
      agent: "mallory",
      comment: {
        text: "x",
        karma: 0,
        user: { name: "mallory" },
        update_alias: "FEDORA-2026-0000000001",
        update: {
          alias: "FEDORA-2026-0000000001",
          title: "<b>evil</b>-1-1.fc44",
          builds: [{ nvr: "<b>evil</b>-1-1.fc44" }],
          user: { name: "mallory" },
          release: { name: "F44" },
        },
      },
    },
  },
];

/** Console errors, page errors and failed requests: a clean page has none (a CSP violation is one). */
function watch(page: Page): string[] {
  const problems: string[] = [];
  page.on("console", (m) => {
    if (m.type() === "error" || m.type() === "warn") problems.push(`console ${m.type()}: ${m.text()}`);
  });
  page.on("pageerror", (e) => problems.push(`page error: ${String(e)}`));
  page.on("requestfailed", (r) => {
    // The stream is cut when the page closes; that is not the page's fault.
    if (!r.url().includes("/events")) problems.push(`request failed: ${r.url()} ${r.failure()?.errorText ?? ""}`);
  });
  page.on("response", (r) => {
    if (r.status() >= 400) problems.push(`HTTP ${r.status()}: ${r.url()}`);
  });
  return problems;
}

const rowCount = (page: Page) => page.$$eval("#rows li.row:not(.skipped)", (l) => l.length);

/** Waits until the page says its stream is live. */
const live = (page: Page) =>
  page.waitForFunction(() => document.getElementById("status")?.textContent?.startsWith("live"), { timeout: 15_000 });

/** Waits until the page shows at least `n` rows. */
const rowsAtLeast = (page: Page, n: number, timeout = 20_000) =>
  page.waitForFunction((k) => document.querySelectorAll("#rows li.row").length >= k, { timeout }, n);

describe("web page in chromium @integration", function () {
  this.timeout(90_000);
  let web: WebBot;
  /** Unset when `before` failed to launch it: `after` still runs. */
  let chromium: TestBrowser | undefined;
  /** The browser that `before` launched (the tests do not run without it). */
  const browser = (): TestBrowser["browser"] => {
    assert.ok(chromium, "chromium was launched");
    return chromium.browser;
  };

  before(async () => {
    chromium = await launchChromium();
  });
  after(async () => {
    await chromium?.close();
  });
  const pages: Page[] = [];
  beforeEach(async () => {
    web = await startWebBot();
  });
  afterEach(async () => {
    for (const page of pages.splice(0)) await page.close();
    await web.stop();
  });

  /** A new page (closed after the test) on `path` of the bot, watched for problems, once its stream is live. */
  async function openLive(path = "/", viewport?: { width: number; height: number }) {
    const page = await browser().newPage();
    pages.push(page);
    const problems = watch(page);
    if (viewport) await page.setViewport(viewport);
    const res = await page.goto(`${web.base}${path}`, { waitUntil: "load" });
    await live(page);
    return { page, problems, res };
  }

  it("loads without console errors, shows rows newest first as replay publishes, and the chart has data", async () => {
    const { page, problems, res } = await openLive("/", { width: 1400, height: 1000 });
    assert.ok(res, "the page answered");
    assert.equal(res.status(), 200);
    assert.match(res.headers()["content-security-policy"] ?? "", /script-src 'self'; style-src 'self'/);
    assert.equal(res.headers()["x-content-type-options"], "nosniff");
    assert.equal(await rowCount(page), 0, "nothing before the bus speaks");

    await publish(web.bus, DEMO, 50);
    await rowsAtLeast(page, DEMO.length);
    const texts = await page.$$eval("#rows li.row .text", (l: PageEl[]) => l.map((e) => e.textContent));
    assert.deepEqual(texts, DEMO.map(expectedText).reverse(), "every message, newest first, with the formatter's text");
    const first = await page.$eval("#rows li.row", (e) => {
      const li = e as unknown as PageEl;
      return {
        topic: li.querySelector(".topic")?.textContent,
        time: li.querySelector("time")?.getAttribute("datetime"),
        cls: li.className,
      };
    });
    assert.equal(first.topic, (DEMO.at(-1) as { topic: string }).topic);
    assert.match(first.time ?? "", /^\d{4}-\d\d-\d\dT/);
    assert.match(first.cls, /\bc\d+\b/, "the service's colour slot");

    // Statistics refresh every 10 s; a reload draws them at once.
    await page.reload({ waitUntil: "load" });
    await page.waitForFunction(() => Number(document.getElementById("chart")?.dataset.points) > 0, { timeout: 15_000 });
    const chart = await page.$eval("#chart", (e) => {
      const c = e as unknown as PageEl;
      return { points: Number(c.dataset.points), canvas: c.querySelectorAll("canvas").length };
    });
    assert.equal(chart.points, DEMO.length, "the chart counts every message of this minute");
    assert.ok(chart.canvas >= 1, "uPlot drew on a canvas");
    const services = await page.$$eval("#by-service tr", (l: PageEl[]) => l.map((tr) => tr.textContent ?? ""));
    assert.ok(
      services.some((t) => t.startsWith("buildsys")),
      `totals by service: ${services.join(" | ")}`,
    );
    // The backlog after the reload is the ring's newest rows (web.backlog, 50 by default).
    await rowsAtLeast(page, Math.min(50, DEMO.length), 10_000);

    await page.screenshot({ path: artifactPath("web-page-light.png"), fullPage: false });
    await page.emulateMediaFeatures([{ name: "prefers-color-scheme", value: "dark" }]);
    await page.waitForFunction(() => document.getElementById("chart")?.dataset.theme === "dark", { timeout: 5000 });
    await page.screenshot({ path: artifactPath("web-page-dark.png"), fullPage: false });
    assert.deepEqual(problems, []);
  });

  it("applies the URL's filters on the server, and the form reflects them", async () => {
    const { page, problems } = await openLive("/?service=bodhi");
    assert.equal(await page.$eval("input[name=service]", (i) => (i as unknown as PageEl).value), "bodhi");
    const bodhi = DEMO.filter((m) => (m as { topic: string }).topic.includes(".bodhi."));
    assert.ok(bodhi.length > 0 && bodhi.length < DEMO.length);
    await publish(web.bus, DEMO, 50);
    await rowsAtLeast(page, bodhi.length);
    // Give stray rows the time to show up if the filter leaked.
    await new Promise((r) => setTimeout(r, 500));
    const services = await page.$$eval("#rows li.row", (l) => l.map((li) => (li as unknown as PageEl).dataset.service));
    assert.deepEqual(
      services,
      bodhi.map(() => "bodhi"),
    );

    // The form changes the URL and the stream; typing a topic glob and Enter.
    await page.$eval("input[name=service]", (i) => void ((i as unknown as PageEl).value = ""));
    await page.focus("input[name=topic]");
    await page.keyboard.type("**.buildsys.**");
    await page.keyboard.press("Enter");
    await page.waitForFunction(
      () => window.location.search === "?topic=**.buildsys.**" || window.location.search === "?topic=**.buildsys.**".replace(/\*/g, "%2A"),
      { timeout: 5000 },
    );
    const buildsys = DEMO.filter((m) => (m as { topic: string }).topic.includes(".buildsys."));
    await rowsAtLeast(page, buildsys.length, 10_000);
    const topics = await page.$$eval("#rows li.row .topic", (l: PageEl[]) => l.map((e) => e.textContent ?? ""));
    assert.ok(
      topics.every((t) => t.includes(".buildsys.")),
      topics.join("\n"),
    );
    assert.deepEqual(problems, []);
  });

  it("renders a hostile payload as text and runs none of it", async () => {
    const { page, problems } = await openLive();
    await publish(web.bus, HOSTILE, 20);
    await rowsAtLeast(page, HOSTILE.length);
    const seen = await page.evaluate(() => ({
      text: [...document.querySelectorAll("#rows li.row")].map((li) => li.textContent ?? "").join("\n"),
      imgs: document.querySelectorAll("#rows img").length,
      scripts: document.querySelectorAll("script").length,
      bolds: document.querySelectorAll("#rows b").length,
      pwned: window.__pwned ?? null,
    }));
    assert.match(seen.text, /<img\/src=x\/onerror=window\.__pwned=1> hostile/, "the tag is shown as text");
    assert.match(seen.text, /<script>window\.__pwned=2<\/script> hostile/);
    assert.match(seen.text, /bodhi update <b>evil<\/b>-1-1\.fc44/);
    assert.deepEqual(
      { imgs: seen.imgs, scripts: seen.scripts, bolds: seen.bolds, pwned: seen.pwned },
      { imgs: 0, scripts: 2, bolds: 0, pwned: null },
    );
    assert.deepEqual(problems, []);
  });

  it("pauses and resumes with the keyboard, keeping what arrived meanwhile", async () => {
    const { page, problems } = await openLive();
    await page.keyboard.press("p");
    assert.equal(await page.$eval("#pause", (b: PageEl) => b.getAttribute("aria-pressed")), "true");
    await publish(web.bus, DEMO.slice(0, 5), 50);
    await page.waitForFunction(() => /paused, 5 waiting/.test(document.getElementById("status")?.textContent ?? ""), { timeout: 20_000 });
    assert.equal(await rowCount(page), 0, "nothing is shown while paused");
    await page.keyboard.press("p");
    assert.equal(await page.$eval("#pause", (b: PageEl) => b.getAttribute("aria-pressed")), "false");
    assert.deepEqual(
      await page.$$eval("#rows li.row .text", (l: PageEl[]) => l.map((e) => e.textContent)),
      DEMO.slice(0, 5).map(expectedText).reverse(),
    );
    await page.keyboard.press("/");
    assert.equal(await page.evaluate(() => document.activeElement?.getAttribute("name")), "topic");
    assert.deepEqual(problems, []);
  });

  it("says so when the server refuses the stream (503 past max_clients), and keeps the page", async () => {
    const full = await startWebBot({ max_clients: 1 });
    const first = await browser().newPage();
    const second = await browser().newPage();
    try {
      await first.goto(`${full.base}/`, { waitUntil: "load" });
      await live(first);
      await second.goto(`${full.base}/`, { waitUntil: "load" });
      await second.waitForFunction(() => /no live stream/.test(document.getElementById("status")?.textContent ?? ""), { timeout: 15_000 });
      assert.equal(full.metrics.get("web_clients_refused", { sink: "web" }), 1);
    } finally {
      await first.close();
      await second.close();
      await full.stop();
    }
  });
});
