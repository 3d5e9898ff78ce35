// Rows as the JSON API shows them (api.schemas.ts describes the shapes), and the cursors of its
// paged lists. No person appears: authors and responsible parties are organisations and roles.
import type { z } from 'zod';
import type { RoleHolder } from '../../platform/auth/index.js';
import { ValidationError } from '../../platform/http/errors.js';
import type { Kommun } from '../../platform/tenants/index.js';
import type { activitySummaryJson, entryJson, indicatorJson, planJson, promiseJson, promiseSummaryJson } from './api.schemas.js';
import { canDecide, canEditActivity, canWrite } from './cooperation.policy.js';
import { cooperationSettingsOf } from './cooperation.settings.js';
import type { EntryRow } from './entry.repository.js';
import type { IndicatorRow } from './indicator.repository.js';
import type { ActivityRow, LinkedPlace, PlanRow } from './plan.repository.js';
import type { PromiseVersionRow } from './promise.repository.js';

export function toPlanJson(plan: PlanRow, kommunSlug: string): z.output<typeof planJson> {
  return {
    id: plan.id,
    slug: plan.slug,
    title: plan.title,
    summaryMarkdown: plan.summaryMd,
    summaryHtml: plan.summaryHtml,
    periodStart: plan.periodStart,
    periodEnd: plan.periodEnd,
    status: plan.status,
    decidedByBody: plan.decidedByBody,
    decidedOn: plan.decidedOn,
    lockVersion: plan.lockVersion,
    updatedAt: plan.updatedAt,
    url: `/${kommunSlug}/atgardsplaner/${plan.slug}`,
  };
}

export function toIndicatorJson(indicator: IndicatorRow, latest: { measuredOn: string; value: number } | undefined): z.output<typeof indicatorJson> {
  return {
    id: indicator.id,
    name: indicator.name,
    unit: indicator.unit,
    baseline: indicator.baseline,
    baselineOn: indicator.baselineOn,
    target: indicator.target,
    direction: indicator.direction,
    latestValue: latest ?? null,
    lockVersion: indicator.lockVersion,
  };
}

export function toActivitySummaryJson(
  activity: ActivityRow,
  planSlug: string,
  kommunSlug: string,
  places: readonly LinkedPlace[],
  indicators: z.output<typeof indicatorJson>[],
): z.output<typeof activitySummaryJson> {
  return {
    id: activity.id,
    slug: activity.slug,
    position: activity.position,
    title: activity.title,
    status: activity.status,
    progress: activity.progress,
    assessment: activity.assessment,
    assessmentText: activity.assessmentText,
    responsibleParty: activity.responsibleParty,
    responsibleOrganisation: activity.responsibleOrganisationName,
    responsibleRole: activity.responsibleRole,
    activityType: activity.activityType,
    theme: activity.theme,
    startsOn: activity.startsOn,
    endsOn: activity.endsOn,
    lastPublicUpdateOn: activity.lastPublicUpdateOn,
    places: places.map((p) => ({ id: p.id, slug: p.slug, name: p.name })),
    indicators,
    lockVersion: activity.lockVersion,
    url: `/${kommunSlug}/atgardsplaner/${planSlug}/${activity.slug}`,
  };
}

export function toEntryJson(entry: EntryRow, values: readonly { indicatorId: string; name: string; unit: string; measuredOn: string; value: number }[] = []): z.output<typeof entryJson> {
  return {
    id: entry.id,
    activityId: entry.activityId,
    promiseId: entry.promiseId,
    happenedOn: entry.happenedOn,
    title: entry.title,
    bodyMarkdown: entry.bodyMd,
    bodyHtml: entry.bodyHtml,
    visibility: entry.visibility,
    authorOrganisation: entry.authorOrganisationName,
    authorRole: entry.authorRole,
    statusFrom: entry.statusFrom,
    statusTo: entry.statusTo,
    progressFrom: entry.progressFrom,
    progressTo: entry.progressTo,
    assessment: entry.assessmentTo,
    assessmentText: entry.assessmentText,
    values: values.map((v) => ({ indicatorId: v.indicatorId, name: v.name, unit: v.unit, measuredOn: v.measuredOn, value: v.value })),
    createdAt: entry.createdAt,
  };
}

export function toPromiseSummaryJson(version: PromiseVersionRow, kommunSlug: string): z.output<typeof promiseSummaryJson> {
  return {
    id: version.promiseId,
    slug: version.slug,
    versionNo: version.versionNo,
    status: version.status,
    title: version.title,
    periodStart: version.periodStart,
    periodEnd: version.periodEnd,
    publishedAt: version.publishedAt,
    url: `/${kommunSlug}/medborgarloften/${version.slug}`,
  };
}

/** `visibleActivityIds`: the linked activities the reader may see; others are left out of the items. */
export function toPromiseJson(version: PromiseVersionRow, kommunSlug: string, visibleActivityIds?: ReadonlySet<string>): z.output<typeof promiseJson> {
  return {
    ...toPromiseSummaryJson(version, kommunSlug),
    situation: version.content.situation,
    items: version.content.items.map((item) => ({
      party: item.party,
      text: item.text,
      activityIds: visibleActivityIds ? item.activityIds.filter((id) => visibleActivityIds.has(id)) : item.activityIds,
    })),
    expectedEffect: version.content.expectedEffect,
    followUp: version.content.followUp,
    signatories: version.content.signatories,
    changeNote: version.changeNote,
    lockVersion: version.lockVersion,
  };
}

// ---- what the caller may do next ---------------------------------------------------------------

export function planAbilities(actor: RoleHolder, kommun: Kommun, plan: PlanRow) {
  return {
    update: canWrite(actor, kommun.id) && plan.status === 'draft',
    decide: canDecide(actor, kommun.id, cooperationSettingsOf(kommun)),
    addActivity: canWrite(actor, kommun.id) && plan.status !== 'ended',
  };
}

export function activityAbilities(actor: RoleHolder, kommunId: string, activity: ActivityRow) {
  const mine = canEditActivity(actor, kommunId, activity.responsibleParty);
  return { update: mine, followUp: mine };
}

export function promiseAbilities(actor: RoleHolder, kommun: Kommun, version: PromiseVersionRow) {
  const draft = version.status === 'draft';
  return { save: canWrite(actor, kommun.id) && draft, publish: canDecide(actor, kommun.id, cooperationSettingsOf(kommun)) && draft };
}

// ---- cursors -----------------------------------------------------------------------------------

/** An opaque cursor: the sort key of the last row of a page, in base64url JSON. */
export function encodeCursor(key: readonly string[]): string {
  return Buffer.from(JSON.stringify(key)).toString('base64url');
}

/** The key in a cursor a client sent back, or a 422 on the parameter when it is not one of ours. */
export function decodeCursor(cursor: string, parts: number, field: string): string[] {
  try {
    const key: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(key) && key.length === parts && key.every((k) => typeof k === 'string' && k.length <= 100)) return key as string[];
  } catch {
    // not ours
  }
  throw new ValidationError({ [field]: 'validation.invalid' });
}
