// The only SQL for plans, their activities and the places activities are linked to. Every query
// names the kommun; what a reader may see (public: decided plans only; cooperation staff:
// drafts too) is in the SQL. Updates of edited rows take the version the editor loaded and
// change nothing when another save came first (the caller turns that into a conflict).
import { updateAtVersion } from './cooperation.versioning.js';
import type { Db } from '../../platform/db/database.js';
import type { CoopReader } from './cooperation.policy.js';
import type {
  ActivityStatus,
  ActivityType,
  Assessment,
  CalendarDate,
  CoopActivityTable,
  CoopPlanTable,
  PlanStatus,
  ResponsibleParty,
} from './cooperation.tables.js';

export interface PlanRow {
  id: string;
  kommunId: string;
  slug: string;
  title: string;
  summaryMd: string;
  summaryHtml: string;
  periodStart: CalendarDate;
  periodEnd: CalendarDate;
  status: PlanStatus;
  agreementId: string | null;
  decidedByBody: string;
  decidedOn: CalendarDate | null;
  lockVersion: number;
  createdAt: string;
  updatedAt: string;
}

function toPlanRow(row: CoopPlanTable): PlanRow {
  return {
    id: row.id,
    kommunId: row.kommun_id,
    slug: row.slug,
    title: row.title,
    summaryMd: row.summary_md,
    summaryHtml: row.summary_html,
    periodStart: row.period_start,
    periodEnd: row.period_end,
    status: row.status,
    agreementId: row.agreement_id,
    decidedByBody: row.decided_by_body,
    decidedOn: row.decided_on,
    lockVersion: Number(row.lock_version),
    createdAt: String(row.created_at),
    updatedAt: String(row.updated_at),
  };
}

/** Plans the public sees: decided, in force or ended. */
export const publicPlanStatuses: readonly PlanStatus[] = ['decided', 'in_force', 'ended'];

function plansFor(db: Db, reader: CoopReader) {
  let query = db.selectFrom('coop_plans').selectAll().where('kommun_id', '=', reader.kommunId);
  if (!reader.seesInternal) query = query.where('status', 'in', publicPlanStatuses);
  return query;
}

export async function insertPlan(db: Db, row: CoopPlanTable): Promise<void> {
  await db.insertInto('coop_plans').values(row).execute();
}

export async function findPlanById(db: Db, reader: CoopReader, id: string): Promise<PlanRow | undefined> {
  const row = await plansFor(db, reader).where('id', '=', id).executeTakeFirst();
  return row ? toPlanRow(row) : undefined;
}

export async function findPlanBySlug(db: Db, reader: CoopReader, slug: string): Promise<PlanRow | undefined> {
  const row = await plansFor(db, reader).where('slug', '=', slug).executeTakeFirst();
  return row ? toPlanRow(row) : undefined;
}

/** A kommun's plans, newest period first (coop_plans_kommun_idx); a kommun has tens, a page holds 50. */
export async function listPlans(db: Db, reader: CoopReader, limit = 50, before?: { periodStart: string; id: string }): Promise<PlanRow[]> {
  let query = plansFor(db, reader);
  if (before) query = query.where((eb) => eb(eb.refTuple('period_start', 'id'), '<', eb.tuple(before.periodStart, before.id)));
  const rows = await query.orderBy('period_start', 'desc').orderBy('id', 'desc').limit(limit).execute();
  return rows.map(toPlanRow);
}

export async function planSlugTaken(db: Db, kommunId: string, slug: string, exceptId?: string): Promise<boolean> {
  let query = db.selectFrom('coop_plans').select('id').where('kommun_id', '=', kommunId).where('slug', '=', slug);
  if (exceptId) query = query.where('id', '!=', exceptId);
  return (await query.executeTakeFirst()) !== undefined;
}

/** Applies the change if the plan is still at `lockVersion`; false when another save came first. */
export async function updatePlanIf(db: Db, kommunId: string, id: string, lockVersion: number, patch: Partial<CoopPlanTable>): Promise<boolean> {
  return updateAtVersion(db, 'coop_plans', kommunId, id, lockVersion, patch);
}

