/** What every source (ZeroMQ, AMQP, file) hands to the pipeline. */
import type { Message } from "../../formatters/index.js";

export type SourceInput =
  /** ZeroMQ multipart frames, expected `[topic, json-envelope]`. */
  | { readonly kind: "frames"; readonly origin: string; readonly frames: readonly Buffer[] }
  /** One JSON text (a line of a file, an AMQP body with its metadata already merged). */
  | { readonly kind: "json"; readonly origin: string; readonly text: string }
  /** A message the source decoded itself (AMQP builds it from properties and body). */
  | { readonly kind: "message"; readonly origin: string; readonly message: Message };

export interface Source {
  readonly name: string;
  /** Start delivering inputs to `emit`; resolves once the source is connected/listening. */
  start(emit: (input: SourceInput) => void): Promise<void>;
  stop(): Promise<void>;
}
