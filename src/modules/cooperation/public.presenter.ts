// Addresses and small read-outs the public pages and the feeds share. Paths are below the kommun
// (kommunPath adds /{kommun}/); the scheme is the one agreed for the whole module.
import { z } from 'zod';
import { idPattern } from '../../platform/db/ids.js';
import { isCalendarDate, slugPattern } from './cooperation.schemas.js';
import type { TimelineCursor } from './entry.repository.js';

export const coopPaths = {
  landing: 'samverkan',
  plan: (plan: string) => `atgardsplaner/${plan}`,
  planPrint: (plan: string) => `atgardsplaner/${plan}/utskrift`,
  planPdf: (plan: string) => `atgardsplaner/${plan}/atgardsplan.pdf`,
  activitySubscribe: (plan: string, activity: string) => `atgardsplaner/${plan}/${activity}/prenumerera`,
  planExport: (plan: string, what: 'aktiviteter' | 'indikatorer' | 'matvarden' | 'uppfoljningar', format: 'csv' | 'json') => `atgardsplaner/${plan}/export/${what}.${format}`,
  activity: (plan: string, activity: string) => `atgardsplaner/${plan}/${activity}`,
  activityValues: (plan: string, activity: string) => `atgardsplaner/${plan}/${activity}/matvarden`,
  promises: 'medborgarloften',
  promise: (slug: string) => `medborgarloften/${slug}`,
  promisePrint: (slug: string) => `medborgarloften/${slug}/utskrift`,
  promisePdf: (slug: string) => `medborgarloften/${slug}/medborgarlofte.pdf`,
  promiseSubscribe: (slug: string) => `medborgarloften/${slug}/prenumerera`,
  promiseVersions: (slug: string) => `medborgarloften/${slug}/versioner`,
  promiseVersion: (slug: string, n: number) => `medborgarloften/${slug}/versioner/${n}`,
  promiseFeed: (slug: string) => `medborgarloften/${slug}/uppfoljning.atom`,
  feed: 'uppfoljning.atom',
  agreements: 'samverkansoverenskommelser',
  agreement: (slug: string) => `samverkansoverenskommelser/${slug}`,
  agreementVersions: (slug: string) => `samverkansoverenskommelser/${slug}/versioner`,
} as const;

/** The id an entry has on its page, for links from feeds ("#uppfoljning-<id>"). */
export const entryAnchor = (entryId: string) => `uppfoljning-${entryId}`;

/** Cursor text "<happened_on>_<id>" of the last entry shown. */
export function encodeTimelineCursor(cursor: TimelineCursor): string {
  return `${cursor.happenedOn}_${cursor.id}`;
}

export function decodeTimelineCursor(value: string | undefined): TimelineCursor | undefined {
  if (!value || value.length > 60) return undefined;
  const happenedOn = value.slice(0, 10);
  const id = value.slice(11);
  if (value[10] !== '_' || !isCalendarDate(happenedOn) || !idPattern.test(id)) return undefined;
  return { happenedOn, id };
}

// ---- what the public routes accept ----------------------------------------------------------------

const slug = () => z.string().max(120).regex(slugPattern);
export const planParams = z.object({ plan: slug() });
export const activityParams = z.object({ plan: slug(), activity: slug() });
export const promiseParams = z.object({ slug: slug() });
export const promiseVersionParams = z.object({ slug: slug(), n: z.coerce.number().int().min(1).max(100_000) });

/**
 * A query value as one string: a repeated field counts by its first value, anything that is not
 * text (or is absurdly long) is no value. Filters never fail a page: what the plan does not know
 * is ignored and named (see loadPlanOverview).
 */
const lenientText = z.preprocess((value) => (Array.isArray(value) ? value[0] : value), z.string().max(200).optional().catch(undefined));

export const planOverviewQuery = z.object({ part: lenientText, status: lenientText, tema: lenientText, plats: lenientText });

/** A cursor that cannot be read (an old or edited link) means the newest page. */
export const timelineQuery = z.object({ efter: lenientText.transform((v) => decodeTimelineCursor(v)) });
