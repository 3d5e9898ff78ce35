// The cooperation API's parameters and answers. Inputs are the HTML forms' schemas
// (cooperation.schemas.ts, promise.schemas.ts); what is here describes the addresses and the
// JSON the API answers with, and so the OpenAPI document. Descriptions are message keys.
import { z } from 'zod';
import { idPattern } from '../../platform/db/ids.js';
import { activityInputSchema, coopLimits, lockVersion, slugPattern } from './cooperation.schemas.js';
import { activityStatuses, activityTypes, assessments, entryVisibilities, indicatorDirections, planStatuses, promiseStatuses, responsibleParties } from './cooperation.tables.js';
import { promiseParties } from './promise.schemas.js';

const slug = () => z.string().max(coopLimits.slug).regex(slugPattern);
const id = () => z.string().regex(idPattern);
const date = () => z.string().meta({ format: 'date' });
const timestamp = () => z.string().meta({ format: 'date-time' });
const cursor = () => z.string().max(300).optional().meta({ description: 'cooperation.api.cursor' });

// Reads name plans and löften by their address (slug), writes by id (a draft's slug may change);
// the parameter has one name at each path, as OpenAPI wants, and says which it takes.
export const planSlugParams = z.object({ plan: slug().meta({ description: 'cooperation.api.planSlug' }) });
export const planIdParams = z.object({ plan: id().meta({ description: 'cooperation.api.planId' }) });
export const activitySlugParams = z.object({ plan: slug().meta({ description: 'cooperation.api.planSlug' }), activity: slug().meta({ description: 'cooperation.api.activitySlug' }) });
export const promiseSlugParams = z.object({ promise: slug().meta({ description: 'cooperation.api.promiseSlug' }) });
export const promiseIdParams = z.object({ promise: id().meta({ description: 'cooperation.api.promiseId' }) });
export const idParams = z.object({ id: id() });
export const pageQuery = z.object({ after: cursor() });
export const timelineQuery = z.object({ before: cursor() });

/** An activity's save: the form's fields and the version the editor loaded. */
export const activityUpdateSchema = z.object({ input: activityInputSchema, lockVersion: lockVersion() });
export const publishSchema = z.object({ lockVersion: lockVersion() });

// ---- answers ------------------------------------------------------------------------------------

export const planJson = z.object({
  id: z.string(),
  slug: z.string(),
  title: z.string(),
  summaryMarkdown: z.string(),
  summaryHtml: z.string(),
  periodStart: date(),
  periodEnd: date(),
  status: z.enum(planStatuses).meta({ description: 'cooperation.api.planStatus' }),
  decidedByBody: z.string(),
  decidedOn: date().nullable(),
  lockVersion: z.number().int().meta({ description: 'cooperation.api.lockVersion' }),
  updatedAt: timestamp(),
  url: z.string(),
});

const latestValue = z.object({ measuredOn: date(), value: z.number() }).nullable();
export const indicatorJson = z.object({
  id: z.string(),
  name: z.string(),
  unit: z.string(),
  baseline: z.number().nullable(),
  baselineOn: date().nullable(),
  target: z.number().nullable(),
  direction: z.enum(indicatorDirections),
  latestValue: latestValue.meta({ description: 'cooperation.api.latestValue' }),
  lockVersion: z.number().int(),
});

export const activitySummaryJson = z.object({
  id: z.string(),
  slug: z.string(),
  position: z.number().int(),
  title: z.string(),
  status: z.enum(activityStatuses),
  progress: z.number().int().min(0).max(100),
  assessment: z.enum(assessments).nullable(),
  assessmentText: z.string().meta({ description: 'cooperation.api.assessmentText' }),
  responsibleParty: z.enum(responsibleParties),
  responsibleOrganisation: z.string().nullable(),
  responsibleRole: z.string(),
  activityType: z.enum(activityTypes),
  theme: z.string(),
  startsOn: date(),
  endsOn: date().nullable(),
  lastPublicUpdateOn: date().nullable(),
  places: z.array(z.object({ id: z.string(), slug: z.string(), name: z.string() })),
  indicators: z.array(indicatorJson),
  lockVersion: z.number().int(),
  url: z.string(),
});

export const entryJson = z.object({
  id: z.string(),
  activityId: z.string().nullable(),
  promiseId: z.string().nullable(),
  happenedOn: date(),
  title: z.string(),
  bodyMarkdown: z.string(),
  bodyHtml: z.string(),
  visibility: z.enum(entryVisibilities),
  authorOrganisation: z.string().nullable().meta({ description: 'cooperation.api.author' }),
  authorRole: z.string(),
  statusFrom: z.enum(activityStatuses).nullable(),
  statusTo: z.enum(activityStatuses).nullable(),
  progressFrom: z.number().int().nullable(),
  progressTo: z.number().int().nullable(),
  assessment: z.enum(assessments).nullable(),
  assessmentText: z.string(),
  values: z.array(z.object({ indicatorId: z.string(), name: z.string(), unit: z.string(), measuredOn: date(), value: z.number() })),
  createdAt: timestamp(),
});

export const activityJson = activitySummaryJson.extend({
  planSlug: z.string(),
  problem: z.string(),
  cause: z.string(),
  descriptionMarkdown: z.string(),
  descriptionHtml: z.string(),
  operationalGoal: z.string(),
  followUpMethod: z.string(),
  indicators: z.array(indicatorJson.extend({ values: z.array(z.object({ id: z.string(), measuredOn: date(), value: z.number(), entryId: z.string().nullable() })).meta({ description: 'cooperation.api.values' }) })),
});

export const promiseSummaryJson = z.object({
  id: z.string(),
  slug: z.string(),
  versionNo: z.number().int(),
  status: z.enum(promiseStatuses),
  title: z.string(),
  periodStart: date(),
  periodEnd: date(),
  publishedAt: timestamp().nullable(),
  url: z.string(),
});

export const promiseJson = promiseSummaryJson.extend({
  situation: z.string(),
  items: z.array(z.object({ party: z.enum(promiseParties), text: z.string(), activityIds: z.array(z.string()).meta({ description: 'cooperation.api.promiseActivities' }) })),
  expectedEffect: z.string(),
  followUp: z.string(),
  signatories: z.array(z.object({ role: z.string(), organisation: z.string() })),
  changeNote: z.string(),
  lockVersion: z.number().int(),
});

const next = z.string().nullable().meta({ description: 'cooperation.api.next' });

export const planListResponse = z.object({ data: z.array(planJson), next });
export const planResponse = z.object({ data: planJson.extend({ activities: z.array(activitySummaryJson) }) });
export const activityResponse = z.object({ data: activityJson.extend({ timeline: z.object({ data: z.array(entryJson), next }) }) });
export const promiseListResponse = z.object({ data: z.array(promiseSummaryJson) });
export const promiseResponse = z.object({ data: promiseJson });
export const entryListResponse = z.object({ data: z.array(entryJson), next });

export const planStaffResponse = z.object({ data: planJson, can: z.object({ update: z.boolean(), decide: z.boolean(), addActivity: z.boolean() }) });
export const activityStaffResponse = z.object({ data: activitySummaryJson, can: z.object({ update: z.boolean(), followUp: z.boolean() }) });
export const indicatorStaffResponse = z.object({ data: indicatorJson, can: z.object({ update: z.boolean() }) });
export const entryStaffResponse = z.object({ data: entryJson, can: z.object({}) });
export const promiseStaffResponse = z.object({ data: promiseJson, can: z.object({ save: z.boolean(), publish: z.boolean() }) });
