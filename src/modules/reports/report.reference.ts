// A report's reference: eight characters of Crockford's base 32 (no I, L, O or U, so it can be
// read aloud and typed from a phone), random, so that knowing one reference tells nothing about
// another. Shown as XXXX-XXXX; typed with or without the dash, in either case.
import { randomInt } from 'node:crypto';

/** The 32 letters of a reference, in the order of their values (the map index encodes by it). */
export const referenceAlphabet = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

export function newReference(): string {
  let reference = '';
  for (let i = 0; i < 8; i += 1) reference += referenceAlphabet[randomInt(32)];
  return reference;
}

/** The stored form of what someone typed, or null when it cannot be a reference. */
export function normaliseReference(text: string): string | null {
  const cleaned = text.trim().toUpperCase().replace(/[\s-]/g, '').replace(/[IL]/g, '1').replace(/O/g, '0');
  if (cleaned.length !== 8) return null;
  for (const ch of cleaned) if (!referenceAlphabet.includes(ch)) return null;
  return cleaned;
}

export function formatReference(reference: string): string {
  return `${reference.slice(0, 4)}-${reference.slice(4)}`;
}
