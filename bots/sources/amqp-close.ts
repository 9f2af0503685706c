/**
 * Time-bounded closes for the AMQP source: amqplib's close handshakes can wait
 * for ever on a connection that just died, and a shutdown must not.
 */
import type amqp from "amqplib";

/** A close handshake on a connection that just died can wait for ever (amqplib): then the socket is destroyed. */
export const CLOSE_TIMEOUT_MS = 1000;

/** True when `p` settled within `ms` (whether it resolved or rejected). */
export async function within(p: Promise<unknown>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(false), ms)));
  const done = p.then(
    () => true,
    () => true,
  );
  const ok = await Promise.race([done, timedOut]);
  clearTimeout(timer);
  return ok;
}

export async function closeWithin(conn: amqp.ChannelModel, ms: number): Promise<void> {
  if (!(await within(conn.close(), ms))) {
    (conn as unknown as { connection?: { stream?: { destroy?: () => void } } }).connection?.stream?.destroy?.();
  }
}
