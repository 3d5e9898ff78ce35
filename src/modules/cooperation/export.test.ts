import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { KyselyPlugin } from 'kysely';
import { kommunActor } from '../../../test/actors.js';
import { createTestApp, TestClient, type TestApp } from '../../../test/app.js';
import { dialects } from '../../../test/databases.js';
import { demoId } from '../../platform/demo.js';
import { seedCoopVolume, type CoopVolume } from './cooperation.bench.js';
import { entryInputSchema, planInputSchema } from './cooperation.schemas.js';
import { addActivityFollowUp } from './entry.service.js';
import { exportPlan } from './export.service.js';
import { findPlanBySlug } from './plan.repository.js';
import { createPlan } from './plan.service.js';

/** RFC 4180: fields separated by commas, records by CRLF, quoted fields may hold both and "" for a quote. */
function parseCsv(text: string): string[][] {
  const records: string[][] = [];
  let record: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i += 1) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i += 1;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') {
      if (field !== '') throw new Error(`quote inside an unquoted field at ${i}`);
      quoted = true;
    } else if (c === ',') {
      record.push(field);
      field = '';
    } else if (c === '\r' && text[i + 1] === '\n') {
      record.push(field);
      records.push(record);
      record = [];
      field = '';
      i += 1;
    } else if (c === '\n' || c === '\r') {
      throw new Error(`bare line break at ${i}: records end with CRLF`);
    } else field += c;
  }
  if (quoted) throw new Error('unterminated quoted field');
  if (field !== '' || record.length > 0) throw new Error('the last record does not end with CRLF');
  return records;
}

function tableOf(text: string): { header: string[]; rows: Record<string, string>[] } {
  const [header = [], ...records] = parseCsv(text);
  for (const r of records) expect(r.length).toBe(header.length);
  return { header, rows: records.map((r) => Object.fromEntries(header.map((h, i) => [h, r[i]!]))) };
}

const volume: CoopVolume = { key: 'export', plans: 1, activitiesPerPlan: 4, indicatorsPerActivity: 1, entriesPerActivity: 1250, valuesPerActivity: 5, internalEvery: 2 };
const planUrl = '/vallentuna/atgardsplaner/export-01/export';
const kommunId = demoId('org:vallentuna');

