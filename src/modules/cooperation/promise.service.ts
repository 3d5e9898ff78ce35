// Use cases for medborgarlöften. A löfte is written as a draft version; publishing it (deciders
// only, by the kommun's setting) makes it what residents see and freezes it. Changing a
// published löfte starts a new draft version from it; publishing that one supersedes the old,
// which stays readable in the public version history. Every promise must be linked to at least
// one activity when it is published: a promise nobody is doing anything about is not published.
import { requirePermissionIn, type Actor } from '../../platform/auth/index.js';
import { writeAudit } from '../../platform/audit/audit.repository.js';
import type { AppContext } from '../../platform/context.js';
import type { Db } from '../../platform/db/database.js';
import { newId } from '../../platform/db/ids.js';
import { inTransaction } from '../../platform/db/transaction.js';
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from '../../platform/http/errors.js';
import { findKommunById, type Kommun } from '../../platform/tenants/index.js';
import { slugify } from '../../platform/validation/slug.js';
import { StaleEditError } from './cooperation.errors.js';
import { canDecide } from './cooperation.policy.js';
import { coopLimits } from './cooperation.schemas.js';
import { cooperationSettingsOf } from './cooperation.settings.js';
import { findActivitiesByIds, publicPlanStatuses } from './plan.repository.js';
import {
  findCurrentPromiseVersion,
  findPublicPromiseVersion,
  insertPromise,
  insertPromiseVersion,
  promiseSlugTaken,
  replacePromiseLinks,
  updatePromiseHead,
  updatePromiseVersionIf,
  type PromiseVersionRow,
} from './promise.repository.js';
import type { PromiseContent, PromiseInput } from './promise.schemas.js';

const staff = (kommunId: string) => ({ kommunId, seesInternal: true });

export const promiseAuditView = (v: PromiseVersionRow | undefined) =>
  v && { title: v.title, versionNo: v.versionNo, status: v.status, periodStart: v.periodStart, periodEnd: v.periodEnd, promises: v.content.items.map((i) => i.text) };

function contentOf(input: PromiseInput): PromiseContent {
  return { situation: input.situation, items: input.items, expectedEffect: input.expectedEffect, followUp: input.followUp, signatories: input.signatories };
}

/** Every linked activity must be one of this kommun's (a draft may link activities of a plan still being written). */
async function checkLinks(db: Db, kommunId: string, content: PromiseContent): Promise<void> {
  const ids = [...new Set(content.items.flatMap((i) => i.activityIds))];
  const found = new Set((await findActivitiesByIds(db, staff(kommunId), ids)).map((a) => a.id));
  const fields: Record<string, string> = {};
  content.items.forEach((item, index) => {
    if (item.activityIds.some((id) => !found.has(id))) fields[`items.${index}.activityIds`] = 'cooperation.errors.unknownActivity';
  });
  if (Object.keys(fields).length > 0) throw new ValidationError(fields);
}

export async function createPromise(ctx: AppContext, actor: Actor, kommunId: string, input: PromiseInput, options: { id?: string; now?: Date } = {}): Promise<PromiseVersionRow> {
  requirePermissionIn(actor, kommunId, 'cooperation.write');
  const now = (options.now ?? new Date()).toISOString();
  const id = options.id ?? newId();
  return inTransaction(ctx, async ({ trx }) => {
    const content = contentOf(input);
    await checkLinks(trx, kommunId, content);
    let slug = input.slug;
    if (!slug) {
      const base = slugify(input.title, coopLimits.slug, 'medborgarlofte');
      slug = base;
      for (let n = 2; (await promiseSlugTaken(trx, kommunId, slug)) && n < 200; n += 1) slug = `${base}-${n}`;
    }
    if (await promiseSlugTaken(trx, kommunId, slug)) throw new ValidationError({ slug: 'validation.slugTaken' });
    await insertPromise(trx, { id, kommun_id: kommunId, slug, latest_version_no: 1, public_version_no: null, period_start: input.periodStart, period_end: input.periodEnd, created_at: now, updated_at: now });
    await insertPromiseVersion(trx, {
      id: newId(),
      kommun_id: kommunId,
      promise_id: id,
      version_no: 1,
      status: 'draft',
      title: input.title,
      period_start: input.periodStart,
      period_end: input.periodEnd,
      content_json: JSON.stringify(content),
      published_at: null,
      change_note: input.changeNote,
      lock_version: 1,
      created_by: actor.userId,
      updated_by: actor.userId,
      created_at: now,
      updated_at: now,
    });
    await replacePromiseLinks(trx, kommunId, id, 1, content);
    const created = (await findCurrentPromiseVersion(trx, staff(kommunId), { id }))!;
    await writeAudit(trx, { actorUserId: actor.userId, kommunId, organisationId: kommunId, action: 'cooperation.promise_created', entityType: 'coop_promise', entityId: id, after: promiseAuditView(created) }, now);
    return created;
  });
}

