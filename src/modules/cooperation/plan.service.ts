// Use cases for plans and their activities. Each re-checks the permission (and, for an
// activity, that the actor's side owns it), writes its audit row in the same transaction as the
// change, and refuses a save made on a version that is no longer the stored one.
import { requirePermissionIn, type Actor, type RoleHolder } from '../../platform/auth/index.js';
import { writeAudit } from '../../platform/audit/audit.repository.js';
import type { AppContext } from '../../platform/context.js';
import type { Db } from '../../platform/db/database.js';
import { newId } from '../../platform/db/ids.js';
import { inTransaction } from '../../platform/db/transaction.js';
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from '../../platform/http/errors.js';
import { findKommunById, isOrganisationWorkingIn, type Kommun } from '../../platform/tenants/index.js';
import { slugify } from '../../platform/validation/slug.js';
import { renderMarkdown } from '../../platform/views/markdown.js';
import { StaleEditError } from './cooperation.errors.js';
import { canDecide, canEditActivity, coopReader, type CoopReader } from './cooperation.policy.js';
import type { ActivityInput, DecisionInput, PlanInput } from './cooperation.schemas.js';
import { coopLimits } from './cooperation.schemas.js';
import { cooperationSettingsOf } from './cooperation.settings.js';
import type { PlanStatus } from './cooperation.tables.js';
import { countEntriesOfActivity } from './entry.repository.js';
import {
  activitySlugTaken,
  countActivitiesOfPlan,
  deleteActivityRow,
  findActivityById,
  findPlanById,
  insertActivity,
  insertPlan,
  nextActivityPosition,
  placesOfKommun,
  planSlugTaken,
  replaceActivityPlaces,
  updateActivityIf,
  updatePlanIf,
  type ActivityRow,
  type PlanRow,
} from './plan.repository.js';

const staff = (kommunId: string): CoopReader => ({ kommunId, seesInternal: true });

export function planAuditView(plan: PlanRow | undefined) {
  return plan && { title: plan.title, slug: plan.slug, status: plan.status, periodStart: plan.periodStart, periodEnd: plan.periodEnd, decidedOn: plan.decidedOn };
}

export function activityAuditView(activity: ActivityRow | undefined) {
  return (
    activity && {
      title: activity.title,
      status: activity.status,
      progress: activity.progress,
      assessment: activity.assessment,
      responsibleParty: activity.responsibleParty,
      startsOn: activity.startsOn,
      endsOn: activity.endsOn,
    }
  );
}

async function freeSlug(taken: (slug: string) => Promise<boolean>, base: string): Promise<string> {
  if (!(await taken(base))) return base;
  for (let n = 2; n <= 200; n += 1) {
    const candidate = `${base.slice(0, coopLimits.slug - String(n).length - 1)}-${n}`;
    if (!(await taken(candidate))) return candidate;
  }
  throw new ValidationError({ slug: 'validation.slugTaken' });
}

async function checkAgreement(db: Db, kommunId: string, agreementId: string | undefined): Promise<void> {
  if (!agreementId) return;
  const row = await db.selectFrom('coop_agreements').select('id').where('kommun_id', '=', kommunId).where('id', '=', agreementId).executeTakeFirst();
  if (!row) throw new ValidationError({ agreementId: 'cooperation.errors.unknownAgreement' });
}

// ---- plans --------------------------------------------------------------------------------------

