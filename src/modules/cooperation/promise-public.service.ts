// What the public pages of the medborgarlöften read: the index, a löfte with each promise's
// state from its activities and one merged timeline, versions, the print version, the löfte's
// feed and the home page's section. Through a public reader only, as in public.service.ts.
import type { AppContext } from '../../platform/context.js';
import { NotFoundError } from '../../platform/http/errors.js';
import { renderMarkdown } from '../../platform/views/markdown.js';
import { publicReader } from './cooperation.policy.js';
import { coopLimits } from './cooperation.schemas.js';
import type { ActivityStatus } from './cooperation.tables.js';
import { listPromiseTimeline, listPublicFeedEntries, type EntryWithTarget, type TimelineCursor } from './entry.repository.js';
import { findActivitiesByIds, findActivitySummariesByIds, findPlanById, type ActivityRow, type PlanRow } from './plan.repository.js';
import { findCurrentPromiseVersion, findCurrentPublishedPromise, findPromiseVersion, listPromises, listPromiseVersions, type PromiseVersionRow } from './promise.repository.js';
import { withEvidence, type TimelinePage } from './public.service.js';

// ---- löften -------------------------------------------------------------------------------------

export async function loadPromiseIndex(ctx: AppContext, kommunId: string): Promise<PromiseVersionRow[]> {
  return listPromises(ctx.db, publicReader(kommunId));
}

export interface PromiseItemView {
  party: 'police' | 'kommun' | 'joint';
  text: string;
  activities: ActivityRow[];
  state: PromiseItemState;
}

/** One word for how a promise is going, from its activities: what a resident asks first. */
export interface PromiseItemState {
  status: ActivityStatus | null;
  progress: number | null;
  lastUpdateOn: string | null;
}

/**
 * The state of a promise from its activities: done when every activity that was not cancelled
 * is done; delayed when any is; in progress when any has started; not started otherwise. The
 * progress is the mean of the activities that count (not the cancelled ones).
 */
export function promiseItemState(activities: readonly Pick<ActivityRow, 'status' | 'progress' | 'lastPublicUpdateOn'>[]): PromiseItemState {
  const lastUpdateOn = activities.reduce<string | null>((latest, a) => (a.lastPublicUpdateOn && (!latest || a.lastPublicUpdateOn > latest) ? a.lastPublicUpdateOn : latest), null);
  const counting = activities.filter((a) => a.status !== 'cancelled');
  if (activities.length === 0) return { status: null, progress: null, lastUpdateOn };
  if (counting.length === 0) return { status: 'cancelled', progress: null, lastUpdateOn };
  const progress = Math.round(counting.reduce((sum, a) => sum + a.progress, 0) / counting.length);
  let status: ActivityStatus;
  if (counting.every((a) => a.status === 'done')) status = 'done';
  else if (counting.some((a) => a.status === 'delayed')) status = 'delayed';
  else if (counting.some((a) => a.status !== 'not_started')) status = 'in_progress';
  else status = 'not_started';
  return { status, progress, lastUpdateOn };
}

/** Each promise of a version with the given activities it links (in its own order) and their state. */
function linkItems<A extends Pick<ActivityRow, 'id' | 'status' | 'progress' | 'lastPublicUpdateOn'>>(version: PromiseVersionRow, activities: readonly A[]) {
  const byId = new Map(activities.map((a) => [a.id, a]));
  return version.content.items.map((item) => {
    const linked = item.activityIds.flatMap((id) => byId.get(id) ?? []);
    return { party: item.party, text: item.text, activities: linked, state: promiseItemState(linked) };
  });
}

const linkedActivityIds = (version: PromiseVersionRow) => [...new Set(version.content.items.flatMap((i) => i.activityIds))];

/** The promises of a version with their linked activities (those the public may see), in the version's order. */
async function itemsOf(ctx: AppContext, kommunId: string, version: PromiseVersionRow): Promise<{ items: PromiseItemView[]; activityIds: string[] }> {
  const activities = await findActivitiesByIds(ctx.db, publicReader(kommunId), linkedActivityIds(version));
  return { items: linkItems(version, activities), activityIds: activities.map((a) => a.id) };
}

/** Where each linked activity lives: its plan's slug, for links. */
async function planSlugsOf(ctx: AppContext, kommunId: string, activities: readonly ActivityRow[]): Promise<Map<string, string>> {
  // A löfte's activities are almost always of one plan, so this is one query.
  const planIds = [...new Set(activities.map((a) => a.planId))];
  const plans = await Promise.all(planIds.map((id) => findPlanById(ctx.db, publicReader(kommunId), id)));
  return new Map(plans.filter((p): p is PlanRow => p !== undefined).map((p) => [p.id, p.slug]));
}

