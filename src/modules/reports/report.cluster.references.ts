// The cluster index's references, kept without a heap object each. A reference is eight
// characters of the 32-letter alphabet (report.reference.ts): 40 bits, held exactly by a double.
// With a million reports, a string per reference and a Map from them to slots were two million
// objects that every full garbage collection of the instance walked, a pause felt by every request
// in flight (the send's and the map's p99). Here they are numbers in typed arrays.
//
// A text that is not such a reference (none is made so; kept for safety) gets a negative code of
// its own, remembered in a small map.
import { referenceAlphabet as alphabet } from './report.reference.js';

const valueOf = new Int8Array(128).fill(-1);
for (let i = 0; i < alphabet.length; i += 1) valueOf[alphabet.charCodeAt(i)] = i;

/** The codes of a reference and back. */
export class ReferenceCodes {
  private readonly oddCodes = new Map<string, number>();
  private readonly oddTexts = new Map<number, string>();

  /** The reference's code, given one if it is an odd text seen for the first time. */
  encode(reference: string): number {
    const code = this.codeOf(reference);
    if (code !== undefined) return code;
    const odd = -(this.oddCodes.size + 1);
    this.oddCodes.set(reference, odd);
    this.oddTexts.set(odd, reference);
    return odd;
  }

  /** The reference's code, or undefined for an odd text never encoded (so in no index). */
  codeOf(reference: string): number | undefined {
    if (reference.length === 8) {
      let code = 0;
      let i = 0;
      for (; i < 8; i += 1) {
        const c = reference.charCodeAt(i);
        const v = c < 128 ? valueOf[c]! : -1;
        if (v < 0) break;
        code = code * 32 + v;
      }
      if (i === 8) return code;
    }
    return this.oddCodes.get(reference);
  }

  decode(code: number): string {
    if (code < 0) return this.oddTexts.get(code)!;
    let text = '';
    let rest = code;
    for (let i = 0; i < 8; i += 1) {
      const v = rest % 32;
      text = alphabet[v]! + text;
      rest = (rest - v) / 32;
    }
    return text;
  }
}

const empty = -1;

/**
 * Slots by reference code: an open-addressing hash table (linear probing, deletion by shifting
 * back) in two typed arrays.
 */
export class SlotsByCode {
  private keys: Float64Array;
  private slots: Int32Array;
  private mask: number;
  size = 0;

  constructor(expected = 0) {
    let capacity = 1024;
    while (capacity < expected * 2) capacity *= 2;
    this.keys = new Float64Array(capacity);
    this.slots = new Int32Array(capacity).fill(empty);
    this.mask = capacity - 1;
  }

  private home(code: number): number {
    const low = code >>> 0;
    const high = Math.floor(code / 4294967296) | 0;
    // murmur3's finaliser over both halves: every bit of the code moves the home.
    let h = low ^ Math.imul(high, 0x9e3779b1);
    h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
    h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
    return (h ^ (h >>> 16)) & this.mask;
  }

  private find(code: number): number {
    for (let i = this.home(code); ; i = (i + 1) & this.mask) {
      if (this.slots[i] === empty) return -1;
      if (this.keys[i] === code) return i;
    }
  }

  get(code: number): number | undefined {
    const i = this.find(code);
    return i === -1 ? undefined : this.slots[i]!;
  }

  has(code: number): boolean {
    return this.find(code) !== -1;
  }

  set(code: number, slot: number): void {
    if ((this.size + 1) * 2 > this.slots.length) this.grow();
    for (let i = this.home(code); ; i = (i + 1) & this.mask) {
      if (this.slots[i] === empty) {
        this.keys[i] = code;
        this.slots[i] = slot;
        this.size += 1;
        return;
      }
      if (this.keys[i] === code) {
        this.slots[i] = slot;
        return;
      }
    }
  }

  delete(code: number): void {
    let hole = this.find(code);
    if (hole === -1) return;
    this.size -= 1;
    // Entries after the hole that would no longer be found past it move back into it.
    for (let i = (hole + 1) & this.mask; this.slots[i] !== empty; i = (i + 1) & this.mask) {
      const home = this.home(this.keys[i]!);
      // Whether `home` lies cyclically in (hole, i]: if not, the entry may fill the hole.
      const stays = hole <= i ? home > hole && home <= i : home > hole || home <= i;
      if (stays) continue;
      this.keys[hole] = this.keys[i]!;
      this.slots[hole] = this.slots[i]!;
      hole = i;
    }
    this.slots[hole] = empty;
  }

  private grow(): void {
    const { keys, slots } = this;
    this.keys = new Float64Array(slots.length * 2);
    this.slots = new Int32Array(slots.length * 2).fill(empty);
    this.mask = slots.length * 2 - 1;
    this.size = 0;
    for (let i = 0; i < slots.length; i += 1) if (slots[i] !== empty) this.set(keys[i]!, slots[i]!);
  }
}
