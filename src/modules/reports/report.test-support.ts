// Shared by the reports tests: a resident who goes through the three steps over HTTP (step 2 as
// the multipart form it is, the send with the proof of work the browser would solve), and
// counts of everything a submission writes.
import { expect } from 'vitest';
import { csrfTokenFrom, TestClient } from '../../../test/app.js';
import { sql, type CompiledQuery } from 'kysely';
import type { Db, Dialect } from '../../platform/db/database.js';
import { solvePowChallenge, type PowChallenge } from './report.abuse.js';

export interface ReportFields {
  category: string;
  placeId?: string;
  lat?: string;
  lon?: string;
  [field: string]: string | string[] | undefined;
}

export interface TestPhoto {
  filename: string;
  data: Buffer;
  type?: string;
}

type Fields = Record<string, string | string[] | undefined>;

function encode(fields: Fields): string {
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(fields)) {
    if (value === undefined) continue;
    for (const v of Array.isArray(value) ? value : [value]) params.append(name, v);
  }
  return params.toString();
}

export async function postForm(client: TestClient, url: string, fields: Fields) {
  const response = await client.app.inject({
    method: 'POST',
    url,
    headers: { cookie: client.jar.header(), 'content-type': 'application/x-www-form-urlencoded' },
    payload: encode(fields),
  });
  client.jar.store(response.headers['set-cookie']);
  return response;
}

/**
 * Posts a multipart form as a browser does: the CSRF token first, the text fields, then the
 * files (the photo field is the form's last). An empty photo field is sent as browsers send it.
 */
export async function postMultipartForm(client: TestClient, url: string, fields: Fields, files: readonly TestPhoto[] = []) {
  const form = new FormData();
  const csrf = fields._csrf;
  if (typeof csrf === 'string') form.append('_csrf', csrf);
  for (const [name, value] of Object.entries(fields)) {
    if (value === undefined || name === '_csrf') continue;
    for (const v of Array.isArray(value) ? value : [value]) form.append(name, v);
  }
  if (files.length === 0) form.append('photos', new Blob([], { type: 'application/octet-stream' }), '');
  for (const file of files) form.append('photos', new Blob([new Uint8Array(file.data)], { type: file.type ?? 'image/jpeg' }), file.filename);
  const response = await client.app.inject({ method: 'POST', url, headers: { cookie: client.jar.header() }, payload: form });
  client.jar.store(response.headers['set-cookie']);
  return response;
}

function unescapeHtml(text: string): string {
  return text.replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
}

/** The hidden fields of the page's form that posts to `action`, as the browser would send them. */
export function hiddenFieldsOf(html: string, action: string): Record<string, string | string[]> {
  const start = html.indexOf(`action="${action}"`);
  if (start < 0) throw new Error(`no form posting to ${action}`);
  const form = html.slice(start, html.indexOf('</form>', start));
  const fields: Record<string, string | string[]> = {};
  for (const match of form.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)"/g)) {
    const name = unescapeHtml(match[1]!);
    const value = unescapeHtml(match[2]!);
    const existing = fields[name];
    fields[name] = existing === undefined ? value : Array.isArray(existing) ? [...existing, value] : [existing, value];
  }
  return fields;
}

/** The proof-of-work challenge on a page. */
export function powChallengeOf(html: string): PowChallenge {
  const match = /data-challenge="([^"]+)"/.exec(html);
  if (!match?.[1]) throw new Error('no proof-of-work challenge on the page');
  return JSON.parse(unescapeHtml(match[1])) as PowChallenge;
}

/** What client/report-pow.js puts in the hidden field. */
export function solvePowOf(html: string): string {
  return solvePowChallenge(powChallengeOf(html));
}

/** Steps 1 and 2; returns the summary (step 3) with what the send will post. */
export async function reviewThroughForms(client: TestClient, slug: string, fields: ReportFields, photos: readonly TestPhoto[] = []) {
  const { category, placeId, lat, lon, ...details } = fields;
  const first = { category, placeId, lat, lon };
  const detailsPage = await client.get(`/${slug}/rapportera/detaljer?${encode(first)}`);
  expect(detailsPage.statusCode, detailsPage.body.slice(0, 500)).toBe(200);
  const idempotencyKey = /name="idempotencyKey" value="([^"]+)"/.exec(detailsPage.body)?.[1];
  const typed = { ...first, ...details, idempotencyKey, _csrf: csrfTokenFrom(detailsPage.body) };
  const review = await postMultipartForm(client, `/${slug}/rapportera/granska`, typed, photos);
  return { detailsPage, review, idempotencyKey: idempotencyKey!, typed };
}

/** Steps 1–3 as a browser takes them (the proof of work solved); returns the send's response. */
export async function reportThroughForms(client: TestClient, slug: string, fields: ReportFields, options: { photos?: readonly TestPhoto[]; send?: Fields } = {}) {
  const { detailsPage, review, idempotencyKey } = await reviewThroughForms(client, slug, fields, options.photos);
  expect(review.statusCode, review.body.slice(0, 2000)).toBe(200);
  const all = { ...hiddenFieldsOf(review.body, `/${slug}/rapportera`), altcha: solvePowOf(review.body), ...options.send };
  const sent = await postForm(client, `/${slug}/rapportera`, all);
  return { detailsPage, review, sent, idempotencyKey, all };
}

export function referenceOf(location: string | string[] | number | undefined): string {
  const match = /\/rapporter\/([0-9A-Z]{8})/.exec(String(location));
  if (!match?.[1]) throw new Error(`no report reference in ${String(location)}`);
  return match[1];
}

const tables = ['reports', 'report_events', 'report_supports', 'report_photos', 'files', 'audit_log', 'email_subscriptions', 'mail_outbox'] as const;

export async function countRows(db: Db): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const table of tables) {
    const row = await db.selectFrom(table as 'reports').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow();
    counts[table] = Number(row.n);
  }
  return counts;
}

/** A query's plan as text; on PostgreSQL with sequential scans discouraged, so a scan shows only when no index serves. */
export async function queryPlanOf(db: Db, dialect: Dialect, query: CompiledQuery): Promise<string> {
  if (dialect === 'sqlite') {
    const plan = await db.executeQuery<{ detail: string }>({ ...query, sql: `EXPLAIN QUERY PLAN ${query.sql}` });
    return plan.rows.map((r) => r.detail).join('\n');
  }
  return db.transaction().execute(async (trx) => {
    await sql`SET LOCAL enable_seqscan = off`.execute(trx);
    const raw = await trx.executeQuery<{ 'QUERY PLAN': string }>({ ...query, sql: `EXPLAIN ${query.sql}` });
    return raw.rows.map((r) => r['QUERY PLAN']).join('\n');
  });
}
