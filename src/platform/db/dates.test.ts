// PostgreSQL's timestamptz text becomes the app's ISO text the same way, fast or not.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isoFromPostgresTimestamp } from './dates.js';

const pad = (n: number, width: number) => String(n).padStart(width, '0');

describe('isoFromPostgresTimestamp', () => {
  it('rearranges UTC values as Date would read them, to the millisecond, whatever the fraction', () => {
    fc.assert(
      fc.property(
        fc.date({ min: new Date('1970-01-01T00:00:00Z'), max: new Date('2999-12-31T23:59:59Z'), noInvalidDate: true }),
        fc.integer({ min: 0, max: 999_999 }),
        fc.integer({ min: 0, max: 6 }),
        (date, micros, digits) => {
          const fraction = digits === 0 ? '' : `.${pad(micros, 6).slice(0, digits)}`;
          const value = `${date.toISOString().slice(0, 10)} ${date.toISOString().slice(11, 19)}${fraction}+00`;
          expect(isoFromPostgresTimestamp(value)).toBe(new Date(value).toISOString());
        },
      ),
    );
  });

  it('reads other offsets through Date', () => {
    expect(isoFromPostgresTimestamp('2026-12-03 13:00:44.12+01')).toBe('2026-12-03T12:00:44.120Z');
    expect(isoFromPostgresTimestamp('2026-12-03 13:00:44.123456+05:30')).toBe('2026-12-03T07:30:44.123Z');
    expect(isoFromPostgresTimestamp('2026-12-03 01:00:00-02')).toBe('2026-12-03T03:00:00.000Z');
  });
});
