/** The bots' logger: pino JSON lines on stderr, secrets redacted. */
import { pino, type DestinationStream, type Logger } from "pino";

export type { Logger };

/** Paths pino blanks out wherever they appear in a log object. */
const REDACT_PATHS = [
  "access_token", "*.access_token", "password", "*.password", "sasl_password", "*.sasl_password", "nickserv_password", "*.nickserv_password",
  "server_password",
  "*.server_password", "token", "*.token", "authorization", "*.authorization", "headers.Authorization",
  "*.headers.Authorization", "*.headers.authorization",
];

export function createLogger(level = "info", destination: NodeJS.WritableStream = process.stderr): Logger {
  return pino(
    { level, base: { pid: process.pid }, redact: { paths: REDACT_PATHS, censor: "<redacted>" }, timestamp: pino.stdTimeFunctions.isoTime },
    destination as DestinationStream,
  );
}

/** A logger that writes nothing (tests, library use). */
export function silentLogger(): Logger {
  return pino({ level: "silent" });
}
