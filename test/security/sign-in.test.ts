// Attacks on signing in: locking staff out with wrong passwords, locking an office out through its
// shared address, and reaching another kommun's people through the pause administration.
// Everything goes through HTTP, as an attacker would; addresses are set per request.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signIn } from '../../src/platform/auth/auth.service.js';
import { hashPassword } from '../../src/platform/auth/passwords.js';
import { insertMembership, insertUser } from '../../src/platform/auth/user.repository.js';
import { demoId } from '../../src/platform/demo.js';
import { csrfTokenFrom, TestClient } from '../app.js';
import { dialects } from '../databases.js';
import { createWorld, ids, people, worldPassword, type World } from './world.js';

/** Posts the sign-in form from `ip`, with the client's cookies, as a browser there would. */
async function signInFrom(world: World, client: TestClient, ip: string, email: string, password: string) {
  const page = await world.t.app.inject({ method: 'GET', url: '/logga-in', remoteAddress: ip, headers: { cookie: client.jar.header() } });
  client.jar.store(page.headers['set-cookie']);
  const response = await world.t.app.inject({
    method: 'POST',
    url: '/logga-in',
    remoteAddress: ip,
    headers: { cookie: client.jar.header(), 'content-type': 'application/x-www-form-urlencoded' },
    payload: new URLSearchParams({ email, password, _csrf: csrfTokenFrom(page.body) }).toString(),
  });
  client.jar.store(response.headers['set-cookie']);
  return response;
}

/** A browser that once signed in as the person and has signed out again: it keeps its other cookies. */
async function browserOf(world: World, email: string, password: string, ip: string): Promise<TestClient> {
  const client = world.anonymous();
  expect((await signInFrom(world, client, ip, email, password)).statusCode).toBe(303);
  client.jar.cookies.delete('samtrygg_session');
  return client;
}

const stockholmClock = new Intl.DateTimeFormat('sv-SE', { hour: '2-digit', minute: '2-digit', hourCycle: 'h23', timeZone: 'Europe/Stockholm' });

/** The HH:MM times a pause ending `seconds` from about now may be shown as (rounded up to the minute). */
function clockTimesAround(seconds: number): string[] {
  const end = Date.now() + seconds * 1000;
  return [end - 60_000, end, end + 60_000].map((t) => stockholmClock.format(new Date(Math.ceil(t / 60_000) * 60_000)));
}

