// What the public pages of plans and activities read (the löften's: promise-public.service.ts):
// one loader per page, each through a public reader, so a draft plan or an internal entry is
// never in what they return (the SQL filters it). A page that names something the public cannot see gets NotFoundError (404).
import type { AppContext } from '../../platform/context.js';
import { NotFoundError } from '../../platform/http/errors.js';
import { listPublicAgreements } from './agreement.reading.js';
import type { AgreementVersionRow } from './agreement.repository.js';
import { publicReader } from './cooperation.policy.js';
import { coopLimits } from './cooperation.schemas.js';
import { activityStatuses, responsibleParties, type ActivityStatus, type ResponsibleParty } from './cooperation.tables.js';
import {
  filesOfEntries,
  listPublicFeedEntries,
  listTimeline,
  type EntryFileRow,
  type EntryRow,
  type EntryWithTarget,
  type TimelineCursor,
} from './entry.repository.js';
import { indicatorsOfActivities, valuesOfEntries, valuesOfIndicators, type IndicatorRow, type IndicatorValueRow } from './indicator.repository.js';
import {
  findActivityByPlanSlug,
  findPlanBySlug,
  listActivitiesOfPlan,
  listActivitySummariesOfPlan,
  listPlans,
  placesOfActivities,
  placesOfPlanActivities,
  type ActivityRow,
  type ActivitySummary,
  type LinkedPlace,
  type PlanRow,
} from './plan.repository.js';
import { listPromises, publicPromisesOfActivity, type PromiseVersionRow } from './promise.repository.js';

/** How many values an indicator's table shows: the newest, which is what a reader looks for. */
export const indicatorValuesShown = 200;

export type StatusCounts = Record<ActivityStatus, number>;

export function countByStatus(activities: readonly Pick<ActivityRow, 'status'>[]): StatusCounts {
  const counts = Object.fromEntries(activityStatuses.map((s) => [s, 0])) as StatusCounts;
  for (const a of activities) counts[a.status] += 1;
  return counts;
}

// ---- landing page -------------------------------------------------------------------------------

export interface PlanSummary {
  plan: PlanRow;
  counts: StatusCounts;
  total: number;
}

export interface LandingData {
  /** The samverkansöverenskommelse in force, as residents see it; none between two agreements. */
  agreement: AgreementVersionRow | undefined;
  plans: PlanRow[];
  currentPlans: PlanSummary[];
  promises: PromiseVersionRow[];
  currentPromise: PromiseVersionRow | undefined;
}

/** A plan or löfte is current when it is in force (or published) and today is inside its period. */
const isCurrentPeriod = (row: { periodStart: string; periodEnd: string }, today: string) => row.periodStart <= today && today <= row.periodEnd;

export async function loadLanding(ctx: AppContext, kommunId: string, today: string): Promise<LandingData> {
  const reader = publicReader(kommunId);
  const [plans, promises, agreements] = await Promise.all([listPlans(ctx.db, reader), listPromises(ctx.db, reader), listPublicAgreements(ctx, kommunId)]);
  const current = plans.filter((p) => p.status === 'in_force' || (p.status === 'decided' && isCurrentPeriod(p, today)));
  const currentPlans = await Promise.all(
    current.map(async (plan) => {
      const activities = await listActivitySummariesOfPlan(ctx.db, reader, plan.id);
      return { plan, counts: countByStatus(activities), total: activities.length };
    }),
  );
  return { agreement: agreements.find((a) => a.status === 'in_force'), plans, currentPlans, promises, currentPromise: currentPromiseOf(promises, today) };
}

/** The löfte residents should see first: a published one whose period is running, else the newest published. */
export function currentPromiseOf(promises: readonly PromiseVersionRow[], today: string): PromiseVersionRow | undefined {
  const published = promises.filter((p) => p.status === 'published');
  return published.find((p) => isCurrentPeriod(p, today)) ?? published[0];
}

// ---- plan overview ------------------------------------------------------------------------------

/** The filters as typed in the address; each one the plan does not know is ignored and named. */
export interface RawPlanFilter {
  part?: string | undefined;
  status?: string | undefined;
  tema?: string | undefined;
  plats?: string | undefined;
}