export async function createPlan(ctx: AppContext, actor: Actor, kommunId: string, input: PlanInput, options: { id?: string; now?: Date } = {}): Promise<PlanRow> {
  requirePermissionIn(actor, kommunId, 'cooperation.write');
  const now = (options.now ?? new Date()).toISOString();
  const id = options.id ?? newId();
  return inTransaction(ctx, async ({ trx }) => {
    await checkAgreement(trx, kommunId, input.agreementId);
    const slug = input.slug || (await freeSlug((s) => planSlugTaken(trx, kommunId, s), slugify(input.title, coopLimits.slug, 'plan')));
    if (await planSlugTaken(trx, kommunId, slug)) throw new ValidationError({ slug: 'validation.slugTaken' });
    await insertPlan(trx, {
      id,
      kommun_id: kommunId,
      slug,
      title: input.title,
      summary_md: input.summary,
      summary_html: renderMarkdown(input.summary),
      period_start: input.periodStart,
      period_end: input.periodEnd,
      status: 'draft',
      agreement_id: input.agreementId ?? null,
      decided_by_body: '',
      decided_on: null,
      lock_version: 1,
      created_by: actor.userId,
      updated_by: actor.userId,
      created_at: now,
      updated_at: now,
    });
    const created = (await findPlanById(trx, staff(kommunId), id))!;
    await writeAudit(trx, { actorUserId: actor.userId, kommunId, organisationId: kommunId, action: 'cooperation.plan_created', entityType: 'coop_plan', entityId: id, after: planAuditView(created) }, now);
    return created;
  });
}

/**
 * Saves the plan's own fields. A plan's title, period and summary are what was decided: once
 * decided they change only by taking the plan back to a draft, which deciders do (reopenPlan).
 */
export async function updatePlan(ctx: AppContext, actor: Actor, kommunId: string, id: string, input: PlanInput, lockVersion: number, options: { now?: Date } = {}): Promise<PlanRow> {
  requirePermissionIn(actor, kommunId, 'cooperation.write');
  const now = (options.now ?? new Date()).toISOString();
  return inTransaction(ctx, async ({ trx }) => {
    const before = await findPlanById(trx, staff(kommunId), id);
    if (!before) throw new NotFoundError();
    if (before.status !== 'draft') throw new ConflictError('cooperation.errors.planDecided');
    await checkAgreement(trx, kommunId, input.agreementId);
    const slug = input.slug || before.slug;
    if (slug !== before.slug && (await planSlugTaken(trx, kommunId, slug, id))) throw new ValidationError({ slug: 'validation.slugTaken' });
    const changed = await updatePlanIf(trx, kommunId, id, lockVersion, {
      slug,
      title: input.title,
      summary_md: input.summary,
      summary_html: renderMarkdown(input.summary),
      period_start: input.periodStart,
      period_end: input.periodEnd,
      agreement_id: input.agreementId ?? null,
      updated_by: actor.userId,
      updated_at: now,
    });
    if (!changed) throw new StaleEditError(before);
    const after = await findPlanById(trx, staff(kommunId), id);
    await writeAudit(trx, { actorUserId: actor.userId, kommunId, organisationId: kommunId, action: 'cooperation.plan_updated', entityType: 'coop_plan', entityId: id, before: planAuditView(before), after: planAuditView(after) }, now);
    return after!;
  });
}

const planTransitions: Record<PlanStatus, readonly PlanStatus[]> = {
  draft: ['decided'],
  decided: ['in_force', 'ended', 'draft'],
  in_force: ['ended'],
  ended: [],
};

/**
 * Moves a plan along its lifecycle: decided (with the deciding body and date), in force, ended;
 * a decided plan not yet in force can go back to a draft. Deciders only (the kommun's setting).
 * Deciding needs at least one activity: an empty plan promises nothing.
 */
