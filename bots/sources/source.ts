/** What every source (ZeroMQ, AMQP, file) hands to the pipeline. */
import type { Message } from "../../formatters/index.js";
import type { InputResult } from "../flow/outcome.js";
import type { AmqpDelivery } from "./amqp-message.js";

export type SourceInput = (
  /** ZeroMQ multipart frames, expected `[topic, json-envelope]`. */
  | { readonly kind: "frames"; readonly origin: string; readonly frames: readonly Buffer[] }
  /** One JSON text (a line of a file). */
  | { readonly kind: "json"; readonly origin: string; readonly text: string }
  /** One AMQP delivery: routing key, properties and body bytes, decoded by the decode stage. */
  | { readonly kind: "amqp"; readonly origin: string; readonly delivery: AmqpDelivery }
  /** A message the source decoded itself. */
  | { readonly kind: "message"; readonly origin: string; readonly message: Message }
) & {
  /** Told once when the input is done everywhere or malformed (the AMQP source acks or rejects then). */
  readonly settle?: (r: InputResult) => void;
};

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
