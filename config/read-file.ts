/**
 * Reading the files a config names (the config itself, `_file` secrets, user maps, certificates):
 * only regular files, and only up to a stated size. A config pointing at /dev/zero would otherwise
 * grow the process by gigabytes, and a FIFO would block the start for ever.
 */
import { closeSync, constants, fstatSync, openSync, readSync, type Stats } from "node:fs";

/** A config file or a fragment of a config directory (a user_map of 300,000 entries is about 15 MB). */
export const CONFIG_FILE_MAX_BYTES = 64 * 1024 * 1024;
/** A `<key>_file` secret: a token or a password. */
export const SECRET_FILE_MAX_BYTES = 64 * 1024;
/** A PEM CA bundle, certificate or key (Debian's whole CA bundle is about 220 KB). */
export const PEM_FILE_MAX_BYTES = 4 * 1024 * 1024;
/** A `--user-map` JSON file. */
export const USER_MAP_FILE_MAX_BYTES = 64 * 1024 * 1024;
/** A CRL or routing policy for the verify stage (a CRL of a big CA runs to megabytes). */
export const VERIFY_FILE_MAX_BYTES = 64 * 1024 * 1024;

const READ_CHUNK_BYTES = 64 * 1024;

/** A file that cannot be used: the path and the reason (callers add the key that named it). */
export class FileReadError extends Error {
  override readonly name = "FileReadError";
  constructor(
    readonly file: string,
    readonly reason: string,
    options?: { cause?: unknown },
  ) {
    super(`${file}: ${reason}`, options);
  }
}

function kindOf(st: Stats): string {
  if (st.isDirectory()) return "a directory";
  if (st.isFIFO()) return "a FIFO";
  if (st.isCharacterDevice()) return "a character device";
  if (st.isBlockDevice()) return "a block device";
  if (st.isSocket()) return "a socket";
  return "not a regular file";
}

/**
 * The bytes of `path` if it is a regular file of at most `maxBytes`. Opened without blocking (a
 * FIFO's open would wait for a writer) and checked on the open descriptor, so a file swapped for
 * something else between a check and the read is still refused; a file that grows past the bound
 * while read is refused too.
 */
export function readBoundedFile(path: string, maxBytes: number): Buffer {
  let fd: number;
  try {
    fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (err) {
    throw new FileReadError(path, `cannot read: ${(err as NodeJS.ErrnoException).code ?? String(err)}`, { cause: err });
  }
  try {
    const st = fstatSync(fd);
    if (!st.isFile()) throw new FileReadError(path, `${kindOf(st)}, not a regular file`);
    if (st.size > maxBytes) throw new FileReadError(path, `${st.size} bytes, more than the ${maxBytes} allowed`);
    const chunks: Buffer[] = [];
    let total = 0;
    for (;;) {
      const buf = Buffer.allocUnsafe(Math.min(READ_CHUNK_BYTES, maxBytes + 1 - total) || 1);
      const n = readSync(fd, buf, 0, buf.length, null);
      if (n === 0) break;
      chunks.push(n === buf.length ? buf : buf.subarray(0, n));
      total += n;
      if (total > maxBytes) throw new FileReadError(path, `more than the ${maxBytes} bytes allowed (it grew while read)`);
    }
    return Buffer.concat(chunks, total);
  } catch (err) {
    if (err instanceof FileReadError) throw err;
    throw new FileReadError(path, `cannot read: ${(err as NodeJS.ErrnoException).code ?? String(err)}`, { cause: err });
  } finally {
    closeSync(fd);
  }
}

/** readBoundedFile as UTF-8 text. */
export function readBoundedText(path: string, maxBytes: number): string {
  return readBoundedFile(path, maxBytes).toString("utf8");
}
