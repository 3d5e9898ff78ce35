// Administrators issue and revoke Open311 keys on the kommun's page, on both databases: the key
// is shown once and stored only as a hash, works at once, stops at once when revoked, every
// change is audited without the key, and people without reports.manage (another kommun's
// administrator, the police, anonymous) reach neither the page nor the actions.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp, csrfTokenFrom, TestClient, type TestApp } from '../../../test/app.js';
import { dialects } from '../../../test/databases.js';
import { addKommun, addPerson } from '../../../test/factories.js';
import { hashToken } from '../../platform/auth/tokens.js';
import { seedDemo } from '../../platform/demo.js';

const page = '/vallentuna/admin/rapporter/open311';

describe.each(dialects)('Open311 clients on %s', (dialect) => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp(dialect, { demo: false });
    await seedDemo(t.ctx);
    const other = await addKommun(t.ctx.db, { slug: 'grannby', name: 'Grannby kommun' });
    await addPerson(t.ctx.db, { email: 'admin@grannby.example', name: 'Grannbys administratör', organisationId: other, role: 'administrator' });
  });
  afterAll(async () => t?.close());
  beforeEach(async () => {
    await t.ctx.db.deleteFrom('rate_limits').execute();
  });

  async function signedIn(email: string): Promise<TestClient> {
    const client = new TestClient(t.app);
    await client.signIn(email);
    return client;
  }

  async function postRequest(key: string) {
    return t.app.inject({
      method: 'POST',
      url: '/open311/v2/requests.json',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams({ api_key: key, jurisdiction_id: 'vallentuna', service_code: 'klotter', lat: '59.5343', long: '18.0766' }).toString(),
    });
  }

  async function createKey(client: TestClient, name: string): Promise<{ key: string; id: string }> {
    const created = await client.submitForm(page, page, { name });
    expect(created.statusCode, created.body.slice(0, 500)).toBe(201);
    const key = /value="(o311_[A-Za-z0-9_-]+)"/.exec(created.body)?.[1];
    expect(key).toBeTruthy();
    const row = await t.ctx.db.selectFrom('open311_clients').select(['id']).where('name', '=', name).executeTakeFirstOrThrow();
    return { key: key!, id: row.id };
  }

  it('issues a key shown once, stored only as its hash, that works at once', async () => {
    const admin = await signedIn('samordnare@vallentuna.example');
    const empty = await admin.get(page);
    expect(empty.statusCode).toBe(200);
    expect(empty.body).toContain('Open311-klienter');
    expect(empty.body).toContain('/open311/v2/');
    const { key, id } = await createKey(admin, 'Grannsamverkansappen');
    const row = await t.ctx.db.selectFrom('open311_clients').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    expect(row.key_hash).toBe(hashToken(key));
    expect(row.key_hint).toBe(key.slice(-4));
    // Never again: not on the page, not in the audit log.
    const later = await admin.get(page);
    expect(later.body).toContain('Grannsamverkansappen');
    expect(later.body).toContain(`…${key.slice(-4)}`);
    expect(later.body).not.toContain(key);
    const audit = await t.ctx.db.selectFrom('audit_log').selectAll().where('entity_id', '=', id).execute();
    expect(audit.map((a) => a.action)).toEqual(['reports.open311_client_created']);
    expect(JSON.stringify(audit)).not.toContain(key);
    expect(JSON.stringify(audit)).not.toContain(row.key_hash);
    const used = await postRequest(key);
    expect(used.statusCode, used.body).toBe(200);
    expect((await t.ctx.db.selectFrom('open311_clients').select('last_used_at').where('id', '=', id).executeTakeFirstOrThrow()).last_used_at).not.toBeNull();
  });

  it('revokes a key, which stops working at once, with an audit row', async () => {
    const admin = await signedIn('samordnare@vallentuna.example');
    const { key, id } = await createKey(admin, 'Appen som slutar');
    expect((await postRequest(key)).statusCode).toBe(200);
    const listing = await admin.get(page);
    const revoked = await admin.post(`${page}/${id}/aterkalla`, { _csrf: csrfTokenFrom(listing.body) });
    expect(revoked.statusCode).toBe(303);
    expect(revoked.headers.location).toBe(page);
    expect((await postRequest(key)).statusCode).toBe(403);
    const after = await admin.get(page);
    expect(after.body).toContain('Återkallad');
    const audit = await t.ctx.db.selectFrom('audit_log').select('action').where('entity_id', '=', id).orderBy('at').execute();
    expect(audit.map((a) => a.action)).toEqual(['reports.open311_client_created', 'reports.open311_client_revoked']);
    // Revoking twice finds nothing to revoke.
    expect((await admin.post(`${page}/${id}/aterkalla`, { _csrf: csrfTokenFrom(after.body) })).statusCode).toBe(404);
  });

  it('asks for a name again with the error summary, and stores nothing', async () => {
    const admin = await signedIn('admin@vallentuna.example');
    const before = await t.ctx.db.selectFrom('open311_clients').select('id').execute();
    const refused = await admin.submitForm(page, page, { name: '   ' });
    expect(refused.statusCode).toBe(422);
    expect(refused.body).toContain('error-summary');
    const tooLong = await admin.submitForm(page, page, { name: 'n'.repeat(81) });
    expect(tooLong.statusCode).toBe(422);
    expect(tooLong.body).toContain('n'.repeat(81));
    expect(await t.ctx.db.selectFrom('open311_clients').select('id').execute()).toHaveLength(before.length);
  });

  it('keeps the page and its actions from anyone without reports.manage in the kommun', async () => {
    const admin = await signedIn('samordnare@vallentuna.example');
    const { key, id } = await createKey(admin, 'Skyddade appen');
    const anonymous = new TestClient(t.app);
    const signIn = await anonymous.get(page);
    expect(signIn.statusCode).toBe(303);
    expect(String(signIn.headers.location)).toContain('/logga-in');
    for (const email of ['admin@grannby.example', 'kommunpolis@taby-polis.example', 'rapportor@skolan.example']) {
      const person = await signedIn(email);
      expect((await person.get(page)).statusCode, email).toBe(404);
      const somePage = await person.get('/vallentuna/rapportera');
      const token = csrfTokenFrom(somePage.body);
      expect((await person.post(`${page}/${id}/aterkalla`, { _csrf: token })).statusCode, email).toBe(404);
      expect((await person.post(page, { _csrf: token, name: 'Intrång' })).statusCode, email).toBe(404);
    }
    // Another kommun's administrator on their own page does not reach Vallentuna's client.
    const neighbour = await signedIn('admin@grannby.example');
    const own = await neighbour.get('/grannby/admin/rapporter/open311');
    expect(own.statusCode).toBe(200);
    expect(own.body).not.toContain('Skyddade appen');
    expect((await neighbour.post(`/grannby/admin/rapporter/open311/${id}/aterkalla`, { _csrf: csrfTokenFrom(own.body) })).statusCode).toBe(404);
    expect((await postRequest(key)).statusCode).toBe(200);
    expect(await t.ctx.db.selectFrom('open311_clients').select('id').where('name', '=', 'Intrång').execute()).toHaveLength(0);
  });
});
