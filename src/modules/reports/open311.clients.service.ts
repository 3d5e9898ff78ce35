// The kommun's Open311 clients: an administrator with reports.manage names a client (an app, a
// partner's system) and gets its key, shown once on the answer to the form and kept only as a
// SHA-256 hash (as the kernel keeps personal API tokens), and can revoke it, which counts at
// once on every instance (the key is looked up on every POST). Each change has its audit row in
// the same transaction; the key and its hash are never in it.
import { z } from 'zod';
import type { Actor } from '../../platform/auth/index.js';
import { hashToken, randomToken } from '../../platform/auth/tokens.js';
import { writeAudit } from '../../platform/audit/index.js';
import type { AppContext } from '../../platform/context.js';
import { newId } from '../../platform/db/ids.js';
import { inTransaction } from '../../platform/db/transaction.js';
import { ForbiddenError, NotFoundError, ValidationError } from '../../platform/http/errors.js';
import type { Kommun } from '../../platform/tenants/index.js';
import { canManageReports } from './report.policy.js';
import { countLiveOpen311Clients, insertOpen311Client, listOpen311Clients, revokeOpen311Client, type Open311ClientRow } from './open311.repository.js';

export const open311ClientLimits = { name: 80, maxLive: 50, listed: 200 } as const;

/** What a key starts with, so that one found in a log or a repository is recognised. */
export const open311KeyPrefix = 'o311_';

export const newOpen311ClientSchema = z.object({
  name: z.preprocess((v) => (typeof v === 'string' ? v.trim() : v), z.string({ message: 'validation.required' }).min(1, { message: 'validation.required' }).max(open311ClientLimits.name)),
});
export type NewOpen311ClientInput = z.output<typeof newOpen311ClientSchema>;

export type Open311ClientSummary = Omit<Open311ClientRow, 'key_hash'>;

function mayManage(actor: Actor, kommun: Kommun): void {
  if (!canManageReports(actor, kommun.id)) throw new ForbiddenError();
}

export async function listOpen311ClientsFor(ctx: AppContext, actor: Actor, kommun: Kommun): Promise<Open311ClientSummary[]> {
  mayManage(actor, kommun);
  return listOpen311Clients(ctx.db, kommun.id, open311ClientLimits.listed);
}

/** Issues a key to a new client; the returned `key` is the only copy there will ever be. */
export async function createOpen311Client(ctx: AppContext, actor: Actor, kommun: Kommun, input: NewOpen311ClientInput, now = new Date()): Promise<{ key: string; id: string }> {
  mayManage(actor, kommun);
  const key = `${open311KeyPrefix}${randomToken(32)}`;
  const id = newId(now.getTime());
  const nowIso = now.toISOString();
  await inTransaction(ctx, async (tx) => {
    // Two forms at once may both pass on PostgreSQL; the limit is against forgotten keys piling up.
    if ((await countLiveOpen311Clients(tx.trx, kommun.id)) >= open311ClientLimits.maxLive) throw new ValidationError({ _form: `open311.clients.tooMany|${open311ClientLimits.maxLive}` });
    await insertOpen311Client(tx.trx, { id, kommun_id: kommun.id, name: input.name, key_hash: hashToken(key), key_hint: key.slice(-4), created_by: actor.userId, created_at: nowIso, revoked_at: null, last_used_at: null });
    await writeAudit(tx.trx, { actorUserId: actor.userId, kommunId: kommun.id, organisationId: kommun.id, action: 'reports.open311_client_created', entityType: 'open311_client', entityId: id, after: { name: input.name } }, nowIso);
  });
  return { key, id };
}

/** Revokes a live client of the kommun; another kommun's, or one revoked already, is not found. */
export async function revokeOpen311ClientKey(ctx: AppContext, actor: Actor, kommun: Kommun, id: string, now = new Date()): Promise<void> {
  mayManage(actor, kommun);
  const nowIso = now.toISOString();
  await inTransaction(ctx, async (tx) => {
    const revoked = await revokeOpen311Client(tx.trx, kommun.id, id, nowIso);
    if (!revoked) throw new NotFoundError();
    await writeAudit(tx.trx, { actorUserId: actor.userId, kommunId: kommun.id, organisationId: kommun.id, action: 'reports.open311_client_revoked', entityType: 'open311_client', entityId: id, before: { name: revoked.name } }, nowIso);
  });
}
