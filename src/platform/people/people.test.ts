import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { textWithSecret } from '../mail/mail.js';
import { createTestApp, csrfTokenFrom, TestClient, type TestApp } from '../../../test/app.js';
import { dialects } from '../../../test/databases.js';
import { demoId } from '../demo.js';
import { newId } from '../db/ids.js';
import { insertOrganisation } from '../tenants/tenant.repository.js';
import { insertMembership, insertUser } from '../auth/user.repository.js';

const admin = 'admin@vallentuna.example';
const kommunId = demoId('org:vallentuna');

async function latestMailTo(t: TestApp, to: string) {
  return t.ctx.db.selectFrom('mail_outbox').selectAll().where('to_address', '=', to).orderBy('id', 'desc').executeTakeFirst();
}

function inviteLink(body: string): string {
  const match = /\/inbjudan\/([A-Za-z0-9_-]+)/.exec(body);
  if (!match?.[1]) throw new Error('no invitation link in mail');
  return `/inbjudan/${match[1]}`;
}

describe.each(dialects)('people and roles on %s', (dialect) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(dialect);
    // A person who works only in another kommun must never show up in Vallentuna's list.
    const otherKommun = newId();
    const now = new Date().toISOString();
    await insertOrganisation(t.ctx.db, { id: otherKommun, kind: 'kommun', slug: 'annanstad', name: 'Annanstads kommun', kommunId: null, partnerType: null, settings: {}, now });
    const outsider = newId();
    await insertUser(t.ctx.db, { id: outsider, email: 'utomstaende@annanstad.example', name: 'Utomstående Person', passwordHash: null, status: 'active', isPlatformAdmin: false, isDemo: false, now });
    await insertMembership(t.ctx.db, { id: newId(), userId: outsider, organisationId: otherKommun, role: 'coordinator', now });
  });
  afterAll(async () => t.close());

  it('lists the people with roles in the kommun, its partners and police area, and nobody else', async () => {
    const client = new TestClient(t.app);
    await client.signIn(admin);
    const page = await client.get('/vallentuna/admin/personer');
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Trygghetssamordnaren');
    expect(page.body).toContain('Kommunpolisen');
    expect(page.body).toContain('Rapportören på skolan');
    expect(page.body).not.toContain('Utomstående Person');
  });

  it('lets an administrator invite a coordinator who then chooses a password and signs in', async () => {
    const client = new TestClient(t.app);
    await client.signIn(admin);
    const invited = await client.submitForm('/vallentuna/admin/personer', '/vallentuna/admin/personer', {
      name: 'Nya Samordnaren',
      email: 'Ny.Samordnare@vallentuna.example',
      organisationId: kommunId,
      role: 'coordinator',
    });
    expect(invited.statusCode).toBe(303);

    const user = await t.ctx.db.selectFrom('users').selectAll().where('email', '=', 'ny.samordnare@vallentuna.example').executeTakeFirstOrThrow();
    expect(user.status).toBe('invited');
    expect(user.password_hash).toBeNull();
    const mail = await latestMailTo(t, 'ny.samordnare@vallentuna.example');
    expect(mail?.organisation_id).toBe(kommunId);
    const link = inviteLink(textWithSecret(t.ctx, mail!));
    const token = await t.ctx.db.selectFrom('user_tokens').selectAll().where('user_id', '=', user.id).where('purpose', '=', 'invite').executeTakeFirstOrThrow();
    // Only the hash is stored, and the link lives a week.
    expect(link).not.toContain(token.token_hash);
    const days = (Date.parse(token.expires_at) - Date.parse(token.created_at)) / 86_400_000;
    expect(days).toBeCloseTo(7, 3);

    const audit = await t.ctx.db.selectFrom('audit_log').select(['action', 'organisation_id']).where('entity_id', '=', user.id).where('action', '=', 'user.invited').execute();
    expect(audit).toEqual([{ action: 'user.invited', organisation_id: kommunId }]);

    const invitee = new TestClient(t.app);
    const form = await invitee.get(link);
    expect(form.statusCode).toBe(200);
    const accepted = await invitee.post(link, { password: 'en lång mening som lösenord', repeat: 'en lång mening som lösenord', _csrf: csrfTokenFrom(form.body) });
    expect(accepted.statusCode).toBe(303);

    const signedIn = await invitee.submitForm('/logga-in', '/logga-in', { email: 'ny.samordnare@vallentuna.example', password: 'en lång mening som lösenord', kommun: 'vallentuna' });
    expect(signedIn.statusCode).toBe(303);
    const staff = await invitee.get('/vallentuna/admin');
    expect(staff.statusCode).toBe(200);
    expect(staff.body).toContain('Trygghetssamordnare');

    // The link works once: a second visit is told it was used (410 Gone), not a server error.
    expect((await new TestClient(t.app).get(link)).statusCode).toBe(410);
  });

  it('offers only the roles that exist in the chosen kind of organisation', async () => {
    const client = new TestClient(t.app);
    await client.signIn(admin);
    const refused = await client.submitForm('/vallentuna/admin/personer', '/vallentuna/admin/personer', {
      name: 'Fel Roll',
      email: 'fel.roll@skolan.example',
      organisationId: demoId('org:school'),
      role: 'police',
    });
    expect(refused.statusCode).toBe(422);
    expect(refused.body).toContain('Den rollen finns inte i den sortens organisation');
    expect(refused.body).toContain('value="fel.roll@skolan.example"');
    const user = await t.ctx.db.selectFrom('users').select('id').where('email', '=', 'fel.roll@skolan.example').executeTakeFirst();
    expect(user).toBeUndefined();
  });

  it('refuses an organisation outside the kommun', async () => {
    const client = new TestClient(t.app);
    await client.signIn(admin);
    const other = await t.ctx.db.selectFrom('organisations').select('id').where('slug', '=', 'annanstad').executeTakeFirstOrThrow();
    const refused = await client.submitForm('/vallentuna/admin/personer', '/vallentuna/admin/personer', { name: 'X', email: 'x@annanstad.example', organisationId: other.id, role: 'coordinator' });
    expect(refused.statusCode).toBe(422);
  });

  it('adds a role to an existing account instead of creating a second one', async () => {
    const client = new TestClient(t.app);
    await client.signIn(admin);
    const response = await client.submitForm('/vallentuna/admin/personer', '/vallentuna/admin/personer', {
      name: 'Vad som helst',
      email: 'volontar@vallentuna.example',
      organisationId: demoId('org:housing'),
      role: 'volunteer',
    });
    expect(response.statusCode).toBe(303);
    const users = await t.ctx.db.selectFrom('users').select(['id', 'status']).where('email', '=', 'volontar@vallentuna.example').execute();
    expect(users).toHaveLength(1);
    expect(users[0]?.status).toBe('active');
    const roles = await t.ctx.db.selectFrom('memberships').select('organisation_id').where('user_id', '=', users[0]!.id).execute();
    expect(roles.map((r) => r.organisation_id).sort()).toEqual([demoId('org:housing'), demoId('org:nightwalk')].sort());
    const tokens = await t.ctx.db.selectFrom('user_tokens').select('token_hash').where('user_id', '=', users[0]!.id).execute();
    expect(tokens).toHaveLength(0);
  });

  it('re-sends an invitation with a new link and retires the old one', async () => {
    const client = new TestClient(t.app);
    await client.signIn(admin);
    await client.submitForm('/vallentuna/admin/personer', '/vallentuna/admin/personer', { name: 'Glömsk Person', email: 'glomsk@vallentuna.example', organisationId: kommunId, role: 'volunteer' });
    const first = inviteLink(textWithSecret(t.ctx, (await latestMailTo(t, 'glomsk@vallentuna.example'))!));
    const user = await t.ctx.db.selectFrom('users').select('id').where('email', '=', 'glomsk@vallentuna.example').executeTakeFirstOrThrow();
    const resent = await client.submitForm('/vallentuna/admin/personer', `/vallentuna/admin/personer/${user.id}/inbjudan`, {});
    expect(resent.statusCode).toBe(303);
    const second = inviteLink(textWithSecret(t.ctx, (await latestMailTo(t, 'glomsk@vallentuna.example'))!));
    expect(second).not.toBe(first);
    expect((await new TestClient(t.app).get(first)).statusCode).toBe(410);
    expect((await new TestClient(t.app).get(second)).statusCode).toBe(200);
    const audit = await t.ctx.db.selectFrom('audit_log').select('action').where('entity_id', '=', user.id).where('action', '=', 'user.invitation_resent').execute();
    expect(audit).toHaveLength(1);
  });

  it('removes a role, with an audit row, but never the administrator’s own', async () => {
    const client = new TestClient(t.app);
    await client.signIn(admin);
    const membership = demoId('membership:volunteer');
    const removed = await client.submitForm('/vallentuna/admin/personer', `/vallentuna/admin/personer/roller/${membership}/ta-bort`, {});
    expect(removed.statusCode).toBe(303);
    expect(await t.ctx.db.selectFrom('memberships').select('id').where('id', '=', membership).executeTakeFirst()).toBeUndefined();
    const audit = await t.ctx.db.selectFrom('audit_log').select(['action', 'before_json']).where('entity_id', '=', membership).executeTakeFirstOrThrow();
    expect(audit.action).toBe('membership.removed');
    expect(audit.before_json).toContain('volunteer');

    const own = await client.submitForm('/vallentuna/admin/personer', `/vallentuna/admin/personer/roller/${demoId('membership:admin')}/ta-bort`, {});
    expect(own.statusCode).toBe(409);
    expect(await t.ctx.db.selectFrom('memberships').select('id').where('id', '=', demoId('membership:admin')).executeTakeFirst()).toBeDefined();
  });

  it('answers 404 to people without people.manage, for the page and the actions', async () => {
    const client = new TestClient(t.app);
    await client.signIn('samordnare@vallentuna.example');
    expect((await client.get('/vallentuna/admin/personer')).statusCode).toBe(404);
    const page = await client.get('/vallentuna/admin');
    const response = await client.post(`/vallentuna/admin/personer/roller/${demoId('membership:police')}/ta-bort`, { _csrf: csrfTokenFrom(page.body) });
    expect(response.statusCode).toBe(404);
    expect(await t.ctx.db.selectFrom('memberships').select('id').where('id', '=', demoId('membership:police')).executeTakeFirst()).toBeDefined();
  });

  it('pages through many people with keyset links, in English too', async () => {
    const now = new Date().toISOString();
    for (let i = 0; i < 55; i += 1) {
      const id = newId();
      await insertUser(t.ctx.db, { id, email: `volontar${i}@nattvandring.example`, name: `Ö-volontär ${String(i).padStart(2, '0')}`, passwordHash: null, status: 'invited', isPlatformAdmin: false, isDemo: false, now });
      await insertMembership(t.ctx.db, { id: newId(), userId: id, organisationId: demoId('org:nightwalk'), role: 'volunteer', now });
    }
    const client = new TestClient(t.app);
    await client.get('/sprak?till=en&tillbaka=%2F');
    await client.signIn(admin);
    const first = await client.get('/vallentuna/admin/personer');
    expect(first.body).toContain('People and roles');
    const table = (body: string) => /<table[^>]*data-people-table[\s\S]*?<\/table>/.exec(body)?.[0] ?? '';
    const names = (body: string) => [...table(body).matchAll(/<th scope="row"[^>]*>([^<]+)<span class="person-email/g)].map((m) => m[1]);
    const older = /href="([^"]*efter=[^"]+)"/.exec(first.body)?.[1]?.replaceAll('&amp;', '&');
    expect(older).toBeDefined();
    const second = await client.get(older!);
    const all = [...names(first.body), ...names(second.body)];
    expect(names(first.body)).toHaveLength(50);
    expect(new Set(all).size).toBe(all.length);
    expect(all.filter((n) => n?.startsWith('Ö-volontär'))).toHaveLength(55);
    expect(all).not.toContain('Utomstående Person');
  });
});

