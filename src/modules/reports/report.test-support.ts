// Shared by the reports tests: a resident who goes through the three steps over HTTP, and
// counts of everything a submission writes.
import { expect } from 'vitest';
import { csrfTokenFrom, TestClient } from '../../../test/app.js';
import type { Db } from '../../platform/db/database.js';

export interface ReportFields {
  category: string;
  placeId?: string;
  lat?: string;
  lon?: string;
  [field: string]: string | string[] | undefined;
}

function encode(fields: Record<string, string | string[] | undefined>): string {
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(fields)) {
    if (value === undefined) continue;
    for (const v of Array.isArray(value) ? value : [value]) params.append(name, v);
  }
  return params.toString();
}

export async function postForm(client: TestClient, url: string, fields: Record<string, string | string[] | undefined>) {
  const response = await client.app.inject({
    method: 'POST',
    url,
    headers: { cookie: client.jar.header(), 'content-type': 'application/x-www-form-urlencoded' },
    payload: encode(fields),
  });
  client.jar.store(response.headers['set-cookie']);
  return response;
}

/** Steps 1–3 as a browser without JavaScript takes them; returns the send's response. */
export async function reportThroughForms(client: TestClient, slug: string, fields: ReportFields) {
  const { category, placeId, lat, lon, ...details } = fields;
  const first = { category, placeId, lat, lon };
  const detailsPage = await client.get(`/${slug}/rapportera/detaljer?${encode(first)}`);
  expect(detailsPage.statusCode, detailsPage.body.slice(0, 500)).toBe(200);
  const idempotencyKey = /name="idempotencyKey" value="([^"]+)"/.exec(detailsPage.body)?.[1];
  const all = { ...first, ...details, idempotencyKey, _csrf: csrfTokenFrom(detailsPage.body) };
  const review = await postForm(client, `/${slug}/rapportera/granska`, all);
  expect(review.statusCode, review.body.slice(0, 2000)).toBe(200);
  const sent = await postForm(client, `/${slug}/rapportera`, { ...all, _csrf: csrfTokenFrom(review.body) });
  return { detailsPage, review, sent, idempotencyKey: idempotencyKey!, all };
}

export function referenceOf(location: string | string[] | number | undefined): string {
  const match = /\/rapporter\/([0-9A-Z]{8})/.exec(String(location));
  if (!match?.[1]) throw new Error(`no report reference in ${String(location)}`);
  return match[1];
}

const tables = ['reports', 'report_events', 'report_supports', 'audit_log', 'email_subscriptions', 'mail_outbox'] as const;

export async function countRows(db: Db): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const table of tables) {
    const row = await db.selectFrom(table as 'reports').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow();
    counts[table] = Number(row.n);
  }
  return counts;
}
