// The GPS position a phone writes into a photo's EXIF, read before the photo is re-encoded
// without it, so it can be offered (with consent) as the report's position. EXIF comes from the
// sender: every offset is checked against the buffer, and anything odd means "no position".
import type { Point } from './report.location.js';

const gpsIfdTag = 0x8825;
const maxEntries = 1000;

/** The GPS position in an EXIF block (as sharp's metadata().exif gives it), or null. */
export function gpsPositionOfExif(exif: Buffer | undefined): Point | null {
  if (!exif || exif.length < 8) return null;
  const base = exif.subarray(0, 6).toString('latin1') === 'Exif\0\0' ? 6 : 0;
  const order = exif.toString('latin1', base, base + 2);
  if (order !== 'II' && order !== 'MM') return null;
  const little = order === 'II';
  const u16 = (at: number): number | undefined => (at >= 0 && at + 2 <= exif.length ? (little ? exif.readUInt16LE(at) : exif.readUInt16BE(at)) : undefined);
  const u32 = (at: number): number | undefined => (at >= 0 && at + 4 <= exif.length ? (little ? exif.readUInt32LE(at) : exif.readUInt32BE(at)) : undefined);
  if (u16(base + 2) !== 42) return null;

  interface Entry {
    type: number;
    count: number;
    /** Where the value is: inline in the entry when it fits in 4 bytes, else at the offset given there. */
    valueAt: number;
  }
  const entriesOf = (offset: number | undefined): Map<number, Entry> | null => {
    if (offset === undefined) return null;
    const at = base + offset;
    const count = u16(at);
    if (count === undefined || count > maxEntries || at + 2 + count * 12 > exif.length) return null;
    const entries = new Map<number, Entry>();
    for (let i = 0; i < count; i += 1) {
      const entry = at + 2 + i * 12;
      const tag = u16(entry)!;
      const type = u16(entry + 2)!;
      const n = u32(entry + 4)!;
      const size = (type === 5 ? 8 : type === 2 || type === 1 ? 1 : 4) * n;
      const valueAt = size <= 4 ? entry + 8 : base + u32(entry + 8)!;
      entries.set(tag, { type, count: n, valueAt });
    }
    return entries;
  };

  const ifd0 = entriesOf(u32(base + 4));
  const pointer = ifd0?.get(gpsIfdTag);
  if (!pointer) return null;
  const gps = entriesOf(u32(pointer.valueAt));
  if (!gps) return null;

  const ref = (tag: number): string | null => {
    const entry = gps.get(tag);
    if (!entry || entry.type !== 2 || entry.count < 1 || entry.valueAt >= exif.length) return null;
    return String.fromCharCode(exif[entry.valueAt]!);
  };
  const degrees = (tag: number): number | null => {
    const entry = gps.get(tag);
    if (!entry || entry.type !== 5 || entry.count !== 3 || entry.valueAt + 24 > exif.length) return null;
    let value = 0;
    for (let i = 0; i < 3; i += 1) {
      const numerator = u32(entry.valueAt + i * 8)!;
      const denominator = u32(entry.valueAt + i * 8 + 4)!;
      if (denominator === 0) return null;
      value += numerator / denominator / 60 ** i;
    }
    return value;
  };

  const latRef = ref(1);
  const lonRef = ref(3);
  const lat = degrees(2);
  const lon = degrees(4);
  if (lat === null || lon === null || !latRef || !lonRef || !'NS'.includes(latRef) || !'EW'.includes(lonRef)) return null;
  const point = { lat: latRef === 'S' ? -lat : lat, lon: lonRef === 'W' ? -lon : lon };
  if (!Number.isFinite(point.lat) || !Number.isFinite(point.lon) || Math.abs(point.lat) > 90 || Math.abs(point.lon) > 180) return null;
  // 0,0 is what a camera without a fix writes, not a place in any kommun.
  if (point.lat === 0 && point.lon === 0) return null;
  return point;
}