export interface PlanFilter {
  party?: ResponsibleParty;
  status?: ActivityStatus;
  theme?: string;
  place?: LinkedPlace;
}

export interface PlanOverview {
  plan: PlanRow;
  activities: ActivitySummary[];
  places: Map<string, LinkedPlace[]>;
  themes: string[];
  planPlaces: LinkedPlace[];
  filter: PlanFilter;
  /** The query names of filters whose values were not recognised, and so not applied. */
  ignored: (keyof RawPlanFilter)[];
  total: number;
  counts: StatusCounts;
}

function readFilter(raw: RawPlanFilter, themes: readonly string[], planPlaces: readonly LinkedPlace[]): { filter: PlanFilter; ignored: (keyof RawPlanFilter)[] } {
  const filter: PlanFilter = {};
  const ignored: (keyof RawPlanFilter)[] = [];
  if (raw.part) {
    if ((responsibleParties as readonly string[]).includes(raw.part)) filter.party = raw.part as ResponsibleParty;
    else ignored.push('part');
  }
  if (raw.status) {
    if ((activityStatuses as readonly string[]).includes(raw.status)) filter.status = raw.status as ActivityStatus;
    else ignored.push('status');
  }
  if (raw.tema) {
    if (themes.includes(raw.tema)) filter.theme = raw.tema;
    else ignored.push('tema');
  }
  if (raw.plats) {
    const place = planPlaces.find((p) => p.slug === raw.plats);
    if (place) filter.place = place;
    else ignored.push('plats');
  }
  return { filter, ignored };
}

/** Whether an activity passes every filter that was recognised. */
function passes(activity: ActivitySummary, places: readonly LinkedPlace[], filter: PlanFilter): boolean {
  return (
    (!filter.party || activity.responsibleParty === filter.party) &&
    (!filter.status || activity.status === filter.status) &&
    (!filter.theme || activity.theme === filter.theme) &&
    (!filter.place || places.some((p) => p.id === filter.place!.id))
  );
}

const byName = new Intl.Collator('sv').compare;

/**
 * The overview in three reads: the plan, then its activities and their places side by side. A
 * plan has at most coopLimits.activitiesPerPlan activities, so the counts, the filters' choices
 * (themes and places in use) and the filtered list all come from that one list in memory.
 */
export async function loadPlanOverview(ctx: AppContext, kommunId: string, planSlug: string, raw: RawPlanFilter): Promise<PlanOverview> {
  const reader = publicReader(kommunId);
  const plan = await findPlanBySlug(ctx.db, reader, planSlug);
  if (!plan) throw new NotFoundError();
  const [all, allPlaces] = await Promise.all([listActivitySummariesOfPlan(ctx.db, reader, plan.id), placesOfPlanActivities(ctx.db, kommunId, plan.id)]);
  const themes = [...new Set(all.map((a) => a.theme).filter(Boolean))].sort(byName);
  const planPlaces = [...new Map(all.flatMap((a) => allPlaces.get(a.id) ?? []).map((p) => [p.id, p])).values()].sort((a, b) => byName(a.name, b.name));
  const { filter, ignored } = readFilter(raw, themes, planPlaces);
  const activities = all.filter((a) => passes(a, allPlaces.get(a.id) ?? [], filter));
  return { plan, activities, places: allPlaces, themes, planPlaces, filter, ignored, total: all.length, counts: countByStatus(all) };
}

/** The print version: every activity of the plan with its latest state. */
export async function loadPlanPrint(ctx: AppContext, kommunId: string, planSlug: string): Promise<{ plan: PlanRow; activities: ActivityRow[]; places: Map<string, LinkedPlace[]>; counts: StatusCounts }> {
  const reader = publicReader(kommunId);
  const plan = await findPlanBySlug(ctx.db, reader, planSlug);
  if (!plan) throw new NotFoundError();
  const [activities, places] = await Promise.all([listActivitiesOfPlan(ctx.db, reader, plan.id), placesOfPlanActivities(ctx.db, kommunId, plan.id)]);
  return { plan, activities, places, counts: countByStatus(activities) };
}

// ---- timelines ----------------------------------------------------------------------------------

