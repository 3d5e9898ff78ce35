// The SQL the staff pages need beyond the entity repositories: counts for the dashboard and the
// activities whose public follow-up has gone quiet. Staff-only by construction (these are never
// shown to the public), and every query names the kommun.
import { sql } from 'kysely';
import type { Db } from '../../platform/db/database.js';
import { calendarDateDaysBefore } from '../../platform/db/dates.js';
import type { ActivityStatus, PlanStatus } from './cooperation.tables.js';

/** Days without a public follow-up after which an activity of a current plan needs one. */
export const followUpQuietDays = 90;

/** Plans whose activities are being carried out: decided or in force. */
const currentPlanStatuses: readonly PlanStatus[] = ['decided', 'in_force'];
/** Activities with nothing more to report. */
const finishedStatuses: readonly ActivityStatus[] = ['done', 'cancelled'];

/** The activities of current plans that have gone `followUpQuietDays` without a public follow-up. */
function quietActivities(db: Db, kommunId: string, now: string) {
  // `now` is bound (the staff overview prepares this statement once), so the date is worked out in SQL.
  const cutoff = calendarDateDaysBefore(db, now, followUpQuietDays);
  return db
    .selectFrom('coop_activities as a')
    .innerJoin('coop_plans as p', 'p.id', 'a.plan_id')
    .where('a.kommun_id', '=', kommunId)
    .where('p.kommun_id', '=', kommunId)
    .where('p.status', 'in', currentPlanStatuses)
    .where('p.period_end', '>=', sql<string>`substr(${now}, 1, 10)`)
    .where('a.status', 'not in', finishedStatuses)
    .where('a.starts_on', '<=', cutoff)
    .where((eb) => eb.or([eb('a.last_public_update_on', 'is', null), eb('a.last_public_update_on', '<', cutoff)]));
}

/** For the staff overview: a count query, the kommun in the SQL, `now` bound. */
export function selectQuietActivityCount(db: Db, kommunId: string, now: string) {
  return quietActivities(db, kommunId, now).select((eb) => eb.fn.countAll().as('n'));
}

export interface QuietActivity {
  id: string;
  title: string;
  planTitle: string;
  lastPublicUpdateOn: string | null;
  responsibleParty: string;
}

/** The quiet activities themselves, longest quiet first, for the dashboard (a page of them). */
export async function listQuietActivities(db: Db, kommunId: string, now: string, limit = 50): Promise<QuietActivity[]> {
  const rows = await quietActivities(db, kommunId, now)
    .select(['a.id', 'a.title', 'p.title as plan_title', 'a.last_public_update_on', 'a.responsible_party'])
    .orderBy('a.last_public_update_on', (ob) => ob.asc().nullsFirst())
    .orderBy('a.id')
    .limit(limit)
    .execute();
  return rows.map((r) => ({ id: r.id, title: r.title, planTitle: r.plan_title, lastPublicUpdateOn: r.last_public_update_on, responsibleParty: r.responsible_party }));
}

/** Number of activities per plan and how many of them are done, for the plan list. */
export async function activityCountsOfPlans(db: Db, kommunId: string, planIds: readonly string[]): Promise<Map<string, { total: number; done: number }>> {
  const counts = new Map<string, { total: number; done: number }>();
  if (planIds.length === 0) return counts;
  const rows = await db
    .selectFrom('coop_activities')
    .select((eb) => ['plan_id', eb.fn.countAll().as('total'), eb.fn.sum(eb.case().when('status', '=', 'done').then(1).else(0).end()).as('done')])
    .where('kommun_id', '=', kommunId)
    .where('plan_id', 'in', planIds)
    .groupBy('plan_id')
    .execute();
  for (const r of rows) counts.set(r.plan_id, { total: Number(r.total), done: Number(r.done ?? 0) });
  return counts;
}

/** The themes the kommun's activities use, for the theme field's suggestions. */
export async function listThemesOfKommun(db: Db, kommunId: string): Promise<string[]> {
  const rows = await db.selectFrom('coop_activities').select('theme').distinct().where('kommun_id', '=', kommunId).where('theme', '!=', '').orderBy('theme').limit(200).execute();
  return rows.map((r) => r.theme);
}

/** The kommun's activities grouped by plan (newest plan first), for linking promises to them. */
export async function listActivityChoices(db: Db, kommunId: string): Promise<{ planId: string; planTitle: string; activities: { id: string; title: string }[] }[]> {
  const rows = await db
    .selectFrom('coop_activities as a')
    .innerJoin('coop_plans as p', 'p.id', 'a.plan_id')
    .select(['p.id as plan_id', 'p.title as plan_title', 'a.id', 'a.title'])
    .where('a.kommun_id', '=', kommunId)
    .where('p.kommun_id', '=', kommunId)
    .orderBy('p.period_start', 'desc')
    .orderBy('p.id')
    .orderBy('a.position')
    .limit(1_000)
    .execute();
  const groups: { planId: string; planTitle: string; activities: { id: string; title: string }[] }[] = [];
  for (const r of rows) {
    let group = groups[groups.length - 1];
    if (!group || group.planId !== r.plan_id) {
      group = { planId: r.plan_id, planTitle: r.plan_title, activities: [] };
      groups.push(group);
    }
    group.activities.push({ id: r.id, title: r.title });
  }
  return groups;
}

/** The kommun's agreements by their latest version's title, for a plan's agreement field. */
export async function listAgreementChoices(db: Db, kommunId: string): Promise<{ id: string; title: string }[]> {
  return db
    .selectFrom('coop_agreements as a')
    .innerJoin('coop_agreement_versions as v', (join) => join.onRef('v.agreement_id', '=', 'a.id').onRef('v.version_no', '=', 'a.latest_version_no'))
    .select(['a.id', 'v.title'])
    .where('a.kommun_id', '=', kommunId)
    .where('v.kommun_id', '=', kommunId)
    .orderBy('v.period_start', 'desc')
    .limit(100)
    .execute();
}