/** Saves the draft version. A published version is never changed: startNewPromiseVersion first. */
export async function savePromiseDraft(
  ctx: AppContext,
  actor: Actor,
  kommunId: string,
  promiseId: string,
  input: PromiseInput,
  lockVersion: number,
  options: { now?: Date } = {},
): Promise<PromiseVersionRow> {
  requirePermissionIn(actor, kommunId, 'cooperation.write');
  const now = (options.now ?? new Date()).toISOString();
  return inTransaction(ctx, async ({ trx }) => {
    const before = await findCurrentPromiseVersion(trx, staff(kommunId), { id: promiseId });
    if (!before) throw new NotFoundError();
    if (before.status !== 'draft') throw new ConflictError('cooperation.errors.promisePublished');
    const content = contentOf(input);
    await checkLinks(trx, kommunId, content);
    const slug = input.slug || before.slug;
    // The address is the löfte's, kept across versions once residents have it.
    if (slug !== before.slug) {
      if (before.publicVersionNo !== null) throw new ValidationError({ slug: 'cooperation.errors.slugFixedOncePublished' });
      if (await promiseSlugTaken(trx, kommunId, slug, promiseId)) throw new ValidationError({ slug: 'validation.slugTaken' });
    }
    const changed = await updatePromiseVersionIf(trx, kommunId, before.id, lockVersion, {
      title: input.title,
      period_start: input.periodStart,
      period_end: input.periodEnd,
      content_json: JSON.stringify(content),
      change_note: input.changeNote,
      updated_by: actor.userId,
      updated_at: now,
    });
    if (!changed) throw new StaleEditError(before);
    await updatePromiseHead(trx, kommunId, promiseId, { slug, ...(before.publicVersionNo === null ? { period_start: input.periodStart, period_end: input.periodEnd } : {}), updated_at: now });
    await replacePromiseLinks(trx, kommunId, promiseId, before.versionNo, content);
    const after = await findCurrentPromiseVersion(trx, staff(kommunId), { id: promiseId });
    await writeAudit(trx, { actorUserId: actor.userId, kommunId, organisationId: kommunId, action: 'cooperation.promise_updated', entityType: 'coop_promise', entityId: promiseId, before: promiseAuditView(before), after: promiseAuditView(after) }, now);
    return after!;
  });
}

async function requireDecider(db: Db, actor: Actor, kommun: Kommun): Promise<void> {
  // The setting as stored now: the route's kommun may be a few seconds old.
  const settings = cooperationSettingsOf((await findKommunById(db, kommun.id)) ?? kommun);
  if (!canDecide(actor, kommun.id, settings)) throw new ForbiddenError('cooperation.errors.notDecider');
}

/**
 * Publishes the draft version. Each promise needs a linked activity, and each linked activity
 * must be in a decided plan, so that residents following a promise find what is being done.
 */
