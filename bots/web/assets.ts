/**
 * The page's files, read once at start: the HTML, CSS and one script of
 * bots/web/static/, and uPlot (the chart) from the project's own node_modules.
 * Nothing is fetched from anywhere else, and the CSP says so.
 */
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";

export interface Asset {
  readonly body: Buffer;
  readonly type: string;
}

const TYPES: Record<string, string> = {
  html: "text/html; charset=utf-8",
  css: "text/css; charset=utf-8",
  js: "text/javascript; charset=utf-8",
  svg: "image/svg+xml",
};

/** URL path -> file under static/. */
const OWN: Record<string, string> = { "/": "index.html", "/app.css": "app.css", "/app.js": "app.js", "/favicon.svg": "favicon.svg" };
/** URL path -> file of the uplot package. */
const VENDOR: Record<string, string> = {
  "/vendor/uPlot.iife.min.js": "uplot/dist/uPlot.iife.min.js",
  "/vendor/uPlot.min.css": "uplot/dist/uPlot.min.css",
};

/** static/ beside this module in the sources (bots/web/), or from dist/bots/web/ once built. */
function staticDir(): URL {
  for (const rel of ["./static/", "../../../bots/web/static/"]) {
    const dir = new URL(rel, import.meta.url);
    try {
      readFileSync(new URL("index.html", dir));
      return dir;
    } catch {
      // try the next layout
    }
  }
  throw new Error(`the web page's files (bots/web/static/) are missing near ${fileURLToPath(import.meta.url)}`);
}

function typeOf(file: string): string {
  return TYPES[file.slice(file.lastIndexOf(".") + 1)] ?? "application/octet-stream";
}

export function loadAssets(): Map<string, Asset> {
  const dir = staticDir();
  const require = createRequire(import.meta.url);
  const out = new Map<string, Asset>();
  for (const [path, file] of Object.entries(OWN)) out.set(path, { body: readFileSync(new URL(file, dir)), type: typeOf(file) });
  for (const [path, spec] of Object.entries(VENDOR)) out.set(path, { body: readFileSync(require.resolve(spec)), type: typeOf(spec) });
  return out;
}