describe.each(dialects)('attacks on signing in on %s', (dialect) => {
  let world: World;
  beforeAll(async () => {
    world = await createWorld(dialect);
  });
  afterAll(async () => world.t.close());

  it('an attacker’s wrong passwords cannot keep the real person, on their own browser, out', async () => {
    const victim = people.vallentunaAdmin;
    const browser = await browserOf(world, victim.email, victim.password, '192.0.2.10');
    // Forty wrong passwords: from the victim's own office address and from addresses around the world.
    for (let i = 0; i < 40; i += 1) {
      const ip = i % 2 === 0 ? '192.0.2.10' : `203.0.113.${i}`;
      const response = await signInFrom(world, world.anonymous(), ip, victim.email, `gissning-${i}`);
      expect([422, 429]).toContain(response.statusCode);
    }
    // The attacker is paused now, even with the right password from a new browser…
    expect((await signInFrom(world, world.anonymous(), '203.0.113.99', victim.email, victim.password)).statusCode).toBe(429);
    // …but the administrator's own browser still gets in, at once.
    const signedIn = await signInFrom(world, browser, '192.0.2.10', victim.email, victim.password);
    expect(signedIn.statusCode).toBe(303);
    expect((await browser.get('/vallentuna/admin/personer')).statusCode).toBe(200);
  });

  it('tells a paused person the time to try again, in Swedish and in English', async () => {
    const person = people.tabyCoordinator;
    const client = world.anonymous();
    let last = await signInFrom(world, client, '198.51.100.20', person.email, 'fel-1');
    for (let i = 2; last.statusCode === 422 && i < 20; i += 1) last = await signInFrom(world, client, '198.51.100.20', person.email, `fel-${i}`);
    expect(last.statusCode).toBe(429);
    const retryAfter = Number(last.headers['retry-after']);
    expect(retryAfter).toBeGreaterThan(0);
    const swedish = /Försök igen klockan (\d\d:\d\d) \(svensk tid\)/.exec(last.body);
    expect(swedish?.[1]).toBeDefined();
    expect(clockTimesAround(retryAfter)).toContain(swedish![1]);
    expect(last.body).not.toContain('Fel e-postadress eller lösenord');

    await client.get('/sprak?till=en&tillbaka=%2F');
    const english = await signInFrom(world, client, '198.51.100.20', person.email, person.password);
    expect(english.statusCode).toBe(429);
    const time = /Try again at (\d\d:\d\d) \(Swedish time\)/.exec(english.body);
    expect(clockTimesAround(Number(english.headers['retry-after']))).toContain(time?.[1]);
  });

  it('counts only failures: a person who signs in often, and mistypes now and then, is never paused', async () => {
    const person = people.partnerReporter;
    // Many sign-ins in a row, each from a fresh browser at the same address.
    for (let i = 0; i < 15; i += 1) expect((await signInFrom(world, world.anonymous(), '198.51.100.30', person.email, person.password)).statusCode, `sign-in ${i + 1}`).toBe(303);
    // Typos between successes, in the person's own browser.
    const browser = world.anonymous();
    for (let round = 0; round < 4; round += 1) {
      for (let i = 0; i < 4; i += 1) expect((await signInFrom(world, browser, '198.51.100.31', person.email, `skrivfel-${i}`)).statusCode).toBe(422);
      expect((await signInFrom(world, browser, '198.51.100.31', person.email, person.password)).statusCode, `round ${round + 1}`).toBe(303);
      browser.jar.cookies.delete('samtrygg_session');
    }
  });

  it('lets an office behind one address sign in fifty different people', async () => {
    const passwordHash = await hashPassword(worldPassword);
    const now = new Date().toISOString();
    const staff: string[] = [];
    for (let i = 0; i < 50; i += 1) {
      const id = demoId(`world:user:office-${i}`);
      const email = `handlaggare${i}@vallentuna.example`;
      await insertUser(world.t.ctx.db, { id, email, name: `Handläggare ${i}`, passwordHash, status: 'active', isPlatformAdmin: false, isDemo: false, now });
      await insertMembership(world.t.ctx.db, { id: demoId(`world:membership:office-${i}`), userId: id, organisationId: ids.vallentuna, role: 'coordinator', now });
      staff.push(email);
    }
    for (const [i, email] of staff.entries()) {
      // A typo now and then, as in any office.
      if (i % 5 === 0) expect((await signInFrom(world, world.anonymous(), '10.20.30.40', email, 'skrivfel')).statusCode).toBe(422);
      const response = await signInFrom(world, world.anonymous(), '10.20.30.40', email, worldPassword);
      expect(response.statusCode, `sign-in ${i + 1} of 50`).toBe(303);
    }
  });

  it('pauses unknown addresses exactly as it pauses real accounts', async () => {
    const answers = async (email: string, ip: string) => {
      const client = world.anonymous();
      const seen: string[] = [];
      for (let i = 0; i < 6; i += 1) {
        const response = await signInFrom(world, client, ip, email, `fel-${i}`);
        const body = /<main[\s\S]*<\/main>/.exec(response.body)?.[0] ?? '';
        seen.push(`${response.statusCode} ${body.replace(/name="_csrf" value="[^"]+"/g, '').replace(/value="[^"]*@[^"]*"/g, '').replace(/\d\d:\d\d/g, 'HH:MM')}`);
      }
      return seen;
    };
    const known = await answers(people.solnaAdmin.email, '198.51.100.40');
    const unknown = await answers('finns.inte@solna.example', '198.51.100.41');
    expect(unknown).toEqual(known);
    expect(known[5]).toMatch(/^429 /);
  });

  it('says in the password-reset mail how often and when someone failed to sign in', async () => {
    const person = people.tabyAdmin;
    for (let i = 0; i < 3; i += 1) await signInFrom(world, world.anonymous(), `203.0.113.${150 + i}`, person.email, `fel-${i}`);
    await world.anonymous().submitForm('/glomt-losenord', '/glomt-losenord', { email: person.email });
    const mail = await world.t.ctx.db.selectFrom('mail_outbox').select('body_text').where('to_address', '=', person.email).executeTakeFirstOrThrow();
    expect(mail.body_text).toMatch(/misslyckats med att logga in på ditt konto 3 gånger, senast \d/);
  });
});

