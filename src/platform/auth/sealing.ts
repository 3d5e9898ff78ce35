// Secrets the app must read back later (TOTP secrets, the link in a password-setting mail until
// it is sent, a subscriber's e-mail address) are stored sealed: AES-256-GCM under a key derived from SESSION_SECRET with HKDF,
// one key per purpose, so a copy of the database alone reveals none of them. The associated data
// binds a sealed value to its row (a user id, a mail id), so it cannot be moved to another row.
import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';

export type SealPurpose = 'totp' | 'totp-setup' | 'mail-secret' | 'mail-recipient' | 'subscription-email';

const prefix = 'v1.';
const keys = new Map<string, Buffer>();

function keyFor(secret: string, purpose: SealPurpose): Buffer {
  const cacheKey = `${purpose}\u0000${secret}`;
  let key = keys.get(cacheKey);
  if (!key) {
    key = Buffer.from(hkdfSync('sha256', secret, 'samtrygg-sealing', `samtrygg:${purpose}`, 32));
    keys.set(cacheKey, key);
  }
  return key;
}

export function seal(secret: string, purpose: SealPurpose, plaintext: string, boundTo: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', keyFor(secret, purpose), iv);
  cipher.setAAD(Buffer.from(boundTo, 'utf8'));
  const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  return `${prefix}${Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64url')}`;
}

/** The plaintext, or null when the value was not sealed by us for this purpose and row. */
export function unseal(secret: string, purpose: SealPurpose, sealed: string, boundTo: string): string | null {
  if (!sealed.startsWith(prefix)) return null;
  const raw = Buffer.from(sealed.slice(prefix.length), 'base64url');
  if (raw.length < 29) return null;
  try {
    const decipher = createDecipheriv('aes-256-gcm', keyFor(secret, purpose), raw.subarray(0, 12));
    decipher.setAAD(Buffer.from(boundTo, 'utf8'));
    decipher.setAuthTag(raw.subarray(12, 28));
    return Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString('utf8');
  } catch {
    return null;
  }
}

export function isSealed(value: string): boolean {
  return value.startsWith(prefix);
}
