import { generate } from 'otplib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { textWithSecret } from '../mail/mail.js';
import { createTestApp, csrfTokenFrom, TestClient, type TestApp } from '../../../test/app.js';
import { createTestContext, dialects } from '../../../test/databases.js';
import { addPerson } from '../../../test/factories.js';
import { demoAccounts } from '../demo.js';
import { newId } from '../db/ids.js';
import { inTransaction } from '../db/transaction.js';
import { ValidationError } from '../http/errors.js';
import { findKommunBySlug, updateKommunSettings } from '../tenants/tenant.repository.js';
import { createLinkToken, setPasswordWithToken } from './account.service.js';
import { demoPassword } from './passwords.js';
import { hashToken } from './tokens.js';
import { insertMembership, insertUser } from './user.repository.js';

const coordinator = demoAccounts.find((a) => a.key === 'coordinator')!.email;
const volunteer = demoAccounts.find((a) => a.key === 'volunteer')!.email;
const newPassword = 'en lång mening om trygghet i Vallentuna';

async function outboxTo(t: TestApp, email: string) {
  return t.ctx.db.selectFrom('mail_outbox').selectAll().where('to_address', '=', email).orderBy('id', 'desc').execute();
}

/** The secret a set-up page shows and the sealed copy its form carries back. */
function setupIn(html: string): { secret: string; sealed: string } {
  const secret = /data-totp-secret[^>]*>([A-Z2-7]+)</.exec(html)?.[1];
  const sealed = /name="setup" value="([^"]+)"/.exec(html)?.[1];
  if (!secret || !sealed) throw new Error('no TOTP set-up in page');
  return { secret, sealed };
}

/** A code of the next 30-second step: each step is accepted once, and the current one may be spent. */
function nextCode(secret: string): Promise<string> {
  return generate({ secret, epoch: Math.floor(Date.now() / 1000) + 30 });
}

function linkIn(text: string, path: string): string {
  const match = new RegExp(`https?://[^/\\s]+(${path}/[A-Za-z0-9_-]+)`).exec(text);
  if (!match?.[1]) throw new Error(`no ${path} link in mail`);
  return match[1];
}

