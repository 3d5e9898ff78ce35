// Data out: a plan's activities, indicators, indicator values and follow-up entries, and a
// kommun's follow-up entries, as CSV or JSON. An export is a stream: rows are read a batch at a
// time by key (export.repository.ts) and written as the client reads them, so a kommun with a
// hundred thousand entries costs the server one batch of memory, not the whole table.
//
// CSV is RFC 4180 in UTF-8: a header row, CRLF line ends, fields quoted when they hold a comma,
// a quote or a line break. A text cell that starts with = + - @ (or a tab or carriage return) is
// prefixed with ' so that a spreadsheet shows it instead of running it as a formula (CSV
// injection); numbers are ours and are written as they are. JSON is one array of objects with the
// same keys as the CSV's columns.
import { Readable } from 'node:stream';
import type { Db } from '../../platform/db/database.js';
import type { CoopReader } from './cooperation.policy.js';
import { coopLimits } from './cooperation.schemas.js';
import { selectEntryExportBatch, selectIndicatorExportBatch, selectValueExportBatch } from './export.repository.js';
import { indicatorsOfActivities } from './indicator.repository.js';
import { listActivitiesOfPlan, placesOfActivities, type PlanRow } from './plan.repository.js';

export const exportKinds = ['aktiviteter', 'indikatorer', 'matvarden', 'uppfoljningar'] as const;
export type ExportKind = (typeof exportKinds)[number];
export const exportFormats = ['csv', 'json'] as const;
export type ExportFormat = (typeof exportFormats)[number];

/** Rows per query: large enough that a big export is a few dozen queries, small enough to be nothing in memory. */
export const exportBatchSize = 1_000;

type Cell = string | number | null;

interface Column<Row> {
  key: string;
  /** Text is guarded against formula injection in CSV; numbers are written as they are. */
  kind: 'text' | 'number';
  value: (row: Row) => Cell;
}

interface ExportTable<Row> {
  columns: readonly Column<Row>[];
  /** The rows in batches, each read when the previous one has been written. */
  batches: () => AsyncIterable<readonly Row[]>;
}

const text = <Row>(key: string, value: (row: Row) => string | null): Column<Row> => ({ key, kind: 'text', value });
const number = <Row>(key: string, value: (row: Row) => number | null): Column<Row> => ({ key, kind: 'number', value });

/** Walks a keyset: fetch the batch after the last id until a batch comes back short. */
async function* keyset<Row extends { id: string }>(fetch: (afterId: string | null) => Promise<Row[]>, batchSize: number): AsyncIterable<Row[]> {
  let afterId: string | null = null;
  for (;;) {
    const rows = await fetch(afterId);
    if (rows.length > 0) yield rows;
    if (rows.length < batchSize) return;
    afterId = rows[rows.length - 1]!.id;
  }
}

// ---- CSV and JSON --------------------------------------------------------------------------------

const formulaStart = /^[=+\-@\t\r]/;

