// The cluster index's reference codes and its table of slots by code, against strings and a Map.
import { describe, expect, it } from 'vitest';
import { ClusterIndex, lastZoom } from './report.cluster.js';
import { ReferenceCodes, SlotsByCode } from './report.cluster.references.js';
import { newReference } from './report.reference.js';

describe('reference codes', () => {
  it('give every reference back exactly, and different references different codes', () => {
    const codes = new ReferenceCodes();
    const references = ['00000000', 'ZZZZZZZZ', 'V0000001', '7K3MXQ2T', ...Array.from({ length: 2000 }, newReference)];
    const seen = new Map<number, string>();
    for (const reference of references) {
      const code = codes.encode(reference);
      expect(code).toBeGreaterThanOrEqual(0);
      expect(code).toBeLessThan(2 ** 40);
      expect(codes.decode(code)).toBe(reference);
      if (seen.has(code)) expect(seen.get(code)).toBe(reference);
      seen.set(code, reference);
    }
    expect(codes.encode('00000001') - codes.encode('00000000')).toBe(1);
  });

  it('give a text that is no reference a negative code of its own, and do not remember texts only looked up', () => {
    const codes = new ReferenceCodes();
    for (const odd of ['', 'abcdefgh', 'ILOU1234', 'SHORT', 'ÅÄÖÅÄÖÅÄ', '0000000000']) {
      expect(codes.codeOf(odd)).toBeUndefined();
      const code = codes.encode(odd);
      expect(code).toBeLessThan(0);
      expect(codes.encode(odd)).toBe(code);
      expect(codes.codeOf(odd)).toBe(code);
      expect(codes.decode(code)).toBe(odd);
    }
    expect(codes.encode('another')).toBe(-7);
  });
});

describe('slots by code', () => {
  it('answers as a Map does through growth and many deletions', () => {
    // Small start, so that the table grows several times and its probe runs are long.
    const table = new SlotsByCode();
    const model = new Map<number, number>();
    let seed = 7;
    const rnd = () => {
      seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
      return seed / 4294967296;
    };
    // Codes close together (as sequential references) and spread over 40 bits.
    const codeAt = (i: number) => (i % 2 === 0 ? i : Math.floor(rnd() * 2 ** 40));
    const codes: number[] = [];
    for (let i = 0; i < 20_000; i += 1) {
      const code = codeAt(i);
      codes.push(code);
      table.set(code, i);
      model.set(code, i);
      if (i % 3 === 0) {
        const gone = codes[Math.floor(rnd() * codes.length)]!;
        table.delete(gone);
        model.delete(gone);
      }
    }
    expect(table.size).toBe(model.size);
    for (const code of codes) expect(table.get(code)).toBe(model.get(code));
    for (const [code, slot] of model) expect(table.get(code)).toBe(slot);
    expect(table.has(2 ** 40 + 5)).toBe(false);
    // Deleting everything leaves an empty table that still takes entries.
    for (const code of codes) table.delete(code);
    expect(table.size).toBe(0);
    for (const code of codes) expect(table.has(code)).toBe(false);
    table.set(42, 1);
    expect(table.get(42)).toBe(1);
  });
});

describe('the index with codes', () => {
  it('finds, moves and forgets reports by reference, odd texts included, after a load', () => {
    const index = new ClusterIndex(Date.parse('2026-12-03T12:00:00Z'));
    const point = (reference: string, lon: number) => ({ reference, lon, lat: 59.53, category: 'belysning', status: 'new' as const, parts: 1, createdAt: Date.parse('2026-12-01T12:00:00Z'), weight: 1 });
    index.load([point('AAAA0001', 18.07), point('odd one', 18.08)]);
    expect(index.has('AAAA0001')).toBe(true);
    expect(index.has('odd one')).toBe(true);
    expect(index.has('AAAA0002')).toBe(false);
    expect(index.has('never seen')).toBe(false);
    index.upsert(point('AAAA0001', 18.09));
    index.remove('odd one');
    index.remove('never seen');
    expect(index.size).toBe(1);
    const answer = index.query({ minLon: 18, minLat: 59.5, maxLon: 18.2, maxLat: 59.6 }, lastZoom);
    expect(answer.items).toEqual([{ kind: 'point', point: point('AAAA0001', 18.09) }]);
  });
});
