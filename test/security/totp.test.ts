// Attacks on the second factor: replaying a code someone saw, racing two sessions with one code,
// guessing codes across fresh sessions, and reading secrets out of the database. Through HTTP.
import { generate } from 'otplib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { csrfTokenFrom, TestClient } from '../app.js';
import { dialects } from '../databases.js';
import { createWorld, people, type Person, type World } from './world.js';

/** A code of the next 30-second step: each step works once, and the current one may be spent already. */
function nextCode(secret: string): Promise<string> {
  return generate({ secret, epoch: Math.floor(Date.now() / 1000) + 30 });
}

function wrongCode(right: string): string {
  return right === '000000' ? '111111' : '000000';
}

/** Turns TOTP on from the set-up page as the person would, and returns the secret the page showed. */
async function turnOnTotp(client: TestClient): Promise<string> {
  const page = await client.get('/konto/tvastegsverifiering');
  expect(page.statusCode).toBe(200);
  const secret = /data-totp-secret[^>]*>([A-Z2-7]+)</.exec(page.body)?.[1];
  expect(secret).toBeDefined();
  const fields: Record<string, string> = { code: await generate({ secret: secret! }), _csrf: csrfTokenFrom(page.body) };
  const setup = /name="setup" value="([^"]+)"/.exec(page.body)?.[1];
  if (setup) fields.setup = setup;
  expect((await client.post('/konto/tvastegsverifiering', fields)).statusCode).toBe(303);
  return secret!;
}

/** A fresh browser that has given the password and now stands at the code page. */
async function atCodePage(world: World, person: Person): Promise<{ client: TestClient; codePage: string }> {
  const client = world.anonymous();
  const response = await client.submitForm('/logga-in', '/logga-in', { email: people[person].email, password: people[person].password, kommun: 'vallentuna' });
  expect(response.headers.location).toMatch(/^\/logga-in\/kod/);
  return { client, codePage: response.headers.location as string };
}

async function giveCode(client: TestClient, codePage: string, code: string) {
  return client.submitForm(codePage, '/logga-in/kod', { code, kommun: 'vallentuna' });
}

describe.each(dialects)('attacks on the second factor on %s', (dialect) => {
  let world: World;
  beforeAll(async () => {
    world = await createWorld(dialect);
  });
  afterAll(async () => world.t.close());

  const userRow = (person: Person) => world.t.ctx.db.selectFrom('users').selectAll().where('id', '=', people[person].id).executeTakeFirstOrThrow();

  it('opening the set-up page writes nothing', async () => {
    const client = await world.as('tabyCoordinator');
    const before = await userRow('tabyCoordinator');
    expect((await client.get('/konto/tvastegsverifiering')).statusCode).toBe(200);
    expect((await client.get('/konto/tvastegsverifiering')).statusCode).toBe(200);
    expect(await userRow('tabyCoordinator')).toEqual(before);
  });

  it('keeps no TOTP secret in plain text in the database', async () => {
    const secret = await turnOnTotp(await world.as('tabyCoordinator'));
    const row = await userRow('tabyCoordinator');
    expect(row.totp_enabled_at).not.toBeNull();
    expect(row.totp_secret).toBeTruthy();
    expect(row.totp_secret).not.toContain(secret);
    expect(row.totp_secret).not.toMatch(/^[A-Z2-7]+=*$/);
    // Nor anywhere else in the account's row.
    expect(JSON.stringify(row)).not.toContain(secret);
  });

  it('refuses a code used once, in the same session and in another', async () => {
    const secret = await turnOnTotp(await world.as('vallentunaAdmin'));
    const first = await atCodePage(world, 'vallentunaAdmin');
    const code = await nextCode(secret);
    expect((await giveCode(first.client, first.codePage, code)).statusCode).toBe(303);
    expect((await first.client.get('/vallentuna/admin')).statusCode).toBe(200);

    // Someone who saw the code over the person's shoulder, in a session of their own:
    const second = await atCodePage(world, 'vallentunaAdmin');
    const replay = await giveCode(second.client, second.codePage, code);
    expect(replay.statusCode).toBe(422);
    expect(replay.body).toContain('Den koden har redan använts');
    expect((await second.client.get('/vallentuna/admin')).headers.location).toMatch(/^\/logga-in/);

    // The same session cannot spend it again either, e.g. to turn the second factor off.
    const off = await first.client.submitForm('/konto', '/konto/tvastegsverifiering/stang-av', { code });
    expect(off.statusCode).toBe(422);
    expect(off.body).toContain('Den koden har redan använts');
    expect((await userRow('vallentunaAdmin')).totp_enabled_at).not.toBeNull();
  });

  it('lets only one of two sessions racing with the same code in', async () => {
    const secret = await turnOnTotp(await world.as('solnaAdmin'));
    const sessions = [await atCodePage(world, 'solnaAdmin'), await atCodePage(world, 'solnaAdmin')];
    const code = await nextCode(secret);
    const pages = await Promise.all(sessions.map((s) => s.client.get(s.codePage)));
    const answers = await Promise.all(sessions.map((s, i) => s.client.post('/logga-in/kod', { code, kommun: 'vallentuna', _csrf: csrfTokenFrom(pages[i]!.body) })));
    expect(answers.map((a) => a.statusCode).sort()).toEqual([303, 422]);
  });

  it('pauses the account’s second factor after wrong codes from several fresh sessions, with a clear message', async () => {
    const secret = await turnOnTotp(await world.as('policeChief'));
    const wrong = wrongCode(await nextCode(secret));
    // Three wrong codes in each of two sessions: no single session looks like much.
    for (let s = 0; s < 2; s += 1) {
      const { client, codePage } = await atCodePage(world, 'policeChief');
      for (let i = 0; i < 3; i += 1) await giveCode(client, codePage, wrong);
    }
    // A third session, now with the right code: the account's second factor is paused.
    const { client, codePage } = await atCodePage(world, 'policeChief');
    const paused = await giveCode(client, codePage, await nextCode(secret));
    expect(paused.statusCode).toBe(429);
    expect(Number(paused.headers['retry-after'])).toBeGreaterThan(0);
    expect(paused.body).toMatch(/pausad till klockan \d\d:\d\d \(svensk tid\)/);
    expect((await client.get('/vallentuna/admin')).headers.location).toMatch(/^\/logga-in/);
  });
});