describe.each(dialects)('password reset on %s', (dialect) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(dialect);
  });
  afterAll(async () => t.close());

  it('gives the same neutral answer whether or not an account exists, and mails only real accounts', async () => {
    const client = new TestClient(t.app);
    const unknown = await client.submitForm('/glomt-losenord', '/glomt-losenord', { email: 'ingen@vallentuna.example' });
    const known = await client.submitForm('/glomt-losenord', '/glomt-losenord', { email: volunteer });
    expect(unknown.statusCode).toBe(200);
    expect(known.statusCode).toBe(200);
    const neutral = (body: string) => body.replace(/name="_csrf" value="[^"]+"/g, '');
    expect(neutral(known.body)).toBe(neutral(unknown.body));
    expect(await outboxTo(t, 'ingen@vallentuna.example')).toHaveLength(0);
    expect(await outboxTo(t, volunteer)).toHaveLength(1);
  });

  it('re-renders the form with an error for an address that is not an e-mail address', async () => {
    const client = new TestClient(t.app);
    const response = await client.submitForm('/glomt-losenord', '/glomt-losenord', { email: 'inte en adress' });
    expect(response.statusCode).toBe(422);
    expect(response.body).toContain('inte en adress');
    expect(response.body).toContain('error-summary');
  });

  it('resets the password through the mailed link, ends old sessions and lets the person sign in with the new password', async () => {
    const oldBrowser = new TestClient(t.app);
    await oldBrowser.signIn(coordinator);
    expect((await oldBrowser.get('/vallentuna/admin')).statusCode).toBe(200);

    const client = new TestClient(t.app);
    await client.submitForm('/glomt-losenord', '/glomt-losenord', { email: coordinator });
    const [mail] = await outboxTo(t, coordinator);
    // A reset concerns the person's own account: filed under no kommun, so no administrator sees it.
    expect(mail?.organisation_id).toBeNull();
    expect(mail?.kommun_id).toBeNull();
    const link = linkIn(textWithSecret(t.ctx, mail!), '/aterstall');
    const token = link.split('/').pop()!;

    // Only the hash of the token is stored.
    const stored = await t.ctx.db.selectFrom('user_tokens').selectAll().where('token_hash', '=', hashToken(token)).executeTakeFirstOrThrow();
    expect(stored.purpose).toBe('reset');
    expect(await t.ctx.db.selectFrom('user_tokens').select('token_hash').where('token_hash', '=', token).executeTakeFirst()).toBeUndefined();
    const lifetime = Date.parse(stored.expires_at) - Date.parse(stored.created_at);
    expect(lifetime).toBe(60 * 60 * 1000);

    const form = await client.get(link);
    expect(form.statusCode).toBe(200);
    expect(form.body).toContain('name="repeat"');

    const mismatch = await client.submitForm(link, link, { password: newPassword, repeat: `${newPassword}!` });
    expect(mismatch.statusCode).toBe(422);
    const tooShort = await client.submitForm(link, link, { password: 'kort', repeat: 'kort' });
    expect(tooShort.statusCode).toBe(422);

    const done = await client.submitForm(link, link, { password: newPassword, repeat: newPassword });
    expect(done.statusCode).toBe(303);
    expect(done.headers.location).toBe('/logga-in');

    // The browser signed in before the reset is signed out.
    const old = await oldBrowser.get('/vallentuna/admin');
    expect(old.statusCode).toBe(303);
    expect(old.headers.location).toMatch(/^\/logga-in/);

    const fresh = new TestClient(t.app);
    await expect(fresh.signIn(coordinator)).rejects.toThrow(/failed with 422/);
    await fresh.signIn(coordinator, newPassword);
    expect((await fresh.get('/vallentuna/admin')).statusCode).toBe(200);

    const audit = await t.ctx.db.selectFrom('audit_log').selectAll().where('action', '=', 'password.reset').where('entity_type', '=', 'user').execute();
    expect(audit).toHaveLength(1);
    expect(audit[0]?.after_json).not.toContain(newPassword);
  });

  it('refuses a link a second time', async () => {
    const client = new TestClient(t.app);
    await client.submitForm('/glomt-losenord', '/glomt-losenord', { email: volunteer });
    const link = linkIn(textWithSecret(t.ctx, (await outboxTo(t, volunteer))[0]!), '/aterstall');
    expect((await client.submitForm(link, link, { password: newPassword, repeat: newPassword })).statusCode).toBe(303);
    const again = await client.get(link);
    expect(again.statusCode).toBe(410);
    expect(again.body).toContain('/glomt-losenord');
    // With a valid CSRF token, so it is the used token that refuses the post, not the form check.
    const token = csrfTokenFrom((await client.get('/glomt-losenord')).body);
    const reuse = await client.post(link, { password: 'ett helt annat lösenord', repeat: 'ett helt annat lösenord', _csrf: token });
    expect(reuse.statusCode).toBe(410);
    expect(reuse.body).toContain('/glomt-losenord');
    const fresh = new TestClient(t.app);
    await expect(fresh.signIn(volunteer, 'ett helt annat lösenord')).rejects.toThrow(/failed with 422/);
  });

  it('refuses an expired link and an unknown one with a clear page', async () => {
    const user = await t.ctx.db.selectFrom('users').select('id').where('email', '=', volunteer).executeTakeFirstOrThrow();
    const { token } = await inTransaction(t.ctx, ({ trx }) => createLinkToken(trx, { userId: user.id, purpose: 'reset', now: new Date(Date.now() - 2 * 3_600_000) }));
    const client = new TestClient(t.app);
    const expired = await client.get(`/aterstall/${token}`);
    expect(expired.statusCode).toBe(410);
    expect(expired.body).toContain('/glomt-losenord');
    const unknown = await client.get(`/aterstall/${'x'.repeat(43)}`);
    expect(unknown.statusCode).toBe(404);
    expect(unknown.body).toContain('/glomt-losenord');
  });
});