describe.each(dialects)('people JSON API on %s', (dialect) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(dialect);
  });
  afterAll(async () => t.close());

  it('invites with the same rules as the form and answers validation errors as JSON', async () => {
    const client = new TestClient(t.app);
    await client.signIn(admin);
    const token = csrfTokenFrom((await client.get('/vallentuna/admin/personer')).body);
    const send = (payload: object) =>
      t.app.inject({ method: 'POST', url: '/api/v1/vallentuna/people/invitations', headers: { cookie: client.jar.header(), 'x-csrf-token': token, 'content-type': 'application/json' }, payload });
    const refused = await send({ name: 'Polis På Skolan', email: 'polis@skolan.example', organisationId: demoId('org:school'), role: 'police' });
    expect(refused.statusCode).toBe(422);
    expect(refused.json().error.code).toBe('validation_failed');
    expect(Object.keys(refused.json().error.fields)).toEqual(['role']);

    const created = await send({ name: 'Rapportör Två', email: 'rapportor2@skolan.example', organisationId: demoId('org:school'), role: 'partner_reporter' });
    expect(created.statusCode).toBe(201);
    expect(created.json()).toEqual({ data: { outcome: 'invited' } });

    // Until the invitation is accepted the person is listed by address, with the role on offer.
    const list = await client.get('/api/v1/vallentuna/people');
    const body = list.json() as { data: { email: string }[]; pending: { email: string; roles: { role: string; accepted: boolean }[] }[] };
    expect(body.data.find((p) => p.email === 'rapportor2@skolan.example')).toBeUndefined();
    const person = body.pending.find((p) => p.email === 'rapportor2@skolan.example');
    expect(person?.roles.map((r) => [r.role, r.accepted])).toEqual([['partner_reporter', false]]);
  });

  it('answers 404 to a signed-in person without people.manage', async () => {
    const client = new TestClient(t.app);
    await client.signIn('samordnare@vallentuna.example');
    expect((await client.get('/api/v1/vallentuna/people')).statusCode).toBe(404);
  });
});