// ---- activities ---------------------------------------------------------------------------------

export interface ActivityRow {
  id: string;
  kommunId: string;
  planId: string;
  slug: string;
  position: number;
  title: string;
  problem: string;
  cause: string;
  descriptionMd: string;
  descriptionHtml: string;
  operationalGoal: string;
  startsOn: CalendarDate;
  endsOn: CalendarDate | null;
  followUpMethod: string;
  responsibleParty: ResponsibleParty;
  responsibleOrganisationId: string | null;
  responsibleOrganisationName: string | null;
  responsibleRole: string;
  activityType: ActivityType;
  theme: string;
  status: ActivityStatus;
  assessment: Assessment | null;
  assessmentText: string;
  progress: number;
  lastPublicUpdateOn: CalendarDate | null;
  lockVersion: number;
  createdAt: string;
  updatedAt: string;
}

type ActivitySelection = CoopActivityTable & { responsible_organisation_name: string | null };

function toActivityRow(row: ActivitySelection): ActivityRow {
  return {
    ...toActivitySummary(row),
    kommunId: row.kommun_id,
    planId: row.plan_id,
    problem: row.problem,
    cause: row.cause,
    descriptionMd: row.description_md,
    descriptionHtml: row.description_html,
    operationalGoal: row.operational_goal,
    startsOn: row.starts_on,
    endsOn: row.ends_on,
    followUpMethod: row.follow_up_method,
    responsibleOrganisationId: row.responsible_organisation_id,
    activityType: row.activity_type,
    lockVersion: Number(row.lock_version),
    createdAt: String(row.created_at),
    updatedAt: String(row.updated_at),
  };
}

/** Activities with their plan's visibility applied: the public sees those of public plans only. */
function activitiesFor(db: Db, reader: CoopReader) {
  let query = db
    .selectFrom('coop_activities')
    .innerJoin('coop_plans', 'coop_plans.id', 'coop_activities.plan_id')
    .leftJoin('organisations as responsible', 'responsible.id', 'coop_activities.responsible_organisation_id')
    .selectAll('coop_activities')
    .select('responsible.name as responsible_organisation_name')
    .where('coop_activities.kommun_id', '=', reader.kommunId)
    .where('coop_plans.kommun_id', '=', reader.kommunId);
  if (!reader.seesInternal) query = query.where('coop_plans.status', 'in', publicPlanStatuses);
  return query;
}

export async function insertActivity(db: Db, row: CoopActivityTable): Promise<void> {
  await db.insertInto('coop_activities').values(row).execute();
}

export async function findActivityById(db: Db, reader: CoopReader, id: string): Promise<ActivityRow | undefined> {
  const row = await activitiesFor(db, reader).where('coop_activities.id', '=', id).executeTakeFirst();
  return row ? toActivityRow(row) : undefined;
}

export async function findActivityBySlug(db: Db, reader: CoopReader, planId: string, slug: string): Promise<ActivityRow | undefined> {
  const row = await activitiesFor(db, reader).where('coop_activities.plan_id', '=', planId).where('coop_activities.slug', '=', slug).executeTakeFirst();
  return row ? toActivityRow(row) : undefined;
}

/** An activity by its plan's slug and its own, for a public address: read beside the plan, not after it. */
export async function findActivityByPlanSlug(db: Db, reader: CoopReader, planSlug: string, slug: string): Promise<ActivityRow | undefined> {
  const row = await activitiesFor(db, reader).where('coop_plans.slug', '=', planSlug).where('coop_activities.slug', '=', slug).executeTakeFirst();
  return row ? toActivityRow(row) : undefined;
}

export async function findActivitiesByIds(db: Db, reader: CoopReader, ids: readonly string[]): Promise<ActivityRow[]> {
  if (ids.length === 0) return [];
  const rows = await activitiesFor(db, reader).where('coop_activities.id', 'in', ids).orderBy('coop_activities.position').execute();
  return rows.map(toActivityRow);
}