describe.each(dialects)('new passwords outside demo mode on %s', (dialect) => {
  it('refuses the demo password as a new password', async () => {
    const ctx = await createTestContext(dialect, { SAMTRYGG_DEMO: 'false' });
    try {
      const userId = newId();
      await insertUser(ctx.db, { id: userId, email: 'person@kommun.example', name: 'Person', passwordHash: null, status: 'invited', isPlatformAdmin: false, isDemo: false, now: new Date().toISOString() });
      const { token } = await inTransaction(ctx, ({ trx }) => createLinkToken(trx, { userId, purpose: 'invite' }));
      const attempt = setPasswordWithToken(ctx, { token, purpose: 'invite', password: demoPassword, ip: '127.0.0.1' });
      await expect(attempt).rejects.toBeInstanceOf(ValidationError);
      const user = await ctx.db.selectFrom('users').select(['status', 'password_hash']).where('id', '=', userId).executeTakeFirstOrThrow();
      expect(user.status).toBe('invited');
      expect(user.password_hash).toBeNull();
    } finally {
      await ctx.destroy();
    }
  });
});

describe.each(dialects)('sign-in back-off on %s', (dialect) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(dialect);
  });
  afterAll(async () => t.close());

  it('pauses a client after five wrong passwords, even for the right one, and says until when', async () => {
    const client = new TestClient(t.app);
    for (let i = 0; i < 5; i += 1) {
      const wrong = await client.submitForm('/logga-in', '/logga-in', { email: volunteer, password: `fel-lösenord-${i}` });
      expect(wrong.statusCode).toBe(422);
      expect(wrong.body).toContain('Fel e-postadress eller lösenord.');
    }
    const sixth = await client.submitForm('/logga-in', '/logga-in', { email: volunteer, password: 'fel-lösenord-5' });
    expect(sixth.statusCode).toBe(429);
    expect(Number(sixth.headers['retry-after'])).toBeGreaterThan(0);
    expect(sixth.body).toMatch(/Försök igen klockan \d\d:\d\d/);
    const right = await client.submitForm('/logga-in', '/logga-in', { email: volunteer, password: demoPassword });
    expect(right.statusCode).toBe(429);
    expect(client.jar.cookies.has('samtrygg_session')).toBe(false);
    // The hard lock on the users row is retired.
    const user = await t.ctx.db.selectFrom('users').select(['failed_sign_ins', 'locked_until']).where('email', '=', volunteer).executeTakeFirstOrThrow();
    expect(user).toEqual({ failed_sign_ins: 0, locked_until: null });
  });
});