describe.each(dialects)('exports on %s', (dialect) => {
  let t: TestApp;
  let staff: TestClient;

  beforeAll(async () => {
    t = await createTestApp(dialect);
    await seedCoopVolume(t.ctx.db, kommunId, demoId('org:lpo-taby'), volume);
    staff = new TestClient(t.app);
    await staff.signIn('samordnare@vallentuna.example');
  }, 120_000);
  afterAll(async () => t.close());

  const anonymous = (url: string) => t.app.inject(url);

  it('exports every public entry of a plan of 5,000 to the public, as CSV that parses back, named after the kommun and the plan', async () => {
    const response = await anonymous(`${planUrl}/uppfoljningar.csv`);
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(response.headers['content-disposition']).toBe('attachment; filename="samverkan-vallentuna-export-01-uppfoljningar.csv"');
    const { header, rows } = tableOf(response.body);
    expect(header).not.toContain('visibility');
    expect(rows).toHaveLength(2_500);
    expect(rows.every((r) => !r.title!.startsWith('Intern'))).toBe(true);
    expect(new Set(rows.map((r) => r.id)).size).toBe(2_500);
    expect(rows[0]).toMatchObject({ plan: 'export-01', authorRole: expect.any(String) as string });
  });

  it('gives the cooperation’s staff the internal entries too, at the same address, with a visibility column', async () => {
    const response = await staff.get(`${planUrl}/uppfoljningar.csv`);
    expect(response.statusCode).toBe(200);
    expect(response.headers['cache-control']).toBe('private, no-store');
    const { header, rows } = tableOf(response.body);
    expect(header.at(-1)).toBe('visibility');
    expect(rows).toHaveLength(5_000);
    expect(rows.filter((r) => r.visibility === 'internal')).toHaveLength(2_500);
  });

  it('never exports a person: authors are organisations and roles', async () => {
    const { header, rows } = tableOf((await staff.get(`${planUrl}/uppfoljningar.csv`)).body);
    expect(header).toEqual([
      'id', 'happenedOn', 'plan', 'activity', 'activityTitle', 'promise', 'title', 'body', 'statusFrom', 'statusTo', 'progressFrom', 'progressTo',
      'assessment', 'assessmentText', 'authorOrganisation', 'authorRole', 'createdAt', 'visibility',
    ]);
    expect(new Set(rows.map((r) => r.authorOrganisation))).toEqual(new Set(['Vallentuna kommun', 'Lokalpolisområde Täby']));
  });

  it('streams the same rows as a JSON array', async () => {
    const response = await anonymous(`${planUrl}/uppfoljningar.json`);
    expect(response.headers['content-type']).toBe('application/json; charset=utf-8');
    const rows = response.json<Record<string, unknown>[]>();
    expect(rows).toHaveLength(2_500);
    expect(rows[0]).not.toHaveProperty('visibility');
    const empty = await anonymous('/vallentuna/atgardsplaner/2017/export/matvarden.json');
    expect(Array.isArray(empty.json())).toBe(true);
  });

  it('exports activities, indicators and values, hiding the values of internal entries from the public', async () => {
    const activities = tableOf((await anonymous(`${planUrl}/aktiviteter.csv`)).body).rows;
    expect(activities.map((a) => a.slug)).toEqual(['aktivitet-01', 'aktivitet-02', 'aktivitet-03', 'aktivitet-04']);
    expect(activities[1]).toMatchObject({ responsibleParty: 'police', indicators: '1' });
    expect(tableOf((await anonymous(`${planUrl}/indikatorer.csv`)).body).rows).toHaveLength(4);
    // Values 1 and 3 of each activity were reported by its entries 1 and 3, which are internal.
    expect(tableOf((await anonymous(`${planUrl}/matvarden.csv`)).body).rows).toHaveLength(12);
    const staffValues = tableOf((await staff.get(`${planUrl}/matvarden.csv`)).body).rows;
    expect(staffValues).toHaveLength(20);
    expect(staffValues.filter((v) => v.visibility === 'internal')).toHaveLength(8);
  });

  it('exports the kommun’s public entries across all its plans, and the staff’s with internal ones', async () => {
    const publicRows = tableOf((await anonymous('/vallentuna/samverkan/export/uppfoljningar.csv')).body).rows;
    const stored = await t.ctx.db.selectFrom('coop_entries').select(['id', 'visibility']).where('kommun_id', '=', kommunId).execute();
    expect(publicRows.length).toBe(stored.filter((e) => e.visibility === 'public').length);
    expect(publicRows.length).toBeGreaterThan(2_500);
    const staffRows = tableOf((await staff.get('/vallentuna/samverkan/export/uppfoljningar.csv')).body).rows;
    expect(staffRows.length).toBe(stored.length);
  });

  it('answers 404 to the public for a draft plan, and exports it to staff', async () => {
    const coordinator = kommunActor({ ctx: t.ctx, kommunId, users: { coordinator: demoId('user:coordinator') } }, 'coordinator', 'coordinator');
    const draft = await createPlan(t.ctx, coordinator, kommunId, planInputSchema.parse({ title: 'Exportutkast', periodStart: '2027-01-01', periodEnd: '2027-12-31' }));
    for (const file of ['aktiviteter.csv', 'uppfoljningar.json', 'matvarden.csv', 'indikatorer.json']) {
      expect((await anonymous(`/vallentuna/atgardsplaner/${draft.slug}/export/${file}`)).statusCode, file).toBe(404);
    }
    expect((await staff.get(`/vallentuna/atgardsplaner/${draft.slug}/export/aktiviteter.csv`)).statusCode).toBe(200);
    expect((await anonymous('/vallentuna/atgardsplaner/finns-inte/export/aktiviteter.csv')).statusCode).toBe(404);
  });

  it('reads the rows a batch at a time and writes each batch as it comes: 2,500 rows in batches of 1,000 are three queries', async () => {
    let queries = 0;
    const counting: KyselyPlugin = {
      transformQuery: ({ node }) => {
        queries += 1;
        return node;
      },
      transformResult: async ({ result }) => result,
    };
    const db = t.ctx.db.withPlugin(counting);
    const reader = { kommunId, seesInternal: false };
    const plan = (await findPlanBySlug(t.ctx.db, reader, 'export-01'))!;
    const { stream } = exportPlan({ db, reader, plan, batchSize: 1_000 }, 'vallentuna', 'uppfoljningar', 'csv');
    const chunks: string[] = [];
    for await (const chunk of stream) {
      // Nothing is read far ahead of the reader: at most the batch after the one it is taking.
      expect(queries).toBeLessThanOrEqual(chunks.length + 1);
      chunks.push(String(chunk));
    }
    expect(queries).toBe(3);
    // The header and three batches, of which the reader may have taken two at once.
    expect(chunks.length).toBeGreaterThanOrEqual(3);
    expect(chunks.join('').split('\r\n').length - 1).toBe(2_501);
  });

  it('guards against formula injection and keeps commas, quotes and line breaks intact', async () => {
    const coordinator = kommunActor({ ctx: t.ctx, kommunId, users: { coordinator: demoId('user:coordinator') } }, 'coordinator', 'coordinator');
    const activityId = demoId('bench:coop:export:activity:0:0');
    const body = 'Första raden, med "citat".\nAndra raden.';
    await addActivityFollowUp(
      t.ctx,
      coordinator,
      kommunId,
      activityId,
      entryInputSchema.parse({ happenedOn: '2026-01-01', title: '=HYPERLINK("https://example.org","klicka")', body, authorRole: '@samordnare', visibility: 'public', assessment: 'green', assessmentText: '-2+3' }),
    );
    const { rows } = tableOf((await anonymous(`${planUrl}/uppfoljningar.csv`)).body);
    const entry = rows.find((r) => r.title!.includes('HYPERLINK'))!;
    expect(entry).toMatchObject({ title: `'=HYPERLINK("https://example.org","klicka")`, body, authorRole: "'@samordnare", assessmentText: "'-2+3" });
    const json = (await anonymous(`${planUrl}/uppfoljningar.json`)).json<Record<string, unknown>[]>();
    expect(json.find((r) => String(r.title).includes('HYPERLINK'))).toMatchObject({ title: '=HYPERLINK("https://example.org","klicka")' });
  });
});
