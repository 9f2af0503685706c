/** The bots' logger: pino JSON lines on stderr, secrets redacted. */
import { pino, type DestinationStream, type Logger } from "pino";
import { HTTP_SECRET_KEYS, REDACTED, SECRET_KEYS, URL_KEYS, redactUrl } from "../config/secrets.js";

export type { Logger };

const topAndNested = (keys: readonly string[]): string[] => keys.flatMap((k) => [k, `*.${k}`]);
const URL_FIELDS: ReadonlySet<string> = new Set(URL_KEYS);

/** Paths pino redacts wherever they appear in a log object (top level and one level down). */
const REDACT_PATHS = [
  ...topAndNested([...SECRET_KEYS, ...HTTP_SECRET_KEYS, ...URL_KEYS]),
  "headers.Authorization",
  "*.headers.Authorization",
  "*.headers.authorization",
];

/** A URL keeps all but its credentials; every other secret is blanked. */
function censor(value: unknown, path: string[]): unknown {
  if (typeof value === "string" && URL_FIELDS.has(path[path.length - 1] ?? "")) return redactUrl(value);
  return REDACTED;
}

export function createLogger(level = "info", destination: NodeJS.WritableStream = process.stderr): Logger {
  return pino(
    { level, base: { pid: process.pid }, redact: { paths: REDACT_PATHS, censor }, timestamp: pino.stdTimeFunctions.isoTime },
    destination as DestinationStream,
  );
}

/** A logger that writes nothing (tests, library use). */
export function silentLogger(): Logger {
  return pino({ level: "silent" });
}
