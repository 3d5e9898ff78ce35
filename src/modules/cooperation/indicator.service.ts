// Use cases for an activity's indicators: what is measured, in which unit, from which baseline
// towards which target. Values come with follow-up entries (entry.service.ts) or, for a series
// kept elsewhere (a survey's share feeling unsafe), one at a time here.
import { requirePermissionIn, type Actor } from '../../platform/auth/index.js';
import { writeAudit } from '../../platform/audit/audit.repository.js';
import type { AppContext } from '../../platform/context.js';
import type { Db } from '../../platform/db/database.js';
import { newId } from '../../platform/db/ids.js';
import { inTransaction } from '../../platform/db/transaction.js';
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from '../../platform/http/errors.js';
import { StaleEditError } from './cooperation.errors.js';
import { canEditActivity } from './cooperation.policy.js';
import { coopLimits, type IndicatorInput, type IndicatorValueInput } from './cooperation.schemas.js';
import {
  countValuesOfIndicator,
  deleteIndicatorRow,
  findIndicator,
  indicatorsOfActivities,
  insertIndicator,
  insertIndicatorValues,
  nextIndicatorPosition,
  updateIndicatorIf,
  type IndicatorRow,
} from './indicator.repository.js';
import { findActivityById, type ActivityRow } from './plan.repository.js';

const indicatorAuditView = (i: IndicatorRow | undefined, activity: ActivityRow) =>
  i && { title: `${activity.title}: ${i.name}`, name: i.name, unit: i.unit, baseline: i.baseline, target: i.target, direction: i.direction };

/** The activity, when the actor's side owns it (indicators are part of the activity). */
async function ownedActivity(db: Db, actor: Actor, kommunId: string, activityId: string): Promise<ActivityRow> {
  const activity = await findActivityById(db, { kommunId, seesInternal: true }, activityId);
  if (!activity) throw new NotFoundError();
  if (!canEditActivity(actor, kommunId, activity.responsibleParty)) throw new ForbiddenError('cooperation.errors.notYourActivity');
  return activity;
}

function indicatorColumns(input: IndicatorInput) {
  return {
    name: input.name,
    unit: input.unit,
    baseline: input.baseline ?? null,
    baseline_on: input.baselineOn ?? null,
    target: input.target ?? null,
    direction: input.direction,
  };
}

export async function createIndicator(ctx: AppContext, actor: Actor, kommunId: string, activityId: string, input: IndicatorInput, options: { id?: string; now?: Date } = {}): Promise<IndicatorRow> {
  requirePermissionIn(actor, kommunId, 'cooperation.write');
  const now = (options.now ?? new Date()).toISOString();
  const id = options.id ?? newId();
  return inTransaction(ctx, async ({ trx }) => {
    const activity = await ownedActivity(trx, actor, kommunId, activityId);
    const existing = (await indicatorsOfActivities(trx, kommunId, [activityId])).get(activityId) ?? [];
    if (existing.length >= coopLimits.indicatorsPerActivity) throw new ValidationError({ _form: 'cooperation.errors.tooManyIndicators' });
    await insertIndicator(trx, {
      id,
      kommun_id: kommunId,
      activity_id: activityId,
      position: await nextIndicatorPosition(trx, kommunId, activityId),
      ...indicatorColumns(input),
      lock_version: 1,
      created_at: now,
      updated_at: now,
    });
    const created = (await findIndicator(trx, kommunId, id))!;
    await writeAudit(trx, { actorUserId: actor.userId, kommunId, organisationId: kommunId, action: 'cooperation.indicator_created', entityType: 'coop_indicator', entityId: id, after: indicatorAuditView(created, activity) }, now);
    return created;
  });
}

/**
 * Changes an indicator. Its unit is what every stored value was measured in: with values stored,
 * a new unit is refused (make a new indicator instead) rather than silently relabelling them.
 */
