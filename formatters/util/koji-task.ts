/**
 * Koji's long-form pieces, shared by the build and task messages of
 * koji-fedoramessaging-messages: the task tree report and the date format.
 */
import type { Payload } from "../payload.js";

const WEEKDAYS = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"] as const;
const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"] as const;
// ISO 8601 as Python's datetime.fromisoformat reads it: date, optional time, optional offset.
const ISO_RE =
  /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2})(?::?(\d{2})(?::?(\d{2})(?:[.,]\d+)?)?)?)?(Z|[+-]\d{2}(?::?\d{2}(?::?\d{2}(?:\.\d+)?)?)?)?$/;
/** Sub-task nesting deeper than this is not printed (Koji's trees are two or three levels). */
const MAX_TASK_DEPTH = 8;

const pad = (n: number | string): string => String(n).padStart(2, "0");

/**
 * An ISO timestamp as "Fri, 09 Jun 2023 07:16:27 UTC" (the wall-clock time as
 * written, with the zone named "UTC" or "UTC+02:00", and no zone name when the
 * timestamp has no offset). Text that is not ISO 8601 comes back unchanged.
 */
export function kojiDate(iso: string): string {
  const m = ISO_RE.exec(iso.trim());
  if (!m) return iso;
  const [, y, mo, d, h = "0", mi = "0", s = "0", off] = m;
  const year = Number(y);
  const month = Number(mo);
  const day = Number(d);
  const date = new Date(Date.UTC(year, month - 1, day));
  if (date.getUTCMonth() !== month - 1) return iso;
  const weekday = WEEKDAYS[date.getUTCDay()] ?? "";
  return `${weekday}, ${pad(day)} ${MONTHS[month - 1] ?? ""} ${y ?? ""} ${pad(h)}:${pad(mi)}:${pad(s)} ${zoneName(off)}`;
}

function zoneName(off: string | undefined): string {
  if (off === undefined) return "";
  if (off === "Z") return "UTC";
  const digits = off.slice(1).replace(/:/g, "").split(".")[0] ?? "";
  const [hh, mm, ss] = [digits.slice(0, 2), digits.slice(2, 4) || "00", digits.slice(4, 6)];
  if (Number(hh) === 0 && Number(mm) === 0 && Number(ss || "0") === 0) return "UTC";
  return `UTC${off[0] ?? "+"}${hh}:${mm}${ss ? `:${ss}` : ""}`;
}

/**
 * A task and its sub-tasks as Koji's notification e-mails print them: header
 * lines, then the result files (logs, rpms, srpms, srpm) under `filesBase`, then
 * each sub-task, oldest completion first.
 */
export function taskReport(task: Payload, filesBase: string | undefined, depth = 0): string {
  const id = task.text("id") ?? "?";
  const host = task.text("host_name") || "(unscheduled)";
  let out = `Task ${id} on ${host}\nTask Type: ${task.text("method") ?? "?"} (${task.text("arch") ?? "?"})\nLink: ${task.text("url") ?? ""}\n`;
  const file = (item: string): string => (filesBase !== undefined ? `${filesBase}/${item}` : item);
  const result = task.get("result");
  if (result.isObject()) {
    for (const kind of ["logs", "rpms", "srpms"]) {
      const items = result
        .list(kind)
        .map((x) => x.text())
        .filter((x): x is string => x !== undefined);
      if (items.length === 0) continue;
      out += `${kind}:\n`;
      for (const item of items) out += `  ${file(item)}\n`;
    }
    const srpm = result.text("srpm");
    if (srpm !== undefined) out += `srpm:\n  ${file(srpm)}\n`;
  }
  const children = task.list("children");
  if (children.length === 0 || depth >= MAX_TASK_DEPTH) return out;
  out += `\nTask ${id} has the following sub-tasks:\n`;
  const ordered = children.map((c) => ({ c, t: c.num("completion_time") || 0 })).sort((a, b) => a.t - b.t);
  for (const { c } of ordered) out += `\n${taskReport(c, filesBase, depth + 1)}`;
  return out;
}