export async function publishPromise(ctx: AppContext, actor: Actor, kommun: Kommun, promiseId: string, lockVersion: number, options: { now?: Date } = {}): Promise<PromiseVersionRow> {
  requirePermissionIn(actor, kommun.id, 'cooperation.decide');
  const now = (options.now ?? new Date()).toISOString();
  return inTransaction(ctx, async ({ trx }) => {
    await requireDecider(trx, actor, kommun);
    const draft = await findCurrentPromiseVersion(trx, staff(kommun.id), { id: promiseId });
    if (!draft) throw new NotFoundError();
    if (draft.status !== 'draft') throw new ConflictError('cooperation.errors.promisePublished');
    const fields: Record<string, string> = {};
    if (draft.content.items.length === 0) fields.items = 'cooperation.errors.promiseWithoutItems';
    const linked = await findActivitiesByIds(trx, staff(kommun.id), [...new Set(draft.content.items.flatMap((i) => i.activityIds))]);
    const plans = new Map(
      (await trx.selectFrom('coop_plans').select(['id', 'status']).where('kommun_id', '=', kommun.id).where('id', 'in', [...new Set(linked.map((a) => a.planId)), '']).execute()).map((p) => [p.id, p.status]),
    );
    const publicActivity = new Set(linked.filter((a) => publicPlanStatuses.includes(plans.get(a.planId)!)).map((a) => a.id));
    draft.content.items.forEach((item, index) => {
      if (item.activityIds.length === 0) fields[`items.${index}.activityIds`] = 'cooperation.errors.promiseItemWithoutActivity';
      else if (item.activityIds.some((id) => !publicActivity.has(id))) fields[`items.${index}.activityIds`] = 'cooperation.errors.promiseActivityNotPublic';
    });
    if (Object.keys(fields).length > 0) throw new ValidationError(fields, 'cooperation.errors.promiseNotReady');
    const changed = await updatePromiseVersionIf(trx, kommun.id, draft.id, lockVersion, { status: 'published', published_at: now, updated_by: actor.userId, updated_at: now });
    if (!changed) throw new StaleEditError(draft);
    const previous = draft.publicVersionNo;
    if (previous !== null) {
      await trx
        .updateTable('coop_promise_versions')
        .set({ status: 'superseded', updated_at: now })
        .where('kommun_id', '=', kommun.id)
        .where('promise_id', '=', promiseId)
        .where('version_no', '=', previous)
        .execute();
    }
    await updatePromiseHead(trx, kommun.id, promiseId, { public_version_no: draft.versionNo, period_start: draft.periodStart, period_end: draft.periodEnd, updated_at: now });
    const after = await findCurrentPromiseVersion(trx, staff(kommun.id), { id: promiseId });
    await writeAudit(trx, { actorUserId: actor.userId, kommunId: kommun.id, organisationId: kommun.id, action: 'cooperation.promise_published', entityType: 'coop_promise', entityId: promiseId, before: promiseAuditView(draft), after: promiseAuditView(after) }, now);
    return after!;
  });
}

/** Starts a draft version from the published one; the published one stays public until the draft is published. */
export async function startNewPromiseVersion(ctx: AppContext, actor: Actor, kommunId: string, promiseId: string, options: { now?: Date } = {}): Promise<PromiseVersionRow> {
  requirePermissionIn(actor, kommunId, 'cooperation.write');
  const now = (options.now ?? new Date()).toISOString();
  return inTransaction(ctx, async ({ trx }) => {
    const latest = await findCurrentPromiseVersion(trx, staff(kommunId), { id: promiseId });
    if (!latest) throw new NotFoundError();
    if (latest.status === 'draft') return latest;
    if (latest.status === 'ended') throw new ConflictError('cooperation.errors.promiseEnded');
    const versionNo = latest.versionNo + 1;
    await insertPromiseVersion(trx, {
      id: newId(),
      kommun_id: kommunId,
      promise_id: promiseId,
      version_no: versionNo,
      status: 'draft',
      title: latest.title,
      period_start: latest.periodStart,
      period_end: latest.periodEnd,
      content_json: JSON.stringify(latest.content),
      published_at: null,
      change_note: '',
      lock_version: 1,
      created_by: actor.userId,
      updated_by: actor.userId,
      created_at: now,
      updated_at: now,
    });
    await updatePromiseHead(trx, kommunId, promiseId, { latest_version_no: versionNo, updated_at: now });
    await replacePromiseLinks(trx, kommunId, promiseId, versionNo, latest.content);
    const draft = (await findCurrentPromiseVersion(trx, staff(kommunId), { id: promiseId }))!;
    await writeAudit(trx, { actorUserId: actor.userId, kommunId, organisationId: kommunId, action: 'cooperation.promise_version_started', entityType: 'coop_promise', entityId: promiseId, after: promiseAuditView(draft) }, now);
    return draft;
  });
}

/** Ends the published löfte (its period is over): it stays public, marked as ended, with its timeline. */
export async function endPromise(ctx: AppContext, actor: Actor, kommun: Kommun, promiseId: string, options: { now?: Date } = {}): Promise<PromiseVersionRow> {
  requirePermissionIn(actor, kommun.id, 'cooperation.decide');
  const now = (options.now ?? new Date()).toISOString();
  return inTransaction(ctx, async ({ trx }) => {
    await requireDecider(trx, actor, kommun);
    const published = await findPublicPromiseVersion(trx, kommun.id, promiseId);
    if (!published || published.status !== 'published') throw new ConflictError('cooperation.errors.promiseNotPublished');
    await trx.updateTable('coop_promise_versions').set({ status: 'ended', updated_at: now }).where('kommun_id', '=', kommun.id).where('id', '=', published.id).execute();
    const after = await findPublicPromiseVersion(trx, kommun.id, promiseId);
    await writeAudit(trx, { actorUserId: actor.userId, kommunId: kommun.id, organisationId: kommun.id, action: 'cooperation.promise_ended', entityType: 'coop_promise', entityId: promiseId, before: promiseAuditView(published), after: promiseAuditView(after) }, now);
    return after!;
  });
}
