/**
 * Koji's long-form pieces, shared by the build and task messages of
 * koji-fedoramessaging-messages: the task tree report and the date format.
 */
import { Payload, textOf } from "../payload.js";

const WEEKDAYS = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"] as const;
const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"] as const;
/**
 * ISO 8601 as Python's datetime.fromisoformat reads it: date, optional time, optional
 * offset. Groups: 1-3 year, month, day; 4-6 hours, minutes, seconds; 7 "Z"; 8-11 the
 * offset's sign, hours, minutes and seconds (the offset's fraction is not kept).
 */
const ISO_RE =
  /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2})(?::?(\d{2})(?::?(\d{2})(?:[.,]\d+)?)?)?)?(?:(Z)|([+-])(\d{2})(?::?(\d{2})(?::?(\d{2})(?:\.\d+)?)?)?)?$/;
/** Sub-task nesting deeper than this is not printed (Koji's trees are two or three levels). */
const MAX_TASK_DEPTH = 8;

/**
 * An ISO timestamp as "Fri, 09 Jun 2023 07:16:27 UTC" (the wall-clock time as
 * written, with the zone named "UTC" or "UTC+02:00", and no zone name when the
 * timestamp has no offset). Text that is not ISO 8601 comes back unchanged.
 *
 * Every captured field is two digits (four for the year), so the groups are printed
 * as they are; a missing time field prints as "00".
 */
export function kojiDate(iso: string): string {
  const m = ISO_RE.exec(iso.trim());
  if (m === null) return iso;
  const y = m[1] ?? "";
  const d = m[3] ?? "";
  const month = Number(m[2]);
  // Date.UTC rolls an impossible day (Feb 30) into the next month: such a date is not a date.
  const date = new Date(Date.UTC(Number(y), month - 1, Number(d)));
  if (date.getUTCMonth() !== month - 1) return iso;
  const time = `${m[4] ?? "00"}:${m[5] ?? "00"}:${m[6] ?? "00"}`;
  return `${WEEKDAYS[date.getUTCDay()] ?? ""}, ${d} ${MONTHS[month - 1] ?? ""} ${y} ${time} ${zoneName(m)}`;
}

/** The offset of a kojiDate match as a zone name: "UTC", "UTC+02:00", "UTC-03:30:15"; "" without one. */
function zoneName(m: RegExpExecArray): string {
  if (m[7] !== undefined) return "UTC";
  const sign = m[8];
  if (sign === undefined) return "";
  const hh = m[9] ?? "";
  const mm = m[10] ?? "00";
  const ss = m[11] ?? "";
  if (hh === "00" && mm === "00" && (ss === "" || ss === "00")) return "UTC";
  return `UTC${sign}${hh}:${mm}${ss !== "" ? `:${ss}` : ""}`;
}

/** The result lists of a task, in the order Koji's e-mails print them. */
const RESULT_LISTS = ["logs", "rpms", "srpms"] as const;

/**
 * A task and its sub-tasks as Koji's notification e-mails print them: header
 * lines, then the result files (logs, rpms, srpms, srpm) under `filesBase`, then
 * each sub-task, oldest completion first. `lead` is text to put before the report.
 *
 * The report is collected as pieces and joined once: a report runs to kilobytes in
 * a hundred pieces, and `+=` would leave a deep tree of concatenations that V8
 * must flatten (copy again, piece by piece) when the text is next scanned.
 */
export function taskReport(task: Payload, filesBase: string | undefined, lead = ""): string {
  const parts = [lead];
  // Each file is printed as "  <filesBase>/<item>", or "  <item>" without a base.
  addTask(parts, task, filesBase !== undefined ? `${filesBase}/` : "", 0);
  return parts.join("");
}

/** Appends one task's report, and its sub-tasks' (up to MAX_TASK_DEPTH), to `parts`. */
function addTask(parts: string[], task: Payload, prefix: string, depth: number): void {
  const id = task.text("id") ?? "?";
  const host = task.text("host_name") || "(unscheduled)";
  parts.push(
    `Task ${id} on ${host}\nTask Type: ${task.text("method") ?? "?"} (${task.text("arch") ?? "?"})\nLink: ${task.text("url") ?? ""}\n`,
  );
  const result = task.get("result");
  if (result.isObject()) {
    for (const kind of RESULT_LISTS) addFiles(parts, result.raw(kind), kind, prefix);
    const srpm = result.text("srpm");
    if (srpm !== undefined) parts.push(`srpm:\n  ${prefix}${srpm}\n`);
  }
  if (depth >= MAX_TASK_DEPTH) return;
  const children = task.raw("children");
  if (!Array.isArray(children) || children.length === 0) return;
  parts.push(`\nTask ${id} has the following sub-tasks:\n`);
  for (const child of byCompletion(children)) {
    parts.push("\n");
    addTask(parts, child, prefix, depth + 1);
  }
}

/**
 * Appends one result list: a `kind:` line, then one indented line per item that is
 * text (a string, finite number or boolean, as `Payload.text` reads it); nothing at
 * all when the value is not an array or holds no text.
 */
function addFiles(parts: string[], items: unknown, kind: string, prefix: string): void {
  if (!Array.isArray(items)) return;
  let header = false;
  for (const x of items) {
    const item = textOf(x);
    if (item === undefined) continue;
    if (!header) {
      parts.push(`${kind}:\n`);
      header = true;
    }
    parts.push("  ", prefix, item, "\n");
  }
}

/**
 * Sub-tasks as Payloads, by completion time (missing or zero first, as 0); ties keep
 * the payload's order (the sort is stable).
 */
function byCompletion(children: readonly unknown[]): Payload[] {
  if (children.length === 1) return [new Payload(children[0])];
  return children
    .map((c) => {
      const task = new Payload(c);
      return { task, t: task.num("completion_time") || 0 };
    })
    .sort((a, b) => a.t - b.t)
    .map((x) => x.task);
}
