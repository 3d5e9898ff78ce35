// The JSON API's reads: each gathers what one answer shows, as the reader may see it (the
// reader's access is in every query), and presents it. A plan, an activity or a löfte the reader
// may not see is a 404, as on the public pages.
import type { AppContext } from '../../platform/context.js';
import { NotFoundError } from '../../platform/http/errors.js';
import { latestValuesOfIndicators, listEntriesPage } from './api.repository.js';
import { decodeCursor, encodeCursor, toActivitySummaryJson, toEntryJson, toIndicatorJson, toPlanJson, toPromiseJson, toPromiseSummaryJson } from './api.presenter.js';
import type { CoopReader } from './cooperation.policy.js';
import { coopLimits } from './cooperation.schemas.js';
import { listTimeline, type EntryRow } from './entry.repository.js';
import { indicatorsOfActivities, valuesOfEntries, valuesOfIndicators } from './indicator.repository.js';
import { findActivitiesByIds, findActivityBySlug, findPlanById, findPlanBySlug, listActivitiesOfPlan, listPlans, placesOfActivities, type ActivityRow } from './plan.repository.js';
import { findCurrentPromiseVersion, listPromises } from './promise.repository.js';

export const apiLimits = { plansPerPage: 50, followUpsPerPage: 50, valuesPerIndicator: 500 } as const;

export async function listPlansForApi(ctx: AppContext, reader: CoopReader, kommunSlug: string, after: string | undefined) {
  const key = after === undefined ? undefined : decodeCursor(after, 2, 'after');
  const rows = await listPlans(ctx.db, reader, apiLimits.plansPerPage + 1, key && { periodStart: key[0]!, id: key[1]! });
  const page = rows.slice(0, apiLimits.plansPerPage);
  const last = page.at(-1);
  return { data: page.map((p) => toPlanJson(p, kommunSlug)), next: rows.length > page.length && last ? encodeCursor([last.periodStart, last.id]) : null };
}

async function activitySummaries(ctx: AppContext, reader: CoopReader, activities: readonly ActivityRow[], planSlug: string, kommunSlug: string) {
  const ids = activities.map((a) => a.id);
  const [places, indicators] = await Promise.all([placesOfActivities(ctx.db, reader.kommunId, ids), indicatorsOfActivities(ctx.db, reader.kommunId, ids)]);
  const latest = await latestValuesOfIndicators(ctx.db, reader, [...indicators.values()].flat().map((i) => i.id));
  return activities.map((a) =>
    toActivitySummaryJson(a, planSlug, kommunSlug, places.get(a.id) ?? [], (indicators.get(a.id) ?? []).map((i) => toIndicatorJson(i, latest.get(i.id)))),
  );
}

export async function getPlanForApi(ctx: AppContext, reader: CoopReader, kommunSlug: string, planSlug: string) {
  const plan = await findPlanBySlug(ctx.db, reader, planSlug);
  if (!plan) throw new NotFoundError();
  const activities = await listActivitiesOfPlan(ctx.db, reader, plan.id, coopLimits.activitiesPerPlan);
  return { data: { ...toPlanJson(plan, kommunSlug), activities: await activitySummaries(ctx, reader, activities, plan.slug, kommunSlug) } };
}

async function entriesWithValues(ctx: AppContext, kommunId: string, rows: readonly EntryRow[]) {
  const values = await valuesOfEntries(ctx.db, kommunId, rows.map((r) => r.id));
  return rows.map((r) => toEntryJson(r, values.get(r.id)));
}

export async function getActivityForApi(ctx: AppContext, reader: CoopReader, kommunSlug: string, planSlug: string, activitySlug: string, before: string | undefined) {
  const key = before === undefined ? undefined : decodeCursor(before, 2, 'before');
  const plan = await findPlanBySlug(ctx.db, reader, planSlug);
  const activity = plan && (await findActivityBySlug(ctx.db, reader, plan.id, activitySlug));
  if (!plan || !activity) throw new NotFoundError();
  const [summary] = await activitySummaries(ctx, reader, [activity], plan.slug, kommunSlug);
  const values = await valuesOfIndicators(ctx.db, reader, summary!.indicators.map((i) => i.id), apiLimits.valuesPerIndicator);
  const timeline = await listTimeline(ctx.db, reader, { activityId: activity.id }, coopLimits.timelinePageSize, key && { happenedOn: key[0]!, id: key[1]! });
  const last = timeline.rows.at(-1);
  return {
    data: {
      ...summary!,
      planSlug: plan.slug,
      problem: activity.problem,
      cause: activity.cause,
      descriptionMarkdown: activity.descriptionMd,
      descriptionHtml: activity.descriptionHtml,
      operationalGoal: activity.operationalGoal,
      followUpMethod: activity.followUpMethod,
      indicators: summary!.indicators.map((i) => ({ ...i, values: (values.get(i.id) ?? []).map((v) => ({ id: v.id, measuredOn: v.measuredOn, value: v.value, entryId: v.entryId })) })),
      timeline: { data: await entriesWithValues(ctx, reader.kommunId, timeline.rows), next: timeline.hasMore && last ? encodeCursor([last.happenedOn, last.id]) : null },
    },
  };
}

export async function listPromisesForApi(ctx: AppContext, reader: CoopReader, kommunSlug: string) {
  return { data: (await listPromises(ctx.db, reader)).map((v) => toPromiseSummaryJson(v, kommunSlug)) };
}

/** The löfte as the reader sees it by default: the public version, for staff the latest (their draft). */
export async function getPromiseForApi(ctx: AppContext, reader: CoopReader, kommunSlug: string, slug: string) {
  const version = await findCurrentPromiseVersion(ctx.db, reader, { slug });
  if (!version) throw new NotFoundError();
  const linked = await findActivitiesByIds(ctx.db, reader, [...new Set(version.content.items.flatMap((i) => i.activityIds))]);
  return { data: toPromiseJson(version, kommunSlug, new Set(linked.map((a) => a.id))) };
}

export async function listFollowUpsForApi(ctx: AppContext, reader: CoopReader, after: string | undefined) {
  const key = after === undefined ? undefined : decodeCursor(after, 2, 'after');
  const { rows, hasMore } = await listEntriesPage(ctx.db, reader, apiLimits.followUpsPerPage, key && { createdAt: key[0]!, id: key[1]! });
  const last = rows.at(-1);
  return { data: await entriesWithValues(ctx, reader.kommunId, rows), next: hasMore && last ? encodeCursor([last.createdAt, last.id]) : null };
}

/** An activity as the staff's write answers show it (with its places and indicators, as staff see them). */
export async function presentActivity(ctx: AppContext, kommun: { id: string; slug: string }, activity: ActivityRow) {
  const staff: CoopReader = { kommunId: kommun.id, seesInternal: true };
  const plan = await findPlanById(ctx.db, staff, activity.planId);
  const [summary] = await activitySummaries(ctx, staff, [activity], plan?.slug ?? '', kommun.slug);
  return summary!;
}
