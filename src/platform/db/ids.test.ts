import { describe, expect, it } from 'vitest';
import { isId, newId } from './ids.js';

describe('newId', () => {
  it('produces version-7 UUIDs that sort in creation order, even within one millisecond', () => {
    const ids = Array.from({ length: 5000 }, () => newId(1_795_000_000_000));
    expect(new Set(ids).size).toBe(ids.length);
    expect([...ids].sort()).toEqual(ids);
    for (const id of ids.slice(0, 10)) {
      expect(isId(id)).toBe(true);
      expect(id[14]).toBe('7');
    }
  });

  it('keeps later ids after earlier ones across milliseconds', () => {
    const a = newId(1_800_000_000_000);
    const b = newId(1_800_000_000_001);
    expect(a < b).toBe(true);
  });

  it('rejects junk as an id', () => {
    for (const junk of ['', 'x', '../../etc', 'A0000000-0000-7000-8000-000000000000', null, 42]) expect(isId(junk)).toBe(false);
  });
});
