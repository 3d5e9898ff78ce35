// The only SQL for personal API tokens. Every statement names the token's owner or its hash:
// nobody reaches another person's tokens through a forgotten check.
import type { Db } from '../db/database.js';
import './api-token.tables.js';

export interface ApiTokenRecord {
  id: string;
  name: string;
  createdAt: string;
  expiresAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
}

/** The owner of a live token, as the kernel needs them to build an actor. */
export interface ApiTokenOwner {
  tokenId: string;
  lastUsedAt: string | null;
  userId: string;
  user: { email: string; name: string; isPlatformAdmin: boolean; hasTotp: boolean };
}

export async function insertApiToken(db: Db, row: { id: string; userId: string; name: string; tokenHash: string; now: string; expiresAt: string }): Promise<void> {
  await db
    .insertInto('api_tokens')
    .values({ id: row.id, user_id: row.userId, name: row.name, token_hash: row.tokenHash, created_at: row.now, expires_at: row.expiresAt, last_used_at: null, revoked_at: null })
    .execute();
}

/** Tokens that would still authenticate: not revoked, not expired (api_tokens_user_idx). */
export async function countLiveApiTokens(db: Db, userId: string, now: string): Promise<number> {
  const row = await db
    .selectFrom('api_tokens')
    .select((eb) => eb.fn.countAll<number>().as('count'))
    .where('user_id', '=', userId)
    .where('revoked_at', 'is', null)
    .where('expires_at', '>', now)
    .executeTakeFirstOrThrow();
  return Number(row.count);
}

/**
 * The person's tokens, newest first: the live ones and those revoked or expired since
 * `shownSince`, so a revocation stays visible for a while and the list stays short. A person has at
 * most a handful of live tokens, so the list needs no pages; `limit` bounds it all the same.
 */
export async function listApiTokensOfUser(db: Db, userId: string, shownSince: string, limit: number): Promise<ApiTokenRecord[]> {
  const rows = await db
    .selectFrom('api_tokens')
    .select(['id', 'name', 'created_at', 'expires_at', 'last_used_at', 'revoked_at'])
    .where('user_id', '=', userId)
    .where((eb) => eb.and([eb.or([eb('revoked_at', 'is', null), eb('revoked_at', '>', shownSince)]), eb('expires_at', '>', shownSince)]))
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .limit(limit)
    .execute();
  return rows.map((r) => ({ id: r.id, name: r.name, createdAt: r.created_at, expiresAt: r.expires_at, lastUsedAt: r.last_used_at, revokedAt: r.revoked_at }));
}

export async function findApiTokenOfUser(db: Db, userId: string, id: string): Promise<ApiTokenRecord | undefined> {
  const r = await db
    .selectFrom('api_tokens')
    .select(['id', 'name', 'created_at', 'expires_at', 'last_used_at', 'revoked_at'])
    .where('id', '=', id)
    .where('user_id', '=', userId)
    .executeTakeFirst();
  return r ? { id: r.id, name: r.name, createdAt: r.created_at, expiresAt: r.expires_at, lastUsedAt: r.last_used_at, revokedAt: r.revoked_at } : undefined;
}

/** Revokes one of the person's tokens; false when it is not theirs or was revoked already. */
export async function revokeApiTokenOfUser(db: Db, userId: string, id: string, now: string): Promise<boolean> {
  const result = await db.updateTable('api_tokens').set({ revoked_at: now }).where('id', '=', id).where('user_id', '=', userId).where('revoked_at', 'is', null).executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/**
 * The token with this hash, if it authenticates now: not revoked, not expired, its person's
 * account active. Asked of the database on every request (no cache), so a revocation, an
 * expiry or a disabled account counts at once on every instance.
 */
export async function findLiveApiToken(db: Db, tokenHash: string, now: string): Promise<ApiTokenOwner | undefined> {
  const row = await db
    .selectFrom('api_tokens')
    .innerJoin('users', 'users.id', 'api_tokens.user_id')
    .select(['api_tokens.id', 'api_tokens.last_used_at', 'api_tokens.user_id', 'users.email', 'users.name', 'users.is_platform_admin', 'users.totp_enabled_at'])
    .where('api_tokens.token_hash', '=', tokenHash)
    .where('api_tokens.revoked_at', 'is', null)
    .where('api_tokens.expires_at', '>', now)
    .where('users.status', '=', 'active')
    .executeTakeFirst();
  if (!row) return undefined;
  return {
    tokenId: row.id,
    lastUsedAt: row.last_used_at,
    userId: row.user_id,
    user: { email: row.email, name: row.name, isPlatformAdmin: row.is_platform_admin === true || row.is_platform_admin === 1, hasTotp: row.totp_enabled_at !== null },
  };
}

/** Records a use, unless another request recorded one since `unlessSince` (instances race harmlessly). */
export async function touchApiToken(db: Db, id: string, now: string, unlessSince: string): Promise<void> {
  await db
    .updateTable('api_tokens')
    .set({ last_used_at: now })
    .where('id', '=', id)
    .where((eb) => eb.or([eb('last_used_at', 'is', null), eb('last_used_at', '<', unlessSince)]))
    .execute();
}