export async function changePlanStatus(
  ctx: AppContext,
  actor: Actor,
  kommun: Kommun,
  id: string,
  to: PlanStatus,
  decision: DecisionInput | undefined,
  lockVersion: number,
  options: { now?: Date } = {},
): Promise<PlanRow> {
  requirePermissionIn(actor, kommun.id, 'cooperation.decide');
  const now = (options.now ?? new Date()).toISOString();
  return inTransaction(ctx, async ({ trx }) => {
    // The setting as stored now: the route's kommun may be a few seconds old.
    const settings = cooperationSettingsOf((await findKommunById(trx, kommun.id)) ?? kommun);
    if (!canDecide(actor, kommun.id, settings)) throw new ForbiddenError('cooperation.errors.notDecider');
    const before = await findPlanById(trx, staff(kommun.id), id);
    if (!before) throw new NotFoundError();
    if (!planTransitions[before.status].includes(to)) throw new ConflictError('cooperation.errors.planTransition');
    if (to === 'decided') {
      if (!decision) throw new ValidationError({ decidedByBody: 'validation.required' });
      if ((await countActivitiesOfPlan(trx, kommun.id, id)) === 0) throw new ValidationError({ _form: 'cooperation.errors.planWithoutActivities' });
    }
    const changed = await updatePlanIf(trx, kommun.id, id, lockVersion, {
      status: to,
      ...(to === 'decided' && decision ? { decided_by_body: decision.decidedByBody, decided_on: decision.decidedOn } : {}),
      ...(to === 'draft' ? { decided_by_body: '', decided_on: null } : {}),
      updated_by: actor.userId,
      updated_at: now,
    });
    if (!changed) throw new StaleEditError(before);
    const after = await findPlanById(trx, staff(kommun.id), id);
    await writeAudit(trx, { actorUserId: actor.userId, kommunId: kommun.id, organisationId: kommun.id, action: `cooperation.plan_${to}`, entityType: 'coop_plan', entityId: id, before: planAuditView(before), after: planAuditView(after) }, now);
    return after!;
  });
}

// ---- activities ---------------------------------------------------------------------------------

async function checkActivityRefs(db: Db, kommunId: string, input: ActivityInput): Promise<string[]> {
  if (input.responsibleOrganisationId && !(await isOrganisationWorkingIn(db, kommunId, input.responsibleOrganisationId))) {
    throw new ValidationError({ responsibleOrganisationId: 'cooperation.errors.unknownOrganisation' });
  }
  const placeIds = [...new Set(input.placeIds)];
  const known = await placesOfKommun(db, kommunId, placeIds);
  if (known.length !== placeIds.length) throw new ValidationError({ placeIds: 'cooperation.errors.unknownPlace' });
  return placeIds;
}

function activityColumns(input: ActivityInput) {
  return {
    title: input.title,
    problem: input.problem,
    cause: input.cause,
    description_md: input.description,
    description_html: renderMarkdown(input.description),
    operational_goal: input.operationalGoal,
    starts_on: input.startsOn,
    ends_on: input.endsOn ?? null,
    follow_up_method: input.followUpMethod,
    responsible_party: input.responsibleParty,
    responsible_organisation_id: input.responsibleOrganisationId ?? null,
    responsible_role: input.responsibleRole,
    activity_type: input.activityType,
    theme: input.theme,
  };
}

/** Any writer may add an activity for any party: the plan is built together; the owning side then keeps it. */
export async function createActivity(
  ctx: AppContext,
  actor: Actor,
  kommunId: string,
  planId: string,
  input: ActivityInput,
  options: { id?: string; now?: Date } = {},
): Promise<ActivityRow> {
  requirePermissionIn(actor, kommunId, 'cooperation.write');
  const now = (options.now ?? new Date()).toISOString();
  const id = options.id ?? newId();
  return inTransaction(ctx, async ({ trx }) => {
    const plan = await findPlanById(trx, staff(kommunId), planId);
    if (!plan) throw new NotFoundError();
    if (plan.status === 'ended') throw new ConflictError('cooperation.errors.planEnded');
    if ((await countActivitiesOfPlan(trx, kommunId, planId)) >= coopLimits.activitiesPerPlan) throw new ValidationError({ _form: 'cooperation.errors.tooManyActivities' });
    const placeIds = await checkActivityRefs(trx, kommunId, input);
    const slug = input.slug || (await freeSlug((s) => activitySlugTaken(trx, kommunId, planId, s), slugify(input.title, coopLimits.slug, 'aktivitet')));
    if (await activitySlugTaken(trx, kommunId, planId, slug)) throw new ValidationError({ slug: 'validation.slugTaken' });
    await insertActivity(trx, {
      id,
      kommun_id: kommunId,
      plan_id: planId,
      slug,
      position: await nextActivityPosition(trx, kommunId, planId),
      ...activityColumns(input),
      status: 'not_started',
      assessment: null,
      assessment_text: '',
      progress: 0,
      last_public_update_on: null,
      lock_version: 1,
      created_by: actor.userId,
      updated_by: actor.userId,
      created_at: now,
      updated_at: now,
    });
    await replaceActivityPlaces(trx, kommunId, id, placeIds);
    const created = (await findActivityById(trx, staff(kommunId), id))!;
    await writeAudit(trx, { actorUserId: actor.userId, kommunId, organisationId: kommunId, action: 'cooperation.activity_created', entityType: 'coop_activity', entityId: id, after: activityAuditView(created) }, now);
    return created;
  });
}