describe.each(dialects)('TOTP required for a role on %s', (dialect) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(dialect);
    // Set before the first request, so no cached kommun hides it.
    const kommun = (await findKommunBySlug(t.ctx.db, 'vallentuna'))!;
    await updateKommunSettings(t.ctx.db, kommun.id, kommun.name, { ...kommun.settings, requireTotpForRoles: ['coordinator'] }, new Date().toISOString());
  });
  afterAll(async () => t.close());

  it('sends a coordinator without TOTP to the set-up page, then asks for a code at every later sign-in', async () => {
    const client = new TestClient(t.app);
    const signIn = await client.submitForm('/logga-in?kommun=vallentuna', '/logga-in', { email: coordinator, password: demoPassword, kommun: 'vallentuna' });
    expect(signIn.statusCode).toBe(303);
    expect(signIn.headers.location).toBe('/vallentuna/admin');

    const staff = await client.get('/vallentuna/admin');
    expect(staff.statusCode).toBe(303);
    expect(staff.headers.location).toMatch(/^\/konto\/tvastegsverifiering\?/);
    // Every staff page, not only the overview.
    const places = await client.get('/vallentuna/admin/platser');
    expect(places.statusCode).toBe(303);
    expect(places.headers.location).toMatch(/^\/konto\/tvastegsverifiering\?/);

    const setUpUrl = staff.headers.location as string;
    const setUp = await client.get(setUpUrl);
    expect(setUp.statusCode).toBe(200);
    expect(setUp.body).toMatch(/<img[^>]+src="data:image\/svg\+xml;base64,/);
    // The secret is shown for typing in by hand too; the form carries it back sealed.
    const { secret, sealed } = setupIn(setUp.body);
    expect(sealed).not.toContain(secret);

    const wrong = await client.post('/konto/tvastegsverifiering', { code: '000000', setup: sealed, tillbaka: '/vallentuna/admin', _csrf: csrfTokenFrom(setUp.body) });
    expect(wrong.statusCode).toBe(422);
    // The same QR code again, so a person who scanned it can just try again.
    expect(setupIn(wrong.body).secret).toBe(secret);
    const right = await client.post('/konto/tvastegsverifiering', { code: await generate({ secret }), setup: sealed, tillbaka: '/vallentuna/admin', _csrf: csrfTokenFrom(wrong.body) });
    expect(right.statusCode).toBe(303);
    expect(right.headers.location).toBe('/vallentuna/admin');
    expect((await client.get('/vallentuna/admin')).statusCode).toBe(200);
    expect(await t.ctx.db.selectFrom('audit_log').select('id').where('action', '=', 'totp.enabled').execute()).toHaveLength(1);

    const later = new TestClient(t.app);
    const again = await later.submitForm('/logga-in', '/logga-in', { email: coordinator, password: demoPassword, kommun: 'vallentuna' });
    expect(again.statusCode).toBe(303);
    expect(again.headers.location).toMatch(/^\/logga-in\/kod\?/);
    // Half signed in: nothing of the staff area yet.
    expect((await later.get('/vallentuna/admin')).headers.location).toMatch(/^\/logga-in/);
    const codePage = again.headers.location as string;
    const refused = await later.submitForm(codePage, '/logga-in/kod', { code: '123456', kommun: 'vallentuna' });
    expect(refused.statusCode).toBe(422);
    const accepted = await later.submitForm(codePage, '/logga-in/kod', { code: await nextCode(secret), kommun: 'vallentuna' });
    expect(accepted.statusCode).toBe(303);
    expect(accepted.headers.location).toBe('/vallentuna/admin');
    expect((await later.get('/vallentuna/admin')).statusCode).toBe(200);
  });

  it('does not let a person who still owes the set-up use staff permissions through other routes', async () => {
    const client = new TestClient(t.app);
    // A fresh coordinator (the coordinator role is in requireTotpForRoles; police is not). Both
    // roles may manage places.
    const kommun = (await findKommunBySlug(t.ctx.db, 'vallentuna'))!;
    await addPerson(t.ctx.db, { email: 'ny.samordnare@vallentuna.example', name: 'Ny samordnare', organisationId: kommun.id, role: 'coordinator', password: newPassword });
    await client.signIn('ny.samordnare@vallentuna.example', newPassword);
    // Only GET pages send the person to the set-up page; a form post must be refused by the rule.
    const place = (name: string) => ({ name, description: '', lat: '59.534', lon: '18.080', polygon: '' });
    const refused = await client.submitForm('/konto', '/vallentuna/admin/platser', place('Samordnarens plats'));
    expect(refused.statusCode).toBe(404);
    expect(await t.ctx.db.selectFrom('places').select('id').where('name', '=', 'Samordnarens plats').execute()).toHaveLength(0);
    const home = await client.get('/vallentuna/');
    expect(home.statusCode).toBe(200);
    expect(home.body).not.toContain('href="/vallentuna/admin"');
    // The same request by someone whose role needs no TOTP is allowed: the refusal above is the rule, not the route.
    const police = new TestClient(t.app);
    await police.signIn(demoAccounts.find((a) => a.key === 'police')!.email);
    const allowed = await police.submitForm('/vallentuna/admin/platser/ny', '/vallentuna/admin/platser', place('Polisens plats'));
    expect(allowed.statusCode).toBe(303);
    expect(await t.ctx.db.selectFrom('places').select('id').where('name', '=', 'Polisens plats').execute()).toHaveLength(1);
  });

  it('leaves roles that the kommun does not list alone', async () => {
    const client = new TestClient(t.app);
    await client.signIn(demoAccounts.find((a) => a.key === 'police')!.email);
    expect((await client.get('/vallentuna/admin')).statusCode).toBe(200);
  });
});