export interface TimelinePage<E extends EntryRow = EntryRow> {
  entries: E[];
  values: Map<string, (IndicatorValueRow & { name: string; unit: string })[]>;
  files: Map<string, EntryFileRow[]>;
  /** The cursor of the next, older page, when there is one. */
  older: TimelineCursor | null;
}

export async function withEvidence<E extends EntryRow>(ctx: AppContext, kommunId: string, page: { rows: E[]; hasMore: boolean }): Promise<TimelinePage<E>> {
  const ids = page.rows.map((e) => e.id);
  const [values, files] = await Promise.all([valuesOfEntries(ctx.db, kommunId, ids), filesOfEntries(ctx.db, kommunId, ids)]);
  const last = page.rows[page.rows.length - 1];
  return { entries: page.rows, values, files, older: page.hasMore && last ? { happenedOn: last.happenedOn, id: last.id } : null };
}

// ---- activity page ------------------------------------------------------------------------------

/**
 * How many of an indicator's newest values the activity page's table shows. The chart above it
 * draws up to indicatorValuesShown; the values page (coopPaths.activityValues) has them all in
 * tables, and the plan's export every value ever measured.
 */
export const indicatorRowsOnActivityPage = 10;

type IndicatorWithValues = { indicator: IndicatorRow; values: IndicatorValueRow[] };

export interface ActivityPage {
  plan: PlanRow;
  activity: ActivityRow;
  places: LinkedPlace[];
  promises: { slug: string; title: string }[];
  indicators: IndicatorWithValues[];
  timeline: TimelinePage;
}

async function findPublicActivity(ctx: AppContext, kommunId: string, planSlug: string, activitySlug: string): Promise<{ plan: PlanRow; activity: ActivityRow }> {
  const reader = publicReader(kommunId);
  const [plan, activity] = await Promise.all([findPlanBySlug(ctx.db, reader, planSlug), findActivityByPlanSlug(ctx.db, reader, planSlug, activitySlug)]);
  if (!plan || !activity) throw new NotFoundError();
  return { plan, activity };
}

async function indicatorsWithValues(ctx: AppContext, kommunId: string, indicators: readonly IndicatorRow[]): Promise<IndicatorWithValues[]> {
  const values = await valuesOfIndicators(ctx.db, publicReader(kommunId), indicators.map((i) => i.id), indicatorValuesShown);
  return indicators.map((indicator) => ({ indicator, values: values.get(indicator.id) ?? [] }));
}

export async function loadActivityPage(ctx: AppContext, kommunId: string, planSlug: string, activitySlug: string, before: TimelineCursor | undefined): Promise<ActivityPage> {
  const { plan, activity } = await findPublicActivity(ctx, kommunId, planSlug, activitySlug);
  const [places, promises, indicatorMap, timeline] = await Promise.all([
    placesOfActivities(ctx.db, kommunId, [activity.id]),
    publicPromisesOfActivity(ctx.db, kommunId, activity.id),
    indicatorsOfActivities(ctx.db, kommunId, [activity.id]),
    listTimeline(ctx.db, publicReader(kommunId), { activityId: activity.id }, coopLimits.timelinePageSize, before),
  ]);
  const [indicators, evidence] = await Promise.all([indicatorsWithValues(ctx, kommunId, indicatorMap.get(activity.id) ?? []), withEvidence(ctx, kommunId, timeline)]);
  return { plan, activity, places: places.get(activity.id) ?? [], promises, indicators, timeline: evidence };
}

/** The values page: each indicator of the activity with its newest indicatorValuesShown values. */
export async function loadActivityValues(ctx: AppContext, kommunId: string, planSlug: string, activitySlug: string): Promise<{ plan: PlanRow; activity: ActivityRow; indicators: IndicatorWithValues[] }> {
  const { plan, activity } = await findPublicActivity(ctx, kommunId, planSlug, activitySlug);
  const indicatorMap = await indicatorsOfActivities(ctx.db, kommunId, [activity.id]);
  return { plan, activity, indicators: await indicatorsWithValues(ctx, kommunId, indicatorMap.get(activity.id) ?? []) };
}

// ---- feeds --------------------------------------------------------------------------------------

export async function loadKommunFeed(ctx: AppContext, kommunId: string): Promise<EntryWithTarget[]> {
  return listPublicFeedEntries(ctx.db, kommunId, coopLimits.feedSize);
}
