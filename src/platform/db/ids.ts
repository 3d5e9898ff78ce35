import { randomFillSync } from 'node:crypto';

let lastMs = 0;
let sequence = 0;

// Random bytes are drawn from the system in blocks: one call per id cost more than the rest of
// making it (a report's send makes three ids; profiled under `npm run bench`).
const pool = Buffer.alloc(16 * 256);
let poolOffset = pool.length;

function random16(): Buffer {
  if (poolOffset >= pool.length) {
    randomFillSync(pool);
    poolOffset = 0;
  }
  const bytes = Buffer.from(pool.subarray(poolOffset, poolOffset + 16));
  poolOffset += 16;
  return bytes;
}

/**
 * UUIDv7 (RFC 9562): time-ordered, so new rows append to the end of primary-key indexes in both
 * SQLite and PostgreSQL and ids sort in creation order, which keyset pagination relies on.
 * A 12-bit counter keeps ids strictly increasing within one millisecond of one process.
 */
export function newId(now: number = Date.now()): string {
  if (now <= lastMs) {
    sequence += 1;
    if (sequence > 0xfff) {
      lastMs += 1;
      sequence = 0;
    }
    now = lastMs;
  } else {
    lastMs = now;
    sequence = 0;
  }
  const bytes = random16();
  bytes.writeUIntBE(now, 0, 6);
  bytes[6] = 0x70 | ((sequence >> 8) & 0x0f);
  bytes[7] = sequence & 0xff;
  bytes[8] = 0x80 | ((bytes[8] ?? 0) & 0x3f);
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** The canonical lower-case text form of a UUID, as newId writes it. */
export const idPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** True for the canonical lower-case UUID text form; used to reject junk ids before querying. */
export function isId(value: unknown): value is string {
  return typeof value === 'string' && idPattern.test(value);
}
