import { describe, expect, it } from 'vitest';
import { createUploadSlots } from './upload-slots.js';

describe('upload slots', () => {
  it('gives out as many slots as it has and refuses the next at once when told not to wait', async () => {
    const slots = createUploadSlots(2);
    const first = await slots.acquire(0);
    const second = await slots.acquire(0);
    expect(first).not.toBeNull();
    expect(second).not.toBeNull();
    expect(await slots.acquire(0)).toBeNull();
    expect(slots.inUse).toBe(2);
    first!();
    first!();
    expect(slots.inUse).toBe(1);
    expect(await slots.acquire(0)).not.toBeNull();
  });

  it('hands a freed slot to the one who waits', async () => {
    const slots = createUploadSlots(1);
    const held = (await slots.acquire(0))!;
    const waiting = slots.acquire(60_000);
    held();
    const granted = await waiting;
    expect(granted).not.toBeNull();
    expect(slots.inUse).toBe(1);
    granted!();
    expect(slots.inUse).toBe(0);
  });

  it('gives up waiting when no slot frees up, and the slot later freed is not lost', async () => {
    const slots = createUploadSlots(1);
    const held = (await slots.acquire(0))!;
    expect(await slots.acquire(1)).toBeNull();
    held();
    expect(slots.inUse).toBe(0);
    expect(await slots.acquire(0)).not.toBeNull();
  });
});
