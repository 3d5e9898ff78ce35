// Personal API tokens: a staff person creates and revokes their own, and the kernel turns an
// `Authorization: Bearer stg_…` header on /api/ into that person (kernel.plugin.ts). A token is
// shown once, when it is made; only its SHA-256 is kept. Create and revoke write audit rows in
// their transaction. A token carries no roles of its own: each request loads the person's roles
// as a session would, so it can never do more than the person could signed in.
import type { Actor } from './actor.js';
import type { AppContext } from '../context.js';
import { writeAudit } from '../audit/audit.repository.js';
import { newId } from '../db/ids.js';
import { inTransaction } from '../db/transaction.js';
import { InvalidTokenError, NotFoundError, ValidationError } from '../http/errors.js';
import { consumeRateLimit, refuseWhenRateLimited } from '../http/rate-limit.js';
import { apiTokenLimits, apiTokenPattern, apiTokenPrefix, bearerFailureLimit, type NewApiTokenInput } from './api-token.schemas.js';
import { countLiveApiTokens, findApiTokenOfUser, findLiveApiToken, insertApiToken, listApiTokensOfUser, revokeApiTokenOfUser, touchApiToken, type ApiTokenOwner, type ApiTokenRecord } from './api-token.repository.js';
import { hashToken, randomToken } from './tokens.js';

const dayMs = 86_400_000;

/** Makes a token for the person; the returned `token` is the only copy there will ever be. */
export async function createApiToken(ctx: AppContext, actor: Actor, input: NewApiTokenInput, now = new Date()): Promise<{ token: string; record: ApiTokenRecord }> {
  const token = `${apiTokenPrefix}${randomToken(32)}`;
  const nowIso = now.toISOString();
  const record: ApiTokenRecord = {
    id: newId(now.getTime()),
    name: input.name,
    createdAt: nowIso,
    expiresAt: new Date(now.getTime() + input.days * dayMs).toISOString(),
    lastUsedAt: null,
    revokedAt: null,
  };
  await inTransaction(ctx, async (tx) => {
    // Two forms sent at the same moment may both pass on PostgreSQL; the limit is against
    // forgotten tokens piling up, not a security boundary.
    if ((await countLiveApiTokens(tx.trx, actor.userId, nowIso)) >= apiTokenLimits.maxLive) {
      throw new ValidationError({ _form: `account.apiTokenTooMany|${apiTokenLimits.maxLive}` });
    }
    await insertApiToken(tx.trx, { id: record.id, userId: actor.userId, name: record.name, tokenHash: hashToken(token), now: nowIso, expiresAt: record.expiresAt });
    await writeAudit(
      tx.trx,
      { actorUserId: actor.userId, kommunId: null, organisationId: null, action: 'api_token.created', entityType: 'api_token', entityId: record.id, after: { name: record.name, expiresAt: record.expiresAt } },
      nowIso,
    );
  });
  return { token, record };
}

/** Revokes one of the person's own tokens; someone else's, or one revoked already, is a 404. */
export async function revokeApiToken(ctx: AppContext, actor: Actor, id: string, now = new Date()): Promise<void> {
  const nowIso = now.toISOString();
  await inTransaction(ctx, async (tx) => {
    const token = await findApiTokenOfUser(tx.trx, actor.userId, id);
    if (!token || !(await revokeApiTokenOfUser(tx.trx, actor.userId, id, nowIso))) throw new NotFoundError();
    await writeAudit(tx.trx, { actorUserId: actor.userId, kommunId: null, organisationId: null, action: 'api_token.revoked', entityType: 'api_token', entityId: id, before: { name: token.name } }, nowIso);
  });
}

/** The person's live tokens and those that ended (revoked or expired) in the last few weeks. */
export async function listApiTokens(ctx: AppContext, actor: Actor, now = new Date()): Promise<ApiTokenRecord[]> {
  const shownSince = new Date(now.getTime() - apiTokenLimits.listedAfterEndDays * dayMs).toISOString();
  return listApiTokensOfUser(ctx.db, actor.userId, shownSince, 100);
}

/**
 * The owner of the bearer token `credential`, or InvalidTokenError. Failed attempts count per
 * address in the shared rate_limits table; an address past its budget is refused (429) before
 * its token is even looked up, so guessing gets nowhere on any instance.
 */
export async function authenticateBearer(ctx: AppContext, credential: string, ip: string, now = new Date()): Promise<ApiTokenOwner> {
  const nowMs = now.getTime();
  await refuseWhenRateLimited(ctx, bearerFailureLimit, ip, nowMs);
  const found = apiTokenPattern.test(credential) ? await findLiveApiToken(ctx.db, hashToken(credential), now.toISOString()) : undefined;
  if (!found) {
    await consumeRateLimit(ctx, bearerFailureLimit, ip, nowMs);
    throw new InvalidTokenError();
  }
  if (found.lastUsedAt === null || nowMs - Date.parse(found.lastUsedAt) >= apiTokenLimits.touchEveryMs) {
    await touchApiToken(ctx.db, found.tokenId, now.toISOString(), new Date(nowMs - apiTokenLimits.touchEveryMs).toISOString());
  }
  return found;
}
