// Review by the other party (the news module setting requireCrossReview): the author's side asks
// for a review, the other side's reviewer publishes the item or sends it back with a note. Who
// reviews what is decided in SQL (findContentForReviewer); the same condition feeds the review
// list and the staff overview count. Publishing itself stays in news.service.ts, which asks
// checkMayPublish here first.
import { requirePermissionIn, type Actor, type RoleHolder } from '../../platform/auth/index.js';
import { writeAudit } from '../../platform/audit/audit.repository.js';
import type { AppContext } from '../../platform/context.js';
import type { Db } from '../../platform/db/database.js';
import { inTransaction } from '../../platform/db/transaction.js';
import { ConflictError, NotFoundError } from '../../platform/http/errors.js';
import { findKommunById } from '../../platform/tenants/index.js';
import { otherParty, partiesWhere, partyOf, reviewerScope } from './news.policy.js';
import { toAuditView } from './news.presenter.js';
import { findContentById, findContentForReviewer, listAwaitingReview, selectAwaitingReviewCount, updateContentItemIf, type ContentRow } from './news.repository.js';
import { newsLimits, type ReviewNoteInput } from './news.schemas.js';
import { newsSettingsOf, type NewsSettings } from './news.settings.js';

/** The kommun's news settings as stored now, read in the transaction that acts on them. */
async function readSettings(db: Db, kommunId: string): Promise<NewsSettings> {
  const kommun = await findKommunById(db, kommunId);
  if (!kommun) throw new NotFoundError();
  return newsSettingsOf(kommun);
}

/**
 * Whether the actor may publish the unpublished item, and whether that publication ends a review
 * by the other party (true). Where the kommun requires that review, anything else is refused
 * with the reason, before anything is written.
 */
export async function checkMayPublish(db: Db, actor: Actor, kommunId: string, item: ContentRow): Promise<boolean> {
  const settings = await readSettings(db, kommunId);
  // The other party's reviewer, worked out in SQL: the item waits for review, and the actor's
  // right is held on the other side (a police area of theirs serves this kommun).
  const waitsForActor = (await findContentForReviewer(db, reviewerScope(actor, kommunId), item.id)) !== undefined && item.reviewRequestedBy !== actor.userId;
  if (waitsForActor || !settings.requireCrossReview) return waitsForActor;
  const itemParty = partyOf(item.publisher.kind);
  if (!partiesWhere(actor, kommunId, 'news.publish').has(otherParty(itemParty))) {
    throw new ConflictError(itemParty === 'kommun' ? 'news.review.policePublishes' : 'news.review.kommunPublishes');
  }
  if (item.status !== 'in_review') throw new ConflictError('news.review.notRequested');
  if (item.reviewRequestedBy === actor.userId) throw new ConflictError('news.review.notOwnRequest');
  throw new ConflictError(itemParty === 'kommun' ? 'news.review.policePublishes' : 'news.review.kommunPublishes');
}

/**
 * The author's side asks the other party to review a draft and publish it; only where the
 * kommun requires that review. The item stays editable while it waits.
 */
export async function requestReview(ctx: AppContext, actor: Actor, kommunId: string, id: string, options: { now?: Date } = {}): Promise<ContentRow> {
  requirePermissionIn(actor, kommunId, 'news.write');
  const now = (options.now ?? new Date()).toISOString();
  return inTransaction(ctx, async ({ trx }) => {
    const before = await findContentById(trx, kommunId, id);
    if (!before) throw new NotFoundError();
    if (!(await readSettings(trx, kommunId)).requireCrossReview) throw new ConflictError('news.review.notRequired');
    if (before.status !== 'draft') throw new ConflictError(before.status === 'in_review' ? 'news.review.alreadyRequested' : 'news.review.alreadyPublished');
    if (!partiesWhere(actor, kommunId, 'news.write').has(partyOf(before.publisher.kind))) throw new ConflictError('news.review.authorsRequest');
    const changes = { status: 'in_review' as const, review_requested_by: actor.userId, review_note: '', updated_by: actor.userId, updated_at: now };
    if (!(await updateContentItemIf(trx, kommunId, id, { status: 'draft' }, changes))) throw new ConflictError('news.review.alreadyRequested');
    const after = await findContentById(trx, kommunId, id);
    await writeAudit(trx, { actorUserId: actor.userId, kommunId, organisationId: kommunId, action: 'news.review_requested', entityType: 'content', entityId: id, before: toAuditView(before), after: toAuditView(after) }, now);
    return after!;
  });
}

/** The other party's reviewer sends a waiting item back to its author as a draft, saying why. */
export async function sendContentBack(ctx: AppContext, actor: Actor, kommunId: string, id: string, input: ReviewNoteInput, options: { now?: Date } = {}): Promise<ContentRow> {
  requirePermissionIn(actor, kommunId, 'news.publish');
  const now = (options.now ?? new Date()).toISOString();
  return inTransaction(ctx, async ({ trx }) => {
    const before = await findContentById(trx, kommunId, id);
    if (!before) throw new NotFoundError();
    if (before.status !== 'in_review') throw new ConflictError('news.review.notWaiting');
    if (!(await findContentForReviewer(trx, reviewerScope(actor, kommunId), id))) throw new ConflictError('news.review.otherPartySendsBack');
    if (before.reviewRequestedBy === actor.userId) throw new ConflictError('news.review.notOwnRequest');
    const changes = { status: 'draft' as const, review_note: input.reviewNote, review_requested_by: null, updated_by: actor.userId, updated_at: now };
    if (!(await updateContentItemIf(trx, kommunId, id, { status: 'in_review' }, changes))) throw new ConflictError('news.review.notWaiting');
    const after = await findContentById(trx, kommunId, id);
    await writeAudit(trx, { actorUserId: actor.userId, kommunId, organisationId: kommunId, action: 'news.review_returned', entityType: 'content', entityId: id, before: toAuditView(before), after: toAuditView(after) }, now);
    return after!;
  });
}

/** Items waiting for the actor's review (as the other party), most recently changed first. */
export async function listContentAwaitingReview(
  ctx: AppContext,
  actor: Actor | null,
  kommunId: string,
  after: { updatedAt: string; id: string } | undefined,
): Promise<{ rows: ContentRow[]; hasMore: boolean }> {
  const rows = await listAwaitingReview(ctx.db, reviewerScope(actor, kommunId), { limit: newsLimits.listPageSize + 1, after });
  return { rows: rows.slice(0, newsLimits.listPageSize), hasMore: rows.length > newsLimits.listPageSize };
}

/** Items waiting for the reader's review, for the staff overview to run; 0 for anyone who reviews nothing here. */
export function selectAwaitingReviewCountFor(db: Db, reader: RoleHolder, kommunId: string) {
  return selectAwaitingReviewCount(db, reviewerScope(reader, kommunId));
}