describe.each(dialects)('accepting an invitation on %s', (dialect) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(dialect);
  });
  afterAll(async () => t.close());

  it('lets an invited person choose a password once and then sign in', async () => {
    const kommun = (await findKommunBySlug(t.ctx.db, 'vallentuna'))!;
    const userId = newId();
    const now = new Date().toISOString();
    await insertUser(t.ctx.db, { id: userId, email: 'inbjuden@vallentuna.example', name: 'Inbjuden Person', passwordHash: null, status: 'invited', isPlatformAdmin: false, isDemo: false, now });
    await insertMembership(t.ctx.db, { id: newId(), userId, organisationId: kommun.id, role: 'coordinator', now });
    const { token, expiresAt } = await inTransaction(t.ctx, ({ trx }) => createLinkToken(trx, { userId, purpose: 'invite' }));
    expect(Date.parse(expiresAt) - Date.now()).toBeGreaterThan(6.9 * 86_400_000);

    // An invited account cannot sign in before it has a password.
    const early = new TestClient(t.app);
    await expect(early.signIn('inbjuden@vallentuna.example', newPassword)).rejects.toThrow(/422/);

    const client = new TestClient(t.app);
    const page = await client.get(`/inbjudan/${token}`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('inbjuden@vallentuna.example');
    const done = await client.submitForm(`/inbjudan/${token}`, `/inbjudan/${token}`, { password: newPassword, repeat: newPassword });
    expect(done.statusCode).toBe(303);
    expect(done.headers.location).toBe('/logga-in');

    const user = await t.ctx.db.selectFrom('users').select(['status', 'password_hash']).where('id', '=', userId).executeTakeFirstOrThrow();
    expect(user.status).toBe('active');
    expect(user.password_hash).toMatch(/^\$argon2id\$/);
    expect((await client.get(`/inbjudan/${token}`)).statusCode).toBe(410);
    expect(await t.ctx.db.selectFrom('audit_log').select('id').where('action', '=', 'invitation.accepted').where('entity_id', '=', userId).execute()).toHaveLength(1);

    await client.signIn('inbjuden@vallentuna.example', newPassword);
    expect((await client.get('/vallentuna/admin')).statusCode).toBe(200);
  });
});

describe.each(dialects)('my account page on %s', (dialect) => {
  let t: TestApp;
  const police = demoAccounts.find((a) => a.key === 'police')!.email;
  beforeAll(async () => {
    t = await createTestApp(dialect);
  });
  afterAll(async () => t.close());

  it('sends signed-out visitors to sign in', async () => {
    const response = await new TestClient(t.app).get('/konto');
    expect(response.statusCode).toBe(303);
    expect(response.headers.location).toMatch(/^\/logga-in/);
  });

  it('turns TOTP on and off with valid codes only', async () => {
    const client = new TestClient(t.app);
    await client.signIn(police);
    expect((await client.get('/konto')).body).toContain('href="/konto/tvastegsverifiering"');
    const setUp = await client.get('/konto/tvastegsverifiering');
    const { secret, sealed } = setupIn(setUp.body);
    const on = await client.post('/konto/tvastegsverifiering', { code: await generate({ secret }), setup: sealed, _csrf: csrfTokenFrom(setUp.body) });
    expect(on.statusCode).toBe(303);
    expect((await client.get('/konto')).body).toContain('/konto/tvastegsverifiering/stang-av');

    const wrong = await client.submitForm('/konto', '/konto/tvastegsverifiering/stang-av', { code: '999999' });
    expect(wrong.statusCode).toBe(422);
    const off = await client.submitForm('/konto', '/konto/tvastegsverifiering/stang-av', { code: await nextCode(secret) });
    expect(off.statusCode).toBe(303);
    const user = await t.ctx.db.selectFrom('users').select(['totp_secret', 'totp_enabled_at']).where('email', '=', police).executeTakeFirstOrThrow();
    expect(user).toEqual({ totp_secret: null, totp_enabled_at: null });
    const actions = (await t.ctx.db.selectFrom('audit_log').select('action').where('entity_type', '=', 'user').execute()).map((r) => r.action);
    expect(actions).toEqual(expect.arrayContaining(['totp.enabled', 'totp.disabled']));
  });

  it('changes the password after checking the current one, and signs out other browsers', async () => {
    const other = new TestClient(t.app);
    await other.signIn(police);
    const client = new TestClient(t.app);
    await client.signIn(police);
    const wrong = await client.submitForm('/konto', '/konto/losenord', { current: 'inte rätt lösenord', password: newPassword, repeat: newPassword });
    expect(wrong.statusCode).toBe(422);
    const done = await client.submitForm('/konto', '/konto/losenord', { current: demoPassword, password: newPassword, repeat: newPassword });
    expect(done.statusCode).toBe(303);
    expect((await client.get('/konto')).statusCode).toBe(200);
    expect((await other.get('/konto')).statusCode).toBe(303);
    await new TestClient(t.app).signIn(police, newPassword);
  });
});
