import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, TestClient, type TestApp } from '../../test/app.js';
import { dialects } from '../../test/databases.js';
import { demoPassword, hashPassword } from '../platform/auth/passwords.js';
import { insertMembership, insertUser } from '../platform/auth/user.repository.js';
import { newId } from '../platform/db/ids.js';
import { insertOrganisation } from '../platform/tenants/tenant.repository.js';
import { demoId } from '../platform/demo.js';

// The staff overview counts what each feature contributes through its manifest; each count must
// stay inside the kommun and the reader's scope.
describe.each(dialects)('staff overview on %s', (dialect) => {
  let t: TestApp;
  const vallentuna = demoId('org:vallentuna');
  const taby = newId();

  async function addWork(kommunId: string, label: string) {
    const db = t.ctx.db;
    const now = new Date().toISOString();
    const later = new Date(Date.now() + 3_600_000).toISOString();
    await db
      .insertInto('accessibility_reports')
      .values({ id: newId(), kommun_id: kommunId, page_url: `/${label}/`, description: 'Knappen går inte att nå', reply_email: null, status: 'open', created_at: now, handled_at: null, handled_by: null })
      .execute();
    await db
      .insertInto('content_items')
      .values({
        id: newId(), kommun_id: kommunId, kind: 'news', slug: `utkast-${label}`, title: `Utkast ${label}`, summary: '', body_md: '', body_html: '', easy_body_md: '', easy_body_html: '',
        image_file_id: null, image_alt: '', image_credit: '', status: 'draft', published_at: null, content_updated_at: now, created_by: null, updated_by: null, created_at: now, updated_at: now,
      })
      .execute();
    await db
      .insertInto('mail_outbox')
      .values({ id: newId(), organisation_id: kommunId, kommun_id: kommunId, to_address: `ingen@${label}.example`, subject: 'Hej', body_text: 'Hej', secret_sealed: null, status: 'failed', attempts: 8, next_attempt_at: now, locked_until: null, last_error: 'refused', created_at: now, sent_at: null })
      .execute();
    const invited = newId();
    await insertUser(db, { id: invited, email: `ny@${label}.example`, name: `Ny ${label}`, passwordHash: null, status: 'invited', isPlatformAdmin: false, isDemo: false, now });
    await insertMembership(db, { id: newId(), userId: invited, organisationId: kommunId, role: 'coordinator', now, pending: true });
    const paused = newId();
    await insertUser(db, { id: paused, email: `pausad@${label}.example`, name: `Pausad ${label}`, passwordHash: null, status: 'active', isPlatformAdmin: false, isDemo: false, now });
    await insertMembership(db, { id: newId(), userId: paused, organisationId: kommunId, role: 'coordinator', now });
    await db.insertInto('sign_in_throttles').values({ key: `account:${paused}`, scope: 'account', user_id: paused, failures: 5, last_failure_at: now, blocked_until: later }).execute();
  }

  /** The counts on a person's overview, by message key. */
  async function countsSeenBy(email: string, slug: string): Promise<Record<string, number>> {
    const client = new TestClient(t.app);
    await client.signIn(email);
    const page = await client.get(`/${slug}/admin`);
    expect(page.statusCode).toBe(200);
    return Object.fromEntries([...page.body.matchAll(/data-overview="([^"]+)" data-count="(\d+)"/g)].map((m) => [m[1]!, Number(m[2])]));
  }

  beforeAll(async () => {
    t = await createTestApp(dialect);
    const now = new Date().toISOString();
    await insertOrganisation(t.ctx.db, { id: taby, kind: 'kommun', slug: 'taby', name: 'Täby kommun', kommunId: null, partnerType: null, settings: {}, now });
    const admin = newId();
    await insertUser(t.ctx.db, { id: admin, email: 'admin@taby.example', name: 'Täbys administratör', passwordHash: await hashPassword(demoPassword), status: 'active', isPlatformAdmin: false, isDemo: false, now });
    await insertMembership(t.ctx.db, { id: newId(), userId: admin, organisationId: taby, role: 'administrator', now });
    await addWork(vallentuna, 'vallentuna');
  });
  afterAll(async () => t.close());

  it('shows an administrator counts of waiting work, each linking to where it is handled', async () => {
    const counts = await countsSeenBy('admin@vallentuna.example', 'vallentuna');
    for (const key of ['news.overviewDrafts', 'people.overviewPending', 'accessibility.overviewOpen', 'mail.overviewFailed', 'people.overviewPaused']) {
      expect(counts[key], key).toBeGreaterThanOrEqual(1);
    }
    const client = new TestClient(t.app);
    await client.signIn('admin@vallentuna.example');
    const page = await client.get('/vallentuna/admin');
    expect(page.body).toContain('href="/vallentuna/admin/personer#pausade-inloggningar"');
    expect(page.body).toContain('href="/vallentuna/admin/tillganglighet"');
  });

  it('counts nothing of Vallentuna on a Täby administrator’s overview', async () => {
    const before = await countsSeenBy('admin@taby.example', 'taby');
    expect(Object.keys(before).length).toBeGreaterThanOrEqual(5);
    expect(Object.values(before).every((n) => n === 0)).toBe(true);

    const vallentunaBefore = await countsSeenBy('admin@vallentuna.example', 'vallentuna');
    await addWork(taby, 'taby');
    const after = await countsSeenBy('admin@taby.example', 'taby');
    expect(after).toEqual({ 'news.overviewDrafts': 1, 'people.overviewPending': 1, 'accessibility.overviewOpen': 1, 'people.overviewPaused': 1, 'mail.overviewFailed': 1 });
    expect(await countsSeenBy('admin@vallentuna.example', 'vallentuna')).toEqual(vallentunaBefore);
  });

  it('shows people only the counts their permissions reach', async () => {
    const counts = await countsSeenBy('kommunpolis@taby-polis.example', 'vallentuna');
    expect(Object.keys(counts)).toEqual(['news.overviewDrafts']);
  });
});