/** What a list of activities shows of each (the overview's cards, the landing page's counts). */
export type ActivitySummary = Pick<
  ActivityRow,
  'id' | 'slug' | 'position' | 'title' | 'responsibleParty' | 'responsibleOrganisationName' | 'responsibleRole' | 'theme' | 'status' | 'assessment' | 'assessmentText' | 'progress' | 'lastPublicUpdateOn'
>;

function summariesFor(db: Db, reader: CoopReader) {
  return activitiesFor(db, reader)
    .clearSelect()
    .select([
      'coop_activities.id',
      'coop_activities.slug',
      'coop_activities.position',
      'coop_activities.title',
      'coop_activities.responsible_party',
      'coop_activities.responsible_role',
      'coop_activities.theme',
      'coop_activities.status',
      'coop_activities.assessment',
      'coop_activities.assessment_text',
      'coop_activities.progress',
      'coop_activities.last_public_update_on',
      'responsible.name as responsible_organisation_name',
    ]);
}

type SummarySelection = Pick<
  ActivitySelection,
  'id' | 'slug' | 'position' | 'title' | 'responsible_party' | 'responsible_role' | 'theme' | 'status' | 'assessment' | 'assessment_text' | 'progress' | 'last_public_update_on' | 'responsible_organisation_name'
>;

function toActivitySummary(row: SummarySelection): ActivitySummary {
  return {
    id: row.id,
    slug: row.slug,
    position: Number(row.position),
    title: row.title,
    responsibleParty: row.responsible_party,
    responsibleOrganisationName: row.responsible_organisation_name,
    responsibleRole: row.responsible_role,
    theme: row.theme,
    status: row.status,
    assessment: row.assessment,
    assessmentText: row.assessment_text,
    progress: Number(row.progress),
    lastPublicUpdateOn: row.last_public_update_on,
  };
}

/**
 * The summaries of a plan's activities in the plan's order: the columns a card shows, not the
 * texts of Brå's fields, which are most of a row and more than half the cost of reading it.
 */
export async function listActivitySummariesOfPlan(db: Db, reader: CoopReader, planId: string, limit = 500): Promise<ActivitySummary[]> {
  const rows = await summariesFor(db, reader).where('coop_activities.plan_id', '=', planId).orderBy('coop_activities.position').orderBy('coop_activities.id').limit(limit).execute();
  return rows.map(toActivitySummary);
}

/** Summaries of the given activities the reader may see, in no particular order. */
export async function findActivitySummariesByIds(db: Db, reader: CoopReader, ids: readonly string[]): Promise<ActivitySummary[]> {
  if (ids.length === 0) return [];
  const rows = await summariesFor(db, reader).where('coop_activities.id', 'in', ids).execute();
  return rows.map(toActivitySummary);
}

/**
 * A plan's activities in the plan's order (coop_activities_plan_idx). A plan has tens of
 * activities, at most coopLimits.activitiesPerPlan (500), so one read holds them all; the public
 * overview filters that list in memory rather than asking the database again.
 */
export async function listActivitiesOfPlan(db: Db, reader: CoopReader, planId: string, limit = 500): Promise<ActivityRow[]> {
  const rows = await activitiesFor(db, reader).where('coop_activities.plan_id', '=', planId).orderBy('coop_activities.position').orderBy('coop_activities.id').limit(limit).execute();
  return rows.map(toActivityRow);
}

export async function nextActivityPosition(db: Db, kommunId: string, planId: string): Promise<number> {
  const row = await db
    .selectFrom('coop_activities')
    .select((eb) => eb.fn.max('position').as('max'))
    .where('kommun_id', '=', kommunId)
    .where('plan_id', '=', planId)
    .executeTakeFirst();
  return row?.max === null || row?.max === undefined ? 1 : Number(row.max) + 1;
}

