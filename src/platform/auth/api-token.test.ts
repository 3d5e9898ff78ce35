// Personal API tokens end to end, on both databases: made on the account page and shown once,
// stored as a hash, used as `Authorization: Bearer` on /api/ without a CSRF token, and refused
// (401 invalid_token, nothing written) once revoked, expired, garbled or their person is gone.
// The JSON endpoint is a probe of this file's own (the kernel is tested without modules); the
// news API's is exercised in test/security/api-tokens.test.ts.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createSecondInstance, createTestApp, TestClient, type TestApp } from '../../../test/app.js';
import { dialects } from '../../../test/databases.js';
import { addPerson } from '../../../test/factories.js';
import { testModules } from '../../../test/modules.js';
import { writeAudit } from '../audit/audit.repository.js';
import { demoAccounts, demoId } from '../demo.js';
import { kommunRoute } from '../http/kommun-route.js';
import { defineModule } from '../module.js';
import { apiTokenLimits, bearerFailureLimit } from './api-token.schemas.js';
import { hashToken } from './tokens.js';

const coordinator = demoAccounts.find((a) => a.key === 'coordinator')!.email;
const volunteer = demoAccounts.find((a) => a.key === 'volunteer')!.email;
const tokenPattern = /value="(stg_[A-Za-z0-9_-]{43})"/;

/** Creates a token through the account page as the signed-in client; answers the token and the page. */
async function createTokenOnPage(client: TestClient, name: string, days = '') {
  const page = await client.submitForm('/konto/api-nycklar', '/konto/api-nycklar', { name, days });
  expect(page.statusCode).toBe(201);
  const token = tokenPattern.exec(page.body)?.[1];
  if (!token) throw new Error('no token on the page that created it');
  return { token, page };
}

/** A staff write on /api/ (places.manage: coordinators yes, volunteers no) that leaves an audit row. */
const probeModule = defineModule({
  name: 'probe',
  routes: (app, ctx) => {
    kommunRoute(
      app,
      { method: 'POST', url: '/api/v1/:kommun/prov-nyckel', permission: 'places.manage', body: z.object({ title: z.string().min(1) }) },
      async ({ reply, actor, kommun, body }) => {
        await writeAudit(ctx.db, { actorUserId: actor.userId, kommunId: kommun.id, organisationId: null, action: 'probe.written', entityType: 'probe', entityId: null, after: { title: body.title } });
        return reply.code(201).send({ data: { title: body.title, writtenBy: actor.userId } });
      },
    );
    kommunRoute(app, { method: 'GET', url: '/api/v1/:kommun/prov-nyckel', permission: 'places.manage' }, async ({ actor }) => ({ data: { readBy: actor.userId } }));
  },
});
const modules = [...testModules, probeModule];
const probePath = '/api/v1/vallentuna/prov-nyckel';

let addresses = 0;
/** Each test calls from its own address, so failed attempts of one do not throttle another. */
function freshAddress(): string {
  addresses += 1;
  return `198.51.100.${addresses}`;
}

