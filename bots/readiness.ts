/**
 * Readiness: is this bot connected at both ends? `/readyz` (bots/metrics-http.ts) answers 200 when
 * it is and 503 (with the list of what is not) when it is not; `/healthz` only says the process lives.
 *
 * How a source or sink reports (every one gets `metrics` in its options already):
 *
 *     const ready = metrics.readiness.register("source", "amqp");   // starts not ready
 *     ready.set(true);                                              // connected, consuming
 *     ready.set(false, "channel closed: 320 CONNECTION_FORCED");    // lost; say why
 *     ready.remove();                                               // on stop (optional)
 *
 * The bot is ready when at least one component has registered and every registered component
 * reports ready. A component that never registers is not consulted, so a source that cannot say
 * (yet) does not hold the bot back. Each state is also the gauge `fedmsg_echo_ready{kind,name}`.
 * A removed component's gauge series is removed too (a lane that held and came back leaves no 0).
 * Registering an existing kind+name returns a reporter for the same entry (restarts are fine).
 */

export type ComponentKind = "source" | "sink";

export interface ComponentState {
  readonly kind: ComponentKind;
  readonly name: string;
  readonly ready: boolean;
  /** Why it is not ready (or what it is connected to), for people reading /readyz. */
  readonly detail: string | undefined;
  /** When `ready` last changed (ms since the epoch). */
  readonly since: number;
}

export interface ReadinessReporter {
  set(ready: boolean, detail?: string): void;
  remove(): void;
}

export interface ReadinessState {
  readonly ready: boolean;
  readonly components: readonly ComponentState[];
}

export class Readiness {
  private readonly components = new Map<string, ComponentState>();

  /** `onChange` mirrors every change (into a gauge), and `onRemove` a component's removal (its gauge series goes too). */
  constructor(
    private readonly onChange?: (kind: ComponentKind, name: string, ready: boolean) => void,
    private readonly onRemove?: (kind: ComponentKind, name: string) => void,
  ) {}

  register(kind: ComponentKind, name: string): ReadinessReporter {
    const key = `${kind}\u0000${name}`;
    if (!this.components.has(key)) this.update(key, { kind, name, ready: false, detail: "starting", since: Date.now() });
    return {
      set: (ready, detail) => {
        const prev = this.components.get(key);
        const since = prev && prev.ready === ready ? prev.since : Date.now();
        this.update(key, { kind, name, ready, detail, since });
      },
      remove: () => {
        if (this.components.delete(key)) this.onRemove?.(kind, name);
      },
    };
  }

  state(): ReadinessState {
    const components = [...this.components.values()].sort((a, b) => a.kind.localeCompare(b.kind) || a.name.localeCompare(b.name));
    return { ready: components.length > 0 && components.every((c) => c.ready), components };
  }

  private update(key: string, state: ComponentState): void {
    this.components.set(key, state);
    this.onChange?.(state.kind, state.name, state.ready);
  }
}