export interface PromisePage {
  version: PromiseVersionRow;
  situationHtml: string;
  items: PromiseItemView[];
  planSlugs: Map<string, string>;
  timeline: TimelinePage<EntryWithTarget>;
}

export async function loadPromisePage(ctx: AppContext, kommunId: string, slug: string, before: TimelineCursor | undefined): Promise<PromisePage> {
  const reader = publicReader(kommunId);
  const version = await findCurrentPromiseVersion(ctx.db, reader, { slug });
  if (!version) throw new NotFoundError();
  const { items, activityIds } = await itemsOf(ctx, kommunId, version);
  const [planSlugs, timeline] = await Promise.all([
    planSlugsOf(ctx, kommunId, items.flatMap((i) => i.activities)),
    listPromiseTimeline(ctx.db, reader, version.promiseId, activityIds, coopLimits.timelinePageSize, before),
  ]);
  return { version, situationHtml: renderMarkdown(version.content.situation), items, planSlugs, timeline: await withEvidence(ctx, kommunId, timeline) };
}

export async function loadPromisePrint(ctx: AppContext, kommunId: string, slug: string): Promise<Omit<PromisePage, 'timeline'>> {
  const version = await findCurrentPromiseVersion(ctx.db, publicReader(kommunId), { slug });
  if (!version) throw new NotFoundError();
  const { items } = await itemsOf(ctx, kommunId, version);
  const planSlugs = await planSlugsOf(ctx, kommunId, items.flatMap((i) => i.activities));
  return { version, situationHtml: renderMarkdown(version.content.situation), items, planSlugs };
}

export async function loadPromiseVersions(ctx: AppContext, kommunId: string, slug: string): Promise<{ current: PromiseVersionRow; versions: PromiseVersionRow[] }> {
  const reader = publicReader(kommunId);
  const current = await findCurrentPromiseVersion(ctx.db, reader, { slug });
  if (!current) throw new NotFoundError();
  return { current, versions: await listPromiseVersions(ctx.db, reader, current.promiseId) };
}

/** One published (or replaced) version; drafts are not found. */
export async function loadPromiseVersion(ctx: AppContext, kommunId: string, slug: string, versionNo: number): Promise<Omit<PromisePage, 'timeline'> & { current: PromiseVersionRow }> {
  const reader = publicReader(kommunId);
  const current = await findCurrentPromiseVersion(ctx.db, reader, { slug });
  if (!current) throw new NotFoundError();
  const version = await findPromiseVersion(ctx.db, reader, current.promiseId, versionNo);
  if (!version) throw new NotFoundError();
  const { items } = await itemsOf(ctx, kommunId, version);
  const planSlugs = await planSlugsOf(ctx, kommunId, items.flatMap((i) => i.activities));
  return { current, version, situationHtml: renderMarkdown(version.content.situation), items, planSlugs };
}

export async function loadPromiseFeed(ctx: AppContext, kommunId: string, slug: string): Promise<{ version: PromiseVersionRow; entries: EntryWithTarget[] }> {
  const version = await findCurrentPromiseVersion(ctx.db, publicReader(kommunId), { slug });
  if (!version) throw new NotFoundError();
  const { activityIds } = await itemsOf(ctx, kommunId, version);
  return { version, entries: await listPublicFeedEntries(ctx.db, kommunId, coopLimits.feedSize, { promiseId: version.promiseId, activityIds }) };
}

// ---- home page ----------------------------------------------------------------------------------

/** A promise as the home page shows it: who promised what, and how it is going. */
export type PromiseItemSummary = Pick<PromiseItemView, 'party' | 'text' | 'state'>;

/**
 * The current löfte's promises with their state, for the home page: the löfte and the state
 * columns of its activities, nothing more (every home page view pays for this section).
 */
export async function loadHomeSection(ctx: AppContext, kommunId: string, today: string): Promise<{ version: PromiseVersionRow; items: PromiseItemSummary[] } | null> {
  const version = await findCurrentPublishedPromise(ctx.db, kommunId, today);
  if (!version) return null;
  const items = linkItems(version, await findActivitySummariesByIds(ctx.db, publicReader(kommunId), linkedActivityIds(version)));
  return { version, items };
}
