import { describe, expect, it } from 'vitest';
import { createEventBus } from './events.js';

describe('the event bus', () => {
  it('delivers a declared event to its listeners, and a failing listener does not stop the others', async () => {
    const failures: string[] = [];
    const bus = createEventBus((name) => failures.push(name), new Set(['walks.walk_reported']));
    const seen: number[] = [];
    bus.on<number>('walks.walk_reported', () => {
      throw new Error('boom');
    });
    bus.on<number>('walks.walk_reported', (n) => {
      seen.push(n);
    });
    await bus.emit('walks.walk_reported', 7);
    expect(seen).toEqual([7]);
    expect(failures).toEqual(['walks.walk_reported']);
  });

  it('refuses to subscribe to or emit an event no manifest declares, so a typo is loud', async () => {
    const bus = createEventBus(() => undefined, new Set(['walks.walk_reported']));
    expect(() => bus.on('walks.walk_reportd', () => undefined)).toThrow(/not declared/);
    await expect(bus.emit('walks.walk_reportd', {})).rejects.toThrow(/not declared/);
  });
});
