// In-process events, emitted only after the transaction that caused them has committed, so a
// listener never sees a change that was rolled back. Work that must survive a crash goes through
// a table (the mail outbox), not through an event.

export type EventHandler<P> = (payload: P) => void | Promise<void>;

export interface EventBus {
  on<P>(name: string, handler: EventHandler<P>): void;
  emit<P>(name: string, payload: P): Promise<void>;
}

export function createEventBus(onError: (name: string, error: unknown) => void): EventBus {
  const handlers = new Map<string, EventHandler<unknown>[]>();
  return {
    on(name, handler) {
      const list = handlers.get(name) ?? [];
      list.push(handler as EventHandler<unknown>);
      handlers.set(name, list);
    },
    async emit(name, payload) {
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
