/* global document, window, history, EventSource, URLSearchParams, fetch, getComputedStyle, uPlot */
// The live bus page. Every piece of payload text goes into the page with textContent or as an
// attribute value of an element we create: never as HTML. No inline script or style (strict CSP).
"use strict";

const MAX_ROWS = 500;
const MAX_PENDING = 1000;
const STATS_EVERY_MS = 10_000;
const CHART_SERIES_MAX = 8;
const FILTER_KEYS = ["topic", "user", "package", "service"];
/** After the server refused the stream (503: too many pages) or went away for good, ms. */
const REOPEN_MS = 10_000;

const $ = (id) => document.getElementById(id);
const rowsEl = $("rows");
const statusEl = $("status");
const pauseBtn = $("pause");
const form = $("filters");

let source = null;
let paused = false;
let pending = [];
let pendingLost = 0;
let received = 0;
let connected = false;
let reopenTimer = 0;

function el(tag, className, text) {
  const e = document.createElement(tag);
  if (className) e.className = className;
  if (text !== undefined && text !== null) e.textContent = String(text);
  return e;
}

/** The browser's filters from the URL: the only place they live. */
function currentParams() {
  const url = new URLSearchParams(window.location.search);
  const out = new URLSearchParams();
  for (const k of FILTER_KEYS) for (const v of url.getAll(k)) if (v.trim() !== "") out.append(k, v.trim());
  return out;
}

function fillForm(params) {
  for (const k of FILTER_KEYS) form.elements.namedItem(k).value = params.getAll(k).join(", ");
}

function setStatus() {
  const parts = [connected ? "live" : "reconnecting…", `${received} received`];
  if (paused) parts.unshift(`paused, ${pending.length + pendingLost} waiting`);
  const filters = currentParams().toString();
  if (filters) parts.push(`filter: ${decodeURIComponent(filters.replace(/\+/g, " "))}`);
  statusEl.textContent = parts.join(" · ");
}

function badge(className, letter, color) {
  const b = el("span", `badge ${className} c${color}`, letter);
  b.setAttribute("aria-hidden", "true");
  return b;
}

function image(url, alt) {
  const img = el("img");
  img.src = url;
  img.alt = alt;
  img.loading = "lazy";
  img.referrerPolicy = "no-referrer";
  return img;
}

function rowElement(row) {
  const li = el("li", `row new c${row.color}`);
  li.dataset.seq = String(row.seq);
  li.dataset.service = row.service;
  li.append(row.icon ? image(row.icon, row.service) : badge("icon", row.service.slice(0, 1), row.color));

  const body = el("div", "body");
  const line = el("div", "line");
  line.append(el("span", "event", row.event), el("span", "text", row.text));
  const meta = el("div", "meta");
  if (row.link) {
    const a = el("a", "link", "open");
    a.href = row.link; // the server passes only http(s) links
    a.rel = "noopener noreferrer nofollow";
    a.target = "_blank";
    a.title = row.link;
    meta.append(a);
  }
  meta.append(el("code", "topic", row.topic));
  const time = el("time", "", new Date(row.time).toLocaleTimeString());
  time.dateTime = new Date(row.time).toISOString();
  meta.append(time);
  if (row.usernames.length) meta.append(el("span", "users", row.usernames.join(", ")));
  if (row.packages.length) meta.append(el("span", "packages", row.packages.join(", ")));
  body.append(line, meta);
  li.append(body);

  const who = row.usernames[0] || "";
  if (row.avatar) li.append(image(row.avatar, who));
  else if (who) li.append(badge("avatar-initial", who.slice(0, 1), row.color));
  else li.append(el("span"));
  return li;
}

function skippedElement(n) {
  const li = el("li", "row skipped", `${n} message${n === 1 ? "" : "s"} skipped: this page fell behind the bus`);
  li.dataset.skipped = String(n);
  return li;
}

function show(li) {
  rowsEl.prepend(li);
  while (rowsEl.childElementCount > MAX_ROWS) rowsEl.lastElementChild.remove();
}

function take(li) {
  if (!paused) return show(li);
  if (pending.length < MAX_PENDING) pending.push(li);
  else pendingLost++;
}

function togglePause() {
  paused = !paused;
  pauseBtn.setAttribute("aria-pressed", String(paused));
  pauseBtn.textContent = paused ? "Resume" : "Pause";
  if (!paused) {
    if (pendingLost) show(skippedElement(pendingLost));
    for (const li of pending) show(li);
    pending = [];
    pendingLost = 0;
  }
  setStatus();
}

/** A new filter: a new stream and an empty list. */
function connect() {
  rowsEl.replaceChildren();
  pending = [];
  pendingLost = 0;
  received = 0;
  open();
}

/** Open the stream for the URL's filters (EventSource itself reconnects after a network error). */
function open() {
  if (source) source.close();
  window.clearTimeout(reopenTimer);
  connected = false;
  const q = currentParams().toString();
  source = new EventSource(`/events${q ? `?${q}` : ""}`);
  source.addEventListener("open", () => {
    connected = true;
    setStatus();
  });
  source.addEventListener("error", () => {
    connected = false;
    setStatus();
    // A refused stream (503) or a non-stream answer closes the EventSource for good: try again later,
    // keeping the rows on screen.
    if (source.readyState === EventSource.CLOSED) {
      statusEl.textContent = `no live stream (the server is full or away); trying again in ${REOPEN_MS / 1000} s`;
      reopenTimer = window.setTimeout(open, REOPEN_MS);
    }
  });
  source.addEventListener("row", (ev) => {
    received++;
    take(rowElement(JSON.parse(ev.data)));
    setStatus();
  });
  source.addEventListener("skipped", (ev) => {
    const { n } = JSON.parse(ev.data);
    received += n;
    take(skippedElement(n));
    setStatus();
  });
  setStatus();
}