describe.each(dialects)('personal API tokens on %s', (dialect) => {
  let t: TestApp;
  let staff: TestClient;
  let ip: string;

  beforeAll(async () => {
    t = await createTestApp(dialect, { modules });
    staff = new TestClient(t.app);
    await staff.signIn(coordinator);
  });
  afterAll(async () => t.close());

  function api(token: string | null, method: 'GET' | 'POST', url: string, payload?: unknown, extra: Record<string, string> = {}) {
    const headers: Record<string, string> = { ...extra };
    if (token !== null) headers.authorization = `Bearer ${token}`;
    return t.app.inject({ method, url, headers, remoteAddress: ip, ...(payload === undefined ? {} : { payload: payload as Record<string, unknown> }) });
  }

  const countWritten = async (title: string) =>
    (await t.ctx.db.selectFrom('audit_log').select(['after_json']).where('action', '=', 'probe.written').execute()).filter((row) => row.after_json?.includes(JSON.stringify(title))).length;

  it('shows a new token once, on the page that made it, and keeps only its hash', async () => {
    ip = freshAddress();
    const { token, page } = await createTokenOnPage(staff, 'Importskript');
    expect(page.body).toContain('Kopiera nyckeln nu');
    expect(page.body).toContain('visas inte igen');
    expect(page.headers['cache-control']).toBe('no-store');

    const row = await t.ctx.db.selectFrom('api_tokens').selectAll().where('name', '=', 'Importskript').executeTakeFirstOrThrow();
    expect(row.token_hash).toBe(hashToken(token));
    expect(row.user_id).toBe(demoId('user:coordinator'));
    // 90 days unless told otherwise.
    expect(Date.parse(row.expires_at) - Date.parse(row.created_at)).toBe(apiTokenLimits.defaultDays * 86_400_000);
    const secret = token.slice('stg_'.length);
    const everywhere = JSON.stringify([await t.ctx.db.selectFrom('api_tokens').selectAll().execute(), await t.ctx.db.selectFrom('audit_log').selectAll().execute()]);
    expect(everywhere).not.toContain(secret);

    const list = await staff.get('/konto/api-nycklar');
    expect(list.statusCode).toBe(200);
    expect(list.body).toContain('Importskript');
    expect(list.body).not.toContain(secret);
    expect(list.body).not.toMatch(tokenPattern);

    const audit = await t.ctx.db.selectFrom('audit_log').selectAll().where('action', '=', 'api_token.created').where('entity_id', '=', row.id).executeTakeFirstOrThrow();
    expect(audit.actor_user_id).toBe(demoId('user:coordinator'));
    expect(JSON.parse(audit.after_json!)).toEqual({ name: 'Importskript', expiresAt: row.expires_at });
  });

  it('writes through the JSON API as its person, without a CSRF token, and notes the day it was used', async () => {
    ip = freshAddress();
    const { token } = await createTokenOnPage(staff, 'Nyhetsflöde', '30');
    const response = await api(token, 'POST', probePath, { title: 'Skrivet med API-nyckel', summary: 'Via API.' });
    expect(response.statusCode).toBe(201);
    expect(response.json()).toEqual({ data: { title: 'Skrivet med API-nyckel', writtenBy: demoId('user:coordinator') } });
    expect(await countWritten('Skrivet med API-nyckel')).toBe(1);

    const row = await t.ctx.db.selectFrom('api_tokens').select(['last_used_at']).where('token_hash', '=', hashToken(token)).executeTakeFirstOrThrow();
    expect(row.last_used_at).not.toBeNull();
    // Not written again within the minute.
    expect((await api(token, 'GET', probePath)).json()).toEqual({ data: { readBy: demoId('user:coordinator') } });
    const again = await t.ctx.db.selectFrom('api_tokens').select(['last_used_at']).where('token_hash', '=', hashToken(token)).executeTakeFirstOrThrow();
    expect(again.last_used_at).toBe(row.last_used_at);
  });

  it('answers a revoked, expired or garbled token with 401 invalid_token and writes nothing', async () => {
    ip = freshAddress();
    const { token } = await createTokenOnPage(staff, 'Ska återkallas');
    const row = await t.ctx.db.selectFrom('api_tokens').select(['id']).where('token_hash', '=', hashToken(token)).executeTakeFirstOrThrow();
    const revoked = await staff.submitForm('/konto/api-nycklar', `/konto/api-nycklar/${row.id}/aterkalla`, {});
    expect(revoked.statusCode).toBe(303);
    expect((await t.ctx.db.selectFrom('audit_log').select('id').where('action', '=', 'api_token.revoked').where('entity_id', '=', row.id).execute()).length).toBe(1);
    const list = await staff.get('/konto/api-nycklar');
    expect(list.body).toContain('Återkallad');

    const expired = await createTokenOnPage(staff, 'Har gått ut');
    await t.ctx.db.updateTable('api_tokens').set({ expires_at: new Date(Date.now() - 1000).toISOString() }).where('token_hash', '=', hashToken(expired.token)).execute();

    for (const bad of [token, expired.token, `stg_${'A'.repeat(43)}`, 'stg_short', 'nonsense', '']) {
      const response = await api(bad, 'POST', probePath, { title: 'Ska inte finnas' });
      expect(response.statusCode, bad).toBe(401);
      expect(response.headers['www-authenticate']).toBe('Bearer error="invalid_token"');
      expect(response.json()).toMatchObject({ error: { code: 'invalid_token' } });
      // Never read as anonymous, even where anonymous readers are welcome.
      expect((await api(bad, 'GET', '/api/v1/vallentuna/places')).statusCode, bad).toBe(401);
    }
    expect(await countWritten('Ska inte finnas')).toBe(0);
  });

  it('is one person by one credential: with a session cookie too, the bearer alone counts', async () => {
    ip = freshAddress();
    const volunteerClient = new TestClient(t.app);
    await volunteerClient.signIn(volunteer);
    const { token: volunteerToken } = await createTokenOnPage(volunteerClient, 'Volontärens nyckel');
    const cookie = staff.jar.header();

    // The coordinator's cookie does not lend its rights to the volunteer's token …
    const asVolunteer = await api(volunteerToken, 'POST', probePath, { title: 'Blandade uppgifter' }, { cookie });
    expect(asVolunteer.statusCode).toBe(404);
    // … nor does it rescue a bad token.
    const badWithCookie = await api(`stg_${'B'.repeat(43)}`, 'POST', probePath, { title: 'Blandade uppgifter' }, { cookie });
    expect(badWithCookie.statusCode).toBe(401);
    expect(await countWritten('Blandade uppgifter')).toBe(0);

    // Without a bearer, the cookie still needs its CSRF token, as before.
    const cookieOnly = await api(null, 'POST', probePath, { title: 'Blandade uppgifter' }, { cookie });
    expect(cookieOnly.statusCode).toBe(403);
  });

  it('means nothing outside /api/: it opens no page and sends no form', async () => {
    ip = freshAddress();
    const { token } = await createTokenOnPage(staff, 'Bara API');
    const before = (await t.ctx.db.selectFrom('api_tokens').select('id').execute()).length;
    // A leaked token cannot make itself more tokens through the account page …
    const mint = await api(token, 'POST', '/konto/api-nycklar', { name: 'Smitt' });
    expect(mint.statusCode).toBe(401);
    const mintForm = await t.app.inject({
      method: 'POST',
      url: '/konto/api-nycklar',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/x-www-form-urlencoded' },
      payload: 'name=Smitt',
      remoteAddress: ip,
    });
    expect(mintForm.statusCode).toBe(403);
    expect((await t.ctx.db.selectFrom('api_tokens').select('id').execute()).length).toBe(before);
    // … nor open the staff pages.
    const page = await api(token, 'GET', '/vallentuna/admin/platser');
    expect(page.statusCode).toBe(303);
    expect(page.headers.location).toMatch(/^\/logga-in/);
  });

  it('stops working at once when its person is disabled, and goes when the person is removed', async () => {
    ip = freshAddress();
    const email = 'tillfallig@vallentuna.example';
    const userId = await addPerson(t.ctx.db, { email, name: 'Tillfällig Samordnare', organisationId: demoId('org:vallentuna'), role: 'coordinator' });
    const person = new TestClient(t.app);
    await person.signIn(email);
    const { token } = await createTokenOnPage(person, 'Tillfällig');
    expect((await api(token, 'POST', probePath, { title: 'Innan avstängning' })).statusCode).toBe(201);

    await t.ctx.db.updateTable('users').set({ status: 'disabled' }).where('id', '=', userId).execute();
    expect((await api(token, 'POST', probePath, { title: 'Efter avstängning' })).statusCode).toBe(401);
    expect(await countWritten('Efter avstängning')).toBe(0);

    await t.ctx.db.deleteFrom('audit_log').where('actor_user_id', '=', userId).execute();
    await t.ctx.db.deleteFrom('memberships').where('user_id', '=', userId).execute();
    await t.ctx.db.deleteFrom('users').where('id', '=', userId).execute();
    expect(await t.ctx.db.selectFrom('api_tokens').select('id').where('user_id', '=', userId).execute()).toEqual([]);
  });

  it('refuses a form without a name, a lifetime past a year, and an eleventh live token', async () => {
    const person = new TestClient(t.app);
    const email = 'manganycklar@vallentuna.example';
    await addPerson(t.ctx.db, { email, name: 'Många Nycklar', organisationId: demoId('org:vallentuna'), role: 'volunteer' });
    await person.signIn(email);
    const empty = await person.submitForm('/konto/api-nycklar', '/konto/api-nycklar', { name: ' ', days: '400' });
    expect(empty.statusCode).toBe(422);
    expect(empty.body).toContain('href="#field-name"');
    expect(empty.body).toContain('Skriv ett helt antal dagar från 1 till 365.');
    expect(empty.body).not.toMatch(tokenPattern);
    const tooLong = await person.submitForm('/konto/api-nycklar', '/konto/api-nycklar', { name: 'x'.repeat(apiTokenLimits.nameMax + 1) });
    expect(tooLong.statusCode).toBe(422);

    for (let i = 0; i < apiTokenLimits.maxLive; i += 1) await createTokenOnPage(person, `Nyckel ${i}`, '1');
    const full = await person.get('/konto/api-nycklar');
    expect(full.body).toContain('Du har redan 10 giltiga nycklar');
    const eleventh = await person.submitForm('/konto/api-nycklar', '/konto/api-nycklar', { name: 'En för mycket' });
    expect(eleventh.statusCode).toBe(422);
    expect(eleventh.body).not.toMatch(tokenPattern);
    expect((await t.ctx.db.selectFrom('api_tokens').select('id').where('name', '=', 'En för mycket').execute()).length).toBe(0);
  });

  it('throttles guessing per address across the shared rate limit, refusing even a right token once past it', async () => {
    ip = freshAddress();
    const { token } = await createTokenOnPage(staff, 'Gissningsprov');
    for (let i = 0; i < bearerFailureLimit.max; i += 1) {
      expect((await api(`stg_${String(i).padStart(43, 'G')}`, 'GET', probePath)).statusCode).toBe(401);
    }
    const blocked = await api(`stg_${'H'.repeat(43)}`, 'GET', probePath);
    expect(blocked.statusCode).toBe(429);
    expect(blocked.headers['retry-after']).toBeDefined();
    expect((await api(token, 'GET', probePath)).statusCode).toBe(429);
    // Another address is not held back by this one's guesses, and successes count for nothing.
    ip = freshAddress();
    for (let i = 0; i < bearerFailureLimit.max + 5; i += 1) expect((await api(token, 'GET', probePath)).statusCode).toBe(200);
  });
});

describe('personal API tokens on PostgreSQL with two instances', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp('postgres', { modules });
  });
  afterAll(async () => t.close());

  it('a token revoked on one instance is refused on the other at once', async () => {
    const second = await createSecondInstance(t);
    try {
      const staff = new TestClient(t.app);
      await staff.signIn(coordinator);
      const { token } = await createTokenOnPage(staff, 'Två instanser');
      const call = (title: string) =>
        second.app.inject({ method: 'POST', url: probePath, headers: { authorization: `Bearer ${token}` }, payload: { title }, remoteAddress: '203.0.113.9' });
      expect((await call('Före återkallelse')).statusCode).toBe(201);
      const row = await t.ctx.db.selectFrom('api_tokens').select('id').where('token_hash', '=', hashToken(token)).executeTakeFirstOrThrow();
      expect((await staff.submitForm('/konto/api-nycklar', `/konto/api-nycklar/${row.id}/aterkalla`, {})).statusCode).toBe(303);
      expect((await call('Efter återkallelse')).statusCode).toBe(401);
    } finally {
      await second.close();
    }
  });
});