export async function updateIndicator(ctx: AppContext, actor: Actor, kommunId: string, id: string, input: IndicatorInput, lockVersion: number, options: { now?: Date } = {}): Promise<IndicatorRow> {
  requirePermissionIn(actor, kommunId, 'cooperation.write');
  const now = (options.now ?? new Date()).toISOString();
  return inTransaction(ctx, async ({ trx }) => {
    const before = await findIndicator(trx, kommunId, id);
    if (!before) throw new NotFoundError();
    const activity = await ownedActivity(trx, actor, kommunId, before.activityId);
    if (input.unit !== before.unit && (await countValuesOfIndicator(trx, kommunId, id)) > 0) throw new ValidationError({ unit: 'cooperation.errors.unitHasValues' });
    const changed = await updateIndicatorIf(trx, kommunId, id, lockVersion, { ...indicatorColumns(input), updated_at: now });
    if (!changed) throw new StaleEditError(before);
    const after = await findIndicator(trx, kommunId, id);
    await writeAudit(trx, { actorUserId: actor.userId, kommunId, organisationId: kommunId, action: 'cooperation.indicator_updated', entityType: 'coop_indicator', entityId: id, before: indicatorAuditView(before, activity), after: indicatorAuditView(after, activity) }, now);
    return after!;
  });
}

/** Deletes an indicator without values; one with measured values is evidence and stays. */
export async function deleteIndicator(ctx: AppContext, actor: Actor, kommunId: string, id: string, options: { now?: Date } = {}): Promise<void> {
  requirePermissionIn(actor, kommunId, 'cooperation.write');
  const now = (options.now ?? new Date()).toISOString();
  await inTransaction(ctx, async ({ trx }) => {
    const before = await findIndicator(trx, kommunId, id);
    if (!before) throw new NotFoundError();
    const activity = await ownedActivity(trx, actor, kommunId, before.activityId);
    if ((await countValuesOfIndicator(trx, kommunId, id)) > 0) throw new ConflictError('cooperation.errors.indicatorHasValues');
    await deleteIndicatorRow(trx, kommunId, id);
    await writeAudit(trx, { actorUserId: actor.userId, kommunId, organisationId: kommunId, action: 'cooperation.indicator_deleted', entityType: 'coop_indicator', entityId: id, before: indicatorAuditView(before, activity) }, now);
  });
}

/**
 * Checks values against the activity's indicators: each names one of them, comes with a date,
 * and (when a unit is sent) is in the indicator's unit. Field names point at the form's rows.
 */
export async function checkValues(db: Db, kommunId: string, activityId: string, values: readonly IndicatorValueInput[]): Promise<Map<string, IndicatorRow>> {
  const indicators = new Map(((await indicatorsOfActivities(db, kommunId, [activityId])).get(activityId) ?? []).map((i) => [i.id, i]));
  const fields: Record<string, string> = {};
  values.forEach((value, index) => {
    const indicator = indicators.get(value.indicatorId);
    if (!indicator) fields[`values.${index}.indicatorId`] = 'cooperation.errors.unknownIndicator';
    else if (value.unit !== undefined && value.unit !== indicator.unit) fields[`values.${index}.unit`] = 'cooperation.errors.wrongUnit';
  });
  if (Object.keys(fields).length > 0) throw new ValidationError(fields);
  return indicators;
}

/** One value entered directly (not with a follow-up): public like the activity. */
export async function recordIndicatorValue(ctx: AppContext, actor: Actor, kommunId: string, input: IndicatorValueInput, options: { now?: Date } = {}): Promise<void> {
  requirePermissionIn(actor, kommunId, 'cooperation.write');
  const now = (options.now ?? new Date()).toISOString();
  await inTransaction(ctx, async ({ trx }) => {
    const indicator = await findIndicator(trx, kommunId, input.indicatorId);
    if (!indicator) throw new ValidationError({ indicatorId: 'cooperation.errors.unknownIndicator' });
    const activity = await ownedActivity(trx, actor, kommunId, indicator.activityId);
    await checkValues(trx, kommunId, activity.id, [input]);
    const id = newId();
    await insertIndicatorValues(trx, [{ id, kommun_id: kommunId, indicator_id: indicator.id, measured_on: input.measuredOn, value: input.value, entry_id: null, created_by: actor.userId, created_at: now }]);
    await writeAudit(trx, { actorUserId: actor.userId, kommunId, organisationId: kommunId, action: 'cooperation.indicator_value_recorded', entityType: 'coop_indicator', entityId: indicator.id, after: { title: `${activity.title}: ${indicator.name}`, measuredOn: input.measuredOn, value: input.value, unit: indicator.unit } }, now);
  });
}