export async function countActivitiesOfPlan(db: Db, kommunId: string, planId: string): Promise<number> {
  const row = await db
    .selectFrom('coop_activities')
    .select((eb) => eb.fn.countAll().as('n'))
    .where('kommun_id', '=', kommunId)
    .where('plan_id', '=', planId)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export async function activitySlugTaken(db: Db, kommunId: string, planId: string, slug: string, exceptId?: string): Promise<boolean> {
  let query = db.selectFrom('coop_activities').select('id').where('kommun_id', '=', kommunId).where('plan_id', '=', planId).where('slug', '=', slug);
  if (exceptId) query = query.where('id', '!=', exceptId);
  return (await query.executeTakeFirst()) !== undefined;
}

export async function updateActivityIf(db: Db, kommunId: string, id: string, lockVersion: number, patch: Partial<CoopActivityTable>): Promise<boolean> {
  return updateAtVersion(db, 'coop_activities', kommunId, id, lockVersion, patch);
}

export async function deleteActivityRow(db: Db, kommunId: string, id: string): Promise<void> {
  await db.deleteFrom('coop_activities').where('kommun_id', '=', kommunId).where('id', '=', id).execute();
}

// ---- places of activities -----------------------------------------------------------------------

export async function replaceActivityPlaces(db: Db, kommunId: string, activityId: string, placeIds: readonly string[]): Promise<void> {
  await db.deleteFrom('coop_activity_places').where('kommun_id', '=', kommunId).where('activity_id', '=', activityId).execute();
  if (placeIds.length === 0) return;
  await db
    .insertInto('coop_activity_places')
    .values(placeIds.map((placeId) => ({ activity_id: activityId, place_id: placeId, kommun_id: kommunId })))
    .execute();
}

/** Of the ids given, those naming places of this kommun (a place id of another kommun is not linked). */
export async function placesOfKommun(db: Db, kommunId: string, placeIds: readonly string[]): Promise<string[]> {
  if (placeIds.length === 0) return [];
  const rows = await db.selectFrom('places').select('id').where('kommun_id', '=', kommunId).where('id', 'in', placeIds).execute();
  return rows.map((r) => r.id);
}

export interface LinkedPlace {
  id: string;
  slug: string;
  name: string;
}

function placesByActivity(rows: readonly (LinkedPlace & { activity_id: string })[]): Map<string, LinkedPlace[]> {
  const byActivity = new Map<string, LinkedPlace[]>();
  for (const row of rows) {
    const list = byActivity.get(row.activity_id) ?? [];
    list.push({ id: row.id, slug: row.slug, name: row.name });
    byActivity.set(row.activity_id, list);
  }
  return byActivity;
}

export async function placesOfActivities(db: Db, kommunId: string, activityIds: readonly string[]): Promise<Map<string, LinkedPlace[]>> {
  if (activityIds.length === 0) return new Map();
  const rows = await db
    .selectFrom('coop_activity_places')
    .innerJoin('places', 'places.id', 'coop_activity_places.place_id')
    .select(['coop_activity_places.activity_id', 'places.id', 'places.slug', 'places.name'])
    .where('coop_activity_places.kommun_id', '=', kommunId)
    .where('coop_activity_places.activity_id', 'in', activityIds)
    .orderBy('places.name')
    .execute();
  return placesByActivity(rows);
}

/**
 * The places of every activity of a plan, by activity, in one read beside the activities' own
 * (it needs the plan, not their ids). Reader-independent: an activity's places are only shown
 * next to an activity the reader was allowed to read.
 */
export async function placesOfPlanActivities(db: Db, kommunId: string, planId: string): Promise<Map<string, LinkedPlace[]>> {
  const rows = await db
    .selectFrom('coop_activity_places')
    .innerJoin('coop_activities', 'coop_activities.id', 'coop_activity_places.activity_id')
    .innerJoin('places', 'places.id', 'coop_activity_places.place_id')
    .select(['coop_activity_places.activity_id', 'places.id', 'places.slug', 'places.name'])
    .where('coop_activity_places.kommun_id', '=', kommunId)
    .where('coop_activities.kommun_id', '=', kommunId)
    .where('coop_activities.plan_id', '=', planId)
    .orderBy('places.name')
    .execute();
  return placesByActivity(rows);
}
