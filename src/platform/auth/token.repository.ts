// Single-use links (password reset, invitation): only the token's hash is stored, so a database
// leak does not hand out working links.
import type { Db } from '../db/database.js';
import type { UserTokenTable } from '../db/tables.js';

export type TokenPurpose = UserTokenTable['purpose'];

export interface UserTokenRecord {
  tokenHash: string;
  userId: string;
  purpose: TokenPurpose;
  expiresAt: string;
  usedAt: string | null;
}

export async function insertUserToken(db: Db, row: { tokenHash: string; userId: string; purpose: TokenPurpose; expiresAt: string; now: string }): Promise<void> {
  await db
    .insertInto('user_tokens')
    .values({ token_hash: row.tokenHash, user_id: row.userId, purpose: row.purpose, expires_at: row.expiresAt, used_at: null, created_at: row.now })
    .execute();
}

export async function findUserToken(db: Db, tokenHash: string, purpose: TokenPurpose): Promise<UserTokenRecord | undefined> {
  const row = await db
    .selectFrom('user_tokens')
    .select(['token_hash', 'user_id', 'purpose', 'expires_at', 'used_at'])
    .where('token_hash', '=', tokenHash)
    .where('purpose', '=', purpose)
    .executeTakeFirst();
  return row ? { tokenHash: row.token_hash, userId: row.user_id, purpose: row.purpose, expiresAt: row.expires_at, usedAt: row.used_at } : undefined;
}

/** Marks the token used only if it still was unused; returns false when another request won. */
export async function consumeUserToken(db: Db, tokenHash: string, now: string): Promise<boolean> {
  const result = await db
    .updateTable('user_tokens')
    .set({ used_at: now })
    .where('token_hash', '=', tokenHash)
    .where('used_at', 'is', null)
    .where('expires_at', '>', now)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** Retires the user's other open tokens of a purpose, e.g. when a new invitation is sent. */
export async function retireOpenTokens(db: Db, userId: string, purpose: TokenPurpose, now: string): Promise<void> {
  await db.updateTable('user_tokens').set({ used_at: now }).where('user_id', '=', userId).where('purpose', '=', purpose).where('used_at', 'is', null).execute();
}

/** Sets the name an invited person confirms when accepting. */
export async function updateUserName(db: Db, userId: string, name: string, now: string): Promise<void> {
  await db.updateTable('users').set({ name, updated_at: now }).where('id', '=', userId).execute();
}
