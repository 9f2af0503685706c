/** What every source (ZeroMQ, AMQP, file) hands to the pipeline. */
import type { Message } from "../../formatters/index.js";
import type { InputResult } from "../flow/outcome.js";

interface InputCommon {
  readonly origin: string;
  /**
   * Called exactly once by the pipeline: "done" when every sink that took the
   * message has settled its outcome (or at once when none took it), "malformed"
   * when it could not be decoded or its signature is bad. The AMQP source acks then.
   */
  readonly settle?: (result: InputResult) => void;
}

export type SourceInput =
  /** ZeroMQ multipart frames, expected `[topic, json-envelope]`. */
  | (InputCommon & { readonly kind: "frames"; readonly frames: readonly Buffer[] })
  /** One JSON text (a line of a file, an AMQP body with its metadata already merged). */
  | (InputCommon & { readonly kind: "json"; readonly text: string })
  /** A message the source decoded itself (AMQP builds it from properties and body). */
  | (InputCommon & { readonly kind: "message"; readonly message: Message });

export interface Source {
  readonly name: string;
  /** Start delivering inputs to `emit`; resolves once the source is connected/listening. */
  start(emit: (input: SourceInput) => void): Promise<void>;
  stop(): Promise<void>;
}
