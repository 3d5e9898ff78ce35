import { hash, verify } from '@node-rs/argon2';

// @node-rs/argon2 exports Algorithm as a const enum, which isolated modules cannot read: 2 = Argon2id.
const argon2id = 2;

// OWASP's argon2id baseline (19 MiB, 2 passes); about 7 ms a hash on these machines.
const options = { algorithm: argon2id, memoryCost: 19456, timeCost: 2, parallelism: 1 };

export function hashPassword(password: string): Promise<string> {
  return hash(password, options);
}

export async function verifyPassword(passwordHash: string | null, password: string): Promise<boolean> {
  if (!passwordHash) {
    // Spend the same time as a real check so response time does not reveal unknown accounts.
    await hash(password, options);
    return false;
  }
  try {
    return await verify(passwordHash, password);
  } catch {
    return false;
  }
}

export const passwordLimits = { min: 12, max: 200 } as const;

/** The demo's shared password; refused for any account outside demo mode. */
export const demoPassword = 'trygghet-demo-2016';