export function csvCell(value: Cell, kind: 'text' | 'number'): string {
  if (value === null) return '';
  let s = String(value);
  if (kind === 'text' && formulaStart.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

function csvLine<Row>(columns: readonly Column<Row>[], row: Row): string {
  return `${columns.map((c) => csvCell(c.value(row), c.kind)).join(',')}\r\n`;
}

function jsonObject<Row>(columns: readonly Column<Row>[], row: Row): string {
  return JSON.stringify(Object.fromEntries(columns.map((c) => [c.key, c.value(row)])));
}

/** The table as a stream of text chunks: the header, then one chunk per batch. */
async function* encode<Row>(table: ExportTable<Row>, format: ExportFormat): AsyncIterable<string> {
  const { columns } = table;
  if (format === 'csv') {
    yield `${columns.map((c) => csvCell(c.key, 'text')).join(',')}\r\n`;
    for await (const batch of table.batches()) yield batch.map((row) => csvLine(columns, row)).join('');
    return;
  }
  let first = true;
  yield '[';
  for await (const batch of table.batches()) {
    const objects = batch.map((row) => jsonObject(columns, row));
    yield `${first ? '\n' : ',\n'}${objects.join(',\n')}`;
    first = false;
  }
  yield first ? ']\n' : '\n]\n';
}

/**
 * A readable stream of the table. Readable.from pulls the next chunk only when the reader has
 * taken the previous one, so a slow client holds the walk (backpressure), and a client that goes
 * away ends it: no batch is read that nobody will receive.
 */
export function streamTable<Row>(table: ExportTable<Row>, format: ExportFormat): Readable {
  return Readable.from(encode(table, format), { objectMode: false });
}

// ---- the tables ----------------------------------------------------------------------------------

export interface ExportScope {
  db: Db;
  reader: CoopReader;
  /** A plan's export; without it, the kommun's follow-up entries. */
  plan?: PlanRow;
  batchSize?: number;
}

/** The visibility column is for staff: for the public every row is public. */
function withVisibility<Row extends { visibility: string }>(reader: CoopReader, columns: Column<Row>[]): Column<Row>[] {
  return reader.seesInternal ? [...columns, text('visibility', (r) => r.visibility)] : columns;
}

function entriesTable(scope: ExportScope): ExportTable<Awaited<ReturnType<typeof selectEntryExportBatch>>[number]> {
  const size = scope.batchSize ?? exportBatchSize;
  type Row = Awaited<ReturnType<typeof selectEntryExportBatch>>[number];
  return {
    columns: withVisibility<Row>(scope.reader, [
      text('id', (r) => r.id),
      text('happenedOn', (r) => r.happenedOn),
      text('plan', (r) => r.planSlug),
      text('activity', (r) => r.activitySlug),
      text('activityTitle', (r) => r.activityTitle),
      text('promise', (r) => r.promiseSlug),
      text('title', (r) => r.title),
      text('body', (r) => r.body),
      text('statusFrom', (r) => r.statusFrom),
      text('statusTo', (r) => r.statusTo),
      number('progressFrom', (r) => r.progressFrom),
      number('progressTo', (r) => r.progressTo),
      text('assessment', (r) => r.assessment),
      text('assessmentText', (r) => r.assessmentText),
      text('authorOrganisation', (r) => r.authorOrganisation),
      text('authorRole', (r) => r.authorRole),
      text('createdAt', (r) => r.createdAt),
    ]),
    batches: () => keyset((after) => selectEntryExportBatch(scope.db, scope.reader, after, size, scope.plan?.id), size),
  };
}

function valuesTable(scope: ExportScope, plan: PlanRow): ExportTable<Awaited<ReturnType<typeof selectValueExportBatch>>[number]> {
  const size = scope.batchSize ?? exportBatchSize;
  type Row = Awaited<ReturnType<typeof selectValueExportBatch>>[number];
  return {
    columns: withVisibility<Row>(scope.reader, [
      text('id', (r) => r.id),
      text('activity', (r) => r.activitySlug),
      text('indicatorId', (r) => r.indicatorId),
      text('indicator', (r) => r.indicatorName),
      text('unit', (r) => r.unit),
      text('measuredOn', (r) => r.measuredOn),
      number('value', (r) => r.value),
      text('entryId', (r) => r.entryId),
    ]),
    batches: () => keyset((after) => selectValueExportBatch(scope.db, scope.reader, plan.id, after, size), size),
  };
}

function indicatorsTable(scope: ExportScope, plan: PlanRow): ExportTable<Awaited<ReturnType<typeof selectIndicatorExportBatch>>[number]> {
  const size = scope.batchSize ?? exportBatchSize;
  type Row = Awaited<ReturnType<typeof selectIndicatorExportBatch>>[number];
  return {
    columns: [
      text<Row>('id', (r) => r.id),
      text('activity', (r) => r.activitySlug),
      number('position', (r) => r.position),
      text('name', (r) => r.name),
      text('unit', (r) => r.unit),
      number('baseline', (r) => r.baseline),
      text('baselineOn', (r) => r.baselineOn),
      number('target', (r) => r.target),
      text('direction', (r) => r.direction),
    ],
    batches: () => keyset((after) => selectIndicatorExportBatch(scope.db, scope.reader.kommunId, plan.id, after, size), size),
  };
}

interface ActivityExportRow {
  activity: Awaited<ReturnType<typeof listActivitiesOfPlan>>[number];
  places: string;
  indicators: number;
}

/** A plan's activities: at most coopLimits.activitiesPerPlan, so one batch, in the plan's order. */
function activitiesTable(scope: ExportScope, plan: PlanRow): ExportTable<ActivityExportRow> {
  type Row = ActivityExportRow;
  return {
    columns: [
      text<Row>('id', (r) => r.activity.id),
      text('slug', (r) => r.activity.slug),
      number('position', (r) => r.activity.position),
      text('title', (r) => r.activity.title),
      text('problem', (r) => r.activity.problem),
      text('cause', (r) => r.activity.cause),
      text('description', (r) => r.activity.descriptionMd),
      text('operationalGoal', (r) => r.activity.operationalGoal),
      text('startsOn', (r) => r.activity.startsOn),
      text('endsOn', (r) => r.activity.endsOn),
      text('followUpMethod', (r) => r.activity.followUpMethod),
      text('responsibleParty', (r) => r.activity.responsibleParty),
      text('responsibleOrganisation', (r) => r.activity.responsibleOrganisationName),
      text('responsibleRole', (r) => r.activity.responsibleRole),
      text('activityType', (r) => r.activity.activityType),
      text('theme', (r) => r.activity.theme),
      text('status', (r) => r.activity.status),
      number('progress', (r) => r.activity.progress),
      text('assessment', (r) => r.activity.assessment),
      text('assessmentText', (r) => r.activity.assessmentText),
      text('places', (r) => r.places),
      number('indicators', (r) => r.indicators),
      text('lastPublicUpdateOn', (r) => r.activity.lastPublicUpdateOn),
    ],
    async *batches() {
      const activities = await listActivitiesOfPlan(scope.db, scope.reader, plan.id, coopLimits.activitiesPerPlan);
      const ids = activities.map((a) => a.id);
      const [places, indicators] = await Promise.all([placesOfActivities(scope.db, scope.reader.kommunId, ids), indicatorsOfActivities(scope.db, scope.reader.kommunId, ids)]);
      if (activities.length > 0) {
        yield activities.map((activity) => ({
          activity,
          places: (places.get(activity.id) ?? []).map((p) => p.name).join('; '),
          indicators: indicators.get(activity.id)?.length ?? 0,
        }));
      }
    },
  };
}

export interface ExportFile {
  stream: Readable;
  filename: string;
  contentType: string;
}

const contentTypes: Record<ExportFormat, string> = { csv: 'text/csv; charset=utf-8', json: 'application/json; charset=utf-8' };

/** A plan's export of one kind; the plan was found with the reader (a draft is not the public's). */
export function exportPlan(scope: ExportScope & { plan: PlanRow }, kommunSlug: string, kind: ExportKind, format: ExportFormat): ExportFile {
  const { plan } = scope;
  const stream =
    kind === 'aktiviteter'
      ? streamTable(activitiesTable(scope, plan), format)
      : kind === 'indikatorer'
        ? streamTable(indicatorsTable(scope, plan), format)
        : kind === 'matvarden'
          ? streamTable(valuesTable(scope, plan), format)
          : streamTable(entriesTable(scope), format);
  return { stream, filename: `samverkan-${kommunSlug}-${plan.slug}-${kind}.${format}`, contentType: contentTypes[format] };
}

/** Every follow-up entry of the kommun the reader may see: activities' and löften's. */
export function exportKommunEntries(scope: Omit<ExportScope, 'plan'>, kommunSlug: string, format: ExportFormat): ExportFile {
  return { stream: streamTable(entriesTable(scope), format), filename: `samverkan-${kommunSlug}-uppfoljningar.${format}`, contentType: contentTypes[format] };
}
