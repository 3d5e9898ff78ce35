// In-process events, emitted only after the transaction that caused them has committed, so a
// listener never sees a change that was rolled back. Work that must survive a crash goes through
// a table (the mail outbox), not through an event.

export type EventHandler<P> = (payload: P) => void | Promise<void>;

export interface EventBus {
  on<P>(name: string, handler: EventHandler<P>): void;
  emit<P>(name: string, payload: P): Promise<void>;
}

/**
 * `declared`: the events the app's modules declare in their manifests. Subscribing to or emitting
 * any other name is a programming error (a typo would otherwise be silence), so it throws.
 */
export function createEventBus(onError: (name: string, error: unknown) => void, declared?: ReadonlySet<string>): EventBus {
  const handlers = new Map<string, EventHandler<unknown>[]>();
  const check = (name: string) => {
    if (declared && !declared.has(name)) throw new Error(`Event ${name} is not declared by any module's manifest (events: [...])`);
  };
  return {
    on(name, handler) {
      check(name);
      const list = handlers.get(name) ?? [];
      list.push(handler as EventHandler<unknown>);
      handlers.set(name, list);
    },
    async emit(name, payload) {
      check(name);
      for (const handler of handlers.get(name) ?? []) {
        try {
          await handler(payload);
        } catch (error) {
          onError(name, error);
        }
      }
    },
  };
}
