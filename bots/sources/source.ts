/** What every source (ZeroMQ, AMQP, file) hands to the pipeline. */
import type { Message } from "../../formatters/index.js";
import type { InputResult } from "../flow/outcome.js";
import type { AmqpDelivery } from "./amqp-message.js";

interface InputCommon {
  readonly origin: string;
  /**
   * Called exactly once by the pipeline: "done" when every sink that took the
   * message has settled its outcome (or at once when none took it), "malformed"
   * when it could not be decoded or its signature is bad, "requeue" when done but
   * some sink dropped it at shutdown. The AMQP source acks, rejects or requeues then.
   */
  readonly settle?: (result: InputResult) => void;
}

export type SourceInput =
  /** ZeroMQ multipart frames, expected `[topic, json-envelope]`. */
  | (InputCommon & { readonly kind: "frames"; readonly frames: readonly Buffer[] })
  /** One JSON text (a line of a file). */
  | (InputCommon & { readonly kind: "json"; readonly text: string })
  /** One AMQP delivery: routing key, properties and body bytes, decoded by the decode stage. */
  | (InputCommon & { readonly kind: "amqp"; readonly delivery: AmqpDelivery })
  /** A message the source decoded itself. */
  | (InputCommon & { readonly kind: "message"; readonly message: Message });

/** A source's view of itself for `/healthz`. */
export interface SourceHealth {
  readonly ok: boolean;
  /** One line for a person: what the source is doing, and why not if it is not ok. */
  readonly detail: string;
}

export interface Source {
  readonly name: string;
  /** Start delivering inputs to `emit`; resolves once the source is connected/listening (or retrying in the background). */
  start(emit: (input: SourceInput) => void): Promise<void>;
  /** Stop taking new input. Inputs already emitted may still settle until `close`. */
  stop(): Promise<void>;
  /** After the sinks drained: let go of what is still unsettled and disconnect. */
  close?(): Promise<void>;
  health?(): SourceHealth;
}