describe.each(dialects)('administering paused sign-ins on %s', (dialect) => {
  let world: World;
  const person = people.vallentunaCoordinator;
  let name: string;
  beforeAll(async () => {
    world = await createWorld(dialect);
    name = (await world.t.ctx.db.selectFrom('users').select('name').where('id', '=', person.id).executeTakeFirstOrThrow()).name;
    // Someone has tried the coordinator's account from many addresses over the last quarter of an
    // hour, each time waiting out the pause (30 s, 1, 2, 4, 8 minutes): the sixteenth failure, just
    // now, pauses the account for 15 minutes. The clock is injected instead of waited for.
    const last = Date.now() - 1000;
    const waits = [481, 241, 121, 61, 31];
    const times = [last, ...waits.map((_, i) => last - waits.slice(0, i + 1).reduce((a, b) => a + b, 0) * 1000)];
    for (let i = 0; i < 10; i += 1) times.push(times[times.length - 1]! - 1000);
    for (const [i, at] of times.reverse().entries()) {
      await signIn(world.t.ctx, { email: person.email, password: `gissning-${i}`, ip: `203.0.113.${i}`, now: new Date(at) }).catch(() => undefined);
    }
    expect((await signInFrom(world, world.anonymous(), '198.51.100.60', person.email, person.password)).statusCode).toBe(429);
  });
  afterAll(async () => world.t.close());

  const liftPath = (kommun: string) => `/${kommun}/admin/personer/${person.id}/inloggningspaus/ta-bort`;
  const pauseRows = () => world.t.ctx.db.selectFrom('sign_in_throttles').select(['key', 'failures']).where('user_id', '=', person.id).orderBy('key').execute();

  it('shows the pause to the kommun’s administrator, and neither shows nor lifts it for Solna’s', async () => {
    const vallentuna = await world.as('vallentunaAdmin');
    const page = await vallentuna.get('/vallentuna/admin/personer');
    expect(page.statusCode).toBe(200);
    const pauses = /<table[^>]*data-sign-in-pauses[\s\S]*?<\/table>/.exec(page.body)?.[0] ?? '';
    expect(pauses).toContain(name);
    expect(pauses).toMatch(/Inloggningen är pausad till klockan \d\d:\d\d efter 16 misslyckade försök/);

    const rowsBefore = await pauseRows();
    expect(rowsBefore.length).toBeGreaterThan(0);
    const solna = await world.as('solnaAdmin');
    const own = await solna.get('/solna/admin/personer');
    expect(own.statusCode).toBe(200);
    expect(own.body).not.toContain(name);
    expect(own.body).not.toContain('data-sign-in-pauses');
    expect((await solna.get('/vallentuna/admin/personer')).statusCode).toBe(404);
    const token = csrfTokenFrom(own.body);
    expect((await solna.post(liftPath('solna'), { _csrf: token })).statusCode).toBe(404);
    expect((await solna.post(liftPath('vallentuna'), { _csrf: token })).statusCode).toBe(404);
    // Without a valid CSRF token the kommun's own administrator cannot be made to lift it either.
    expect((await vallentuna.post(liftPath('vallentuna'), { _csrf: 'förfalskad' })).statusCode).toBe(403);
    expect(await pauseRows()).toEqual(rowsBefore);
    expect(await world.t.ctx.db.selectFrom('audit_log').select('id').where('action', '=', 'user.sign_in_pause_lifted').execute()).toEqual([]);
  });

  it('lets the kommun’s administrator lift the pause, with an audit row, and the person signs in', async () => {
    const admin = await world.as('vallentunaAdmin');
    const lifted = await admin.submitForm('/vallentuna/admin/personer', liftPath('vallentuna'), {});
    expect(lifted.statusCode).toBe(303);
    const after = await admin.get('/vallentuna/admin/personer');
    expect(after.body).toContain('Pausen är hävd');
    expect(after.body).not.toContain('Inloggningen är pausad');
    expect(await pauseRows()).toEqual([]);
    const audit = await world.t.ctx.db.selectFrom('audit_log').selectAll().where('action', '=', 'user.sign_in_pause_lifted').executeTakeFirstOrThrow();
    expect(audit).toMatchObject({ actor_user_id: people.vallentunaAdmin.id, kommun_id: ids.vallentuna, entity_type: 'user', entity_id: person.id });
    expect(audit.before_json).toContain('"failures":16');
    expect((await signInFrom(world, world.anonymous(), '198.51.100.60', person.email, person.password)).statusCode).toBe(303);
  });
});