// --- statistics: chart and totals -----------------------------------------------------------

let chart = null;
let chartKey = "";
let lastStats = null;

function cssVar(name) {
  return getComputedStyle(document.documentElement).getPropertyValue(name).trim();
}

/** The busiest services as their own series; the rest summed as "other". */
function chartData(stats) {
  const top = stats.series.slice(0, CHART_SERIES_MAX);
  const rest = stats.series.slice(CHART_SERIES_MAX);
  const series = top.map((s) => ({ label: s.service, color: cssVar(`--c${s.color}`), counts: s.counts }));
  if (rest.length) {
    const counts = stats.minutes.map((_, i) => rest.reduce((sum, s) => sum + s.counts[i], 0));
    series.push({ label: "other", color: cssVar("--muted"), counts });
  }
  return series;
}

function drawChart(stats) {
  lastStats = stats;
  const box = $("chart");
  const series = chartData(stats);
  const data = [stats.minutes, ...series.map((s) => s.counts)];
  const key = series.map((s) => s.label).join("\n");
  const width = Math.max(200, box.clientWidth);
  if (!chart || key !== chartKey) {
    if (chart) chart.destroy();
    const axis = { stroke: cssVar("--muted"), grid: { stroke: cssVar("--line") }, ticks: { stroke: cssVar("--line") } };
    chart = new uPlot(
      {
        width,
        height: 220,
        // A light fill under each line (the palette is 6-digit hex: "22" is its alpha) keeps small services visible.
        series: [{}, ...series.map((s) => ({ label: s.label, stroke: s.color, fill: `${s.color}22`, width: 2, points: { show: false } }))],
        axes: [axis, { ...axis, label: "per minute" }],
        scales: { y: { range: (_u, _min, max) => [0, Math.max(5, max)] } },
        cursor: { drag: { x: false, y: false } },
      },
      data,
      box,
    );
    chartKey = key;
  } else {
    chart.setData(data);
  }
  box.dataset.points = String(series.reduce((sum, s) => sum + s.counts.reduce((a, b) => a + b, 0), 0));
  box.dataset.series = String(series.length);
  box.dataset.theme = window.matchMedia("(prefers-color-scheme: dark)").matches ? "dark" : "light";
}

function fillTable(tbody, entries, withColor) {
  tbody.replaceChildren(
    ...entries.map((e) => {
      const tr = el("tr");
      const name = el("td");
      if (withColor) name.append(el("span", `swatch c${e.color}`));
      name.append(document.createTextNode(e.name));
      tr.append(name, el("td", "num", e.count.toLocaleString()));
      return tr;
    }),
  );
}

async function refreshStats() {
  try {
    const res = await fetch("/api/stats", { cache: "no-store" });
    if (!res.ok) return;
    const stats = await res.json();
    drawChart(stats);
    fillTable($("by-service"), stats.services, true);
    fillTable($("by-event"), stats.events.slice(0, 20), false);
    $("stats-total").textContent = `${stats.total.toLocaleString()} messages since ${new Date(stats.since).toLocaleString()}`;
  } catch {
    // The stream's status line already says when the server is away; the next refresh retries.
  }
}

// --- controls -------------------------------------------------------------------------------

form.addEventListener("submit", (ev) => {
  ev.preventDefault();
  const params = new URLSearchParams();
  for (const k of FILTER_KEYS) {
    for (const v of String(form.elements.namedItem(k).value).split(",")) if (v.trim()) params.append(k, v.trim());
  }
  const q = params.toString();
  history.pushState(null, "", q ? `?${q}` : window.location.pathname);
  connect();
});

$("clear").addEventListener("click", () => {
  fillForm(new URLSearchParams());
  history.pushState(null, "", window.location.pathname);
  connect();
});

window.addEventListener("popstate", () => {
  fillForm(currentParams());
  connect();
});

pauseBtn.addEventListener("click", togglePause);

document.addEventListener("keydown", (ev) => {
  if (ev.ctrlKey || ev.metaKey || ev.altKey) return;
  const t = ev.target;
  const typing = t instanceof window.HTMLInputElement || t instanceof window.HTMLTextAreaElement;
  if (typing) {
    if (ev.key === "Escape") t.blur();
    return;
  }
  if (ev.key === "p") {
    ev.preventDefault();
    togglePause();
  } else if (ev.key === "/") {
    ev.preventDefault();
    form.elements.namedItem("topic").focus();
  }
});

// The chart's colours come from the theme: draw it again when the system switches light/dark.
window.matchMedia("(prefers-color-scheme: dark)").addEventListener("change", () => {
  chartKey = "";
  if (lastStats) drawChart(lastStats);
});

window.addEventListener("resize", () => {
  if (chart) chart.setSize({ width: Math.max(200, $("chart").clientWidth), height: 220 });
});

fillForm(currentParams());
connect();
refreshStats();
window.setInterval(refreshStats, STATS_EVERY_MS);