/** The activity for a change by the actor: it exists in this kommun and the actor's side owns it (before and after the change). */
async function activityToChange(db: Db, actor: RoleHolder, kommunId: string, id: string): Promise<ActivityRow> {
  const activity = await findActivityById(db, staff(kommunId), id);
  if (!activity) throw new NotFoundError();
  if (!canEditActivity(actor, kommunId, activity.responsibleParty)) throw new ForbiddenError('cooperation.errors.notYourActivity');
  return activity;
}

export async function updateActivity(
  ctx: AppContext,
  actor: Actor,
  kommunId: string,
  id: string,
  input: ActivityInput,
  lockVersion: number,
  options: { now?: Date } = {},
): Promise<ActivityRow> {
  requirePermissionIn(actor, kommunId, 'cooperation.write');
  const now = (options.now ?? new Date()).toISOString();
  return inTransaction(ctx, async ({ trx }) => {
    const before = await activityToChange(trx, actor, kommunId, id);
    // Handing an activity over to a party the actor's side is not part of would lock them out of
    // what they just saved; the other side takes it over by their own edit, not by this one.
    if (!canEditActivity(actor, kommunId, input.responsibleParty)) throw new ValidationError({ responsibleParty: 'cooperation.errors.partyNotYours' });
    const placeIds = await checkActivityRefs(trx, kommunId, input);
    const slug = input.slug || before.slug;
    if (slug !== before.slug && (await activitySlugTaken(trx, kommunId, before.planId, slug, id))) throw new ValidationError({ slug: 'validation.slugTaken' });
    const changed = await updateActivityIf(trx, kommunId, id, lockVersion, { slug, ...activityColumns(input), updated_by: actor.userId, updated_at: now });
    if (!changed) throw new StaleEditError(before);
    await replaceActivityPlaces(trx, kommunId, id, placeIds);
    const after = await findActivityById(trx, staff(kommunId), id);
    await writeAudit(trx, { actorUserId: actor.userId, kommunId, organisationId: kommunId, action: 'cooperation.activity_updated', entityType: 'coop_activity', entityId: id, before: activityAuditView(before), after: activityAuditView(after) }, now);
    return after!;
  });
}

/**
 * Deletes an activity added by mistake. One with follow-ups is history: it is refused, and the
 * message says to mark it cancelled (inställd) instead, which keeps its timeline public.
 */
export async function deleteActivity(ctx: AppContext, actor: Actor, kommunId: string, id: string, options: { now?: Date } = {}): Promise<void> {
  requirePermissionIn(actor, kommunId, 'cooperation.write');
  const now = (options.now ?? new Date()).toISOString();
  await inTransaction(ctx, async ({ trx }) => {
    const before = await activityToChange(trx, actor, kommunId, id);
    if ((await countEntriesOfActivity(trx, kommunId, id)) > 0) throw new ConflictError('cooperation.errors.activityHasFollowUps');
    const linked = await trx.selectFrom('coop_promise_activities').select('promise_id').where('kommun_id', '=', kommunId).where('activity_id', '=', id).executeTakeFirst();
    if (linked) throw new ConflictError('cooperation.errors.activityInPromise');
    await deleteActivityRow(trx, kommunId, id);
    await writeAudit(trx, { actorUserId: actor.userId, kommunId, organisationId: kommunId, action: 'cooperation.activity_deleted', entityType: 'coop_activity', entityId: id, before: activityAuditView(before) }, now);
  });
}

export async function getPlanForStaff(ctx: AppContext, actor: Actor, kommunId: string, id: string): Promise<PlanRow> {
  const plan = await findPlanById(ctx.db, coopReader(actor, kommunId), id);
  if (!plan) throw new NotFoundError();
  return plan;
}
