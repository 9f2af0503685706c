/** Typed errors of the formatter library. */

/** The input is not a bus message; `reason` says why in words an operator can act on. */
export class DecodeError extends Error {
  override readonly name = "DecodeError";
  constructor(
    readonly reason: string,
    options?: { cause?: unknown },
  ) {
    super(reason, options);
  }
}

/** Two services claim one schema name: which class formats the message would depend on list order. */
export class RegistryError extends Error {
  override readonly name = "RegistryError";
}
