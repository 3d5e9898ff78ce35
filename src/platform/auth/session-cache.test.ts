// The session cache on several instances of one PostgreSQL database: what one instance (or psql,
// or a job) changes about a session, an account or a role must reach every other instance's
// cache, and a cache that cannot hear the changes must not serve. On SQLite it is off.
import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSecondInstance, createTestApp, TestClient, type TestApp } from '../../../test/app.js';
import { addPerson } from '../../../test/factories.js';
import { demoId } from '../demo.js';
import type { AppContext } from '../context.js';
import { createSessionCache } from './session-cache.js';
import { touchSession } from './session.repository.js';

/** Resolves when the instance has heard (and acted on) a change notification matching `payload`. */
function heard(app: FastifyInstance, payload: (text: string) => boolean): Promise<string> {
  return new Promise((resolve) => app.authChanges!.onNotification((text) => payload(text) && resolve(text)));
}

/**
 * Resolves once the instance has heard every change committed before now: notifications reach a
 * listener in commit order, so when one sent now has arrived, none sent earlier is on its way.
 */
async function settled(app: FastifyInstance, db: AppContext['db']): Promise<void> {
  const marker = `ping:${Math.random().toString(36).slice(2)}`;
  const arrived = heard(app, (text) => text === marker);
  await sql`select pg_notify('samtrygg_auth', ${marker})`.execute(db);
  await arrived;
}

/** Another browser on another instance, carrying the first browser's session cookie. */
function sameBrowserOn(app: FastifyInstance, client: TestClient): TestClient {
  const other = new TestClient(app);
  for (const [name, value] of client.jar.cookies) other.jar.cookies.set(name, value);
  return other;
}

describe('the session cache on PostgreSQL, with two instances', () => {
  let t: TestApp;
  let b: Awaited<ReturnType<typeof createSecondInstance>>;
  const vallentuna = demoId('org:vallentuna');

  beforeAll(async () => {
    t = await createTestApp('postgres');
    b = await createSecondInstance(t);
  });
  afterAll(async () => {
    await b.close();
    await t.close();
  });

  async function signedInCoordinator(email: string) {
    const userId = await addPerson(t.ctx.db, { email, name: 'Samordnare', organisationId: vallentuna, role: 'coordinator' });
    const onA = new TestClient(t.app);
    await onA.signIn(email);
    const onB = sameBrowserOn(b.app, onA);
    expect((await onB.get('/vallentuna/admin')).statusCode).toBe(200);
    return { userId, onA, onB };
  }

  it('is on while both instances listen for changes', () => {
    expect(t.ctx.sessionCache.enabled).toBe(true);
    expect(b.ctx.sessionCache.enabled).toBe(true);
  });

  it('serves a signed-in request from the cache: a session removed without a notification still answers', async () => {
    const { userId, onB } = await signedInCoordinator('cachad@vallentuna.example');
    // Triggers off for this one statement's connection, as if the change had never been announced.
    await t.ctx.db.connection().execute(async (connection) => {
      await sql`set session_replication_role = replica`.execute(connection);
      await connection.deleteFrom('sessions').where('user_id', '=', userId).execute();
      await sql`set session_replication_role = origin`.execute(connection);
    });
    expect((await onB.get('/vallentuna/admin')).statusCode).toBe(200);
    b.ctx.sessionCache.clear();
    expect((await onB.get('/vallentuna/admin')).statusCode).not.toBe(200);
  });

  it('forgets a role removed on the other instance', async () => {
    const { userId, onB } = await signedInCoordinator('roll@vallentuna.example');
    const notified = heard(b.app, (text) => text === `user:${userId}`);
    await t.ctx.db.deleteFrom('memberships').where('user_id', '=', userId).execute();
    await notified;
    const page = await onB.get('/vallentuna/admin');
    expect(page.statusCode).toBe(404);
  });

  it('forgets a session ended by signing out on the other instance', async () => {
    const { onA, onB } = await signedInCoordinator('utloggad@vallentuna.example');
    const notified = heard(b.app, (text) => text.startsWith('session:'));
    const signOut = await onA.submitForm('/vallentuna/admin', '/logga-ut', {});
    expect(signOut.statusCode).toBe(303);
    await notified;
    const page = await onB.get('/vallentuna/admin');
    expect(page.statusCode).toBe(303);
    expect(page.headers.location).toMatch(/^\/logga-in/);
  });

  it('forgets an account disabled with plain SQL, as from psql', async () => {
    const { userId, onB } = await signedInCoordinator('avstangd@vallentuna.example');
    const notified = heard(b.app, (text) => text === `user:${userId}`);
    await sql`update users set status = 'disabled' where id = ${userId}`.execute(t.ctx.db);
    await notified;
    expect((await onB.get('/vallentuna/admin')).statusCode).toBe(303);
  });

  it('forgets every role when a police area stops serving a kommun', async () => {
    await addPerson(t.ctx.db, { email: 'polis@lpo.example', name: 'Polis', organisationId: demoId('org:lpo-taby'), role: 'police' });
    const onA = new TestClient(t.app);
    await onA.signIn('polis@lpo.example');
    const onB = sameBrowserOn(b.app, onA);
    expect((await onB.get('/vallentuna/admin')).statusCode).toBe(200);
    const notified = heard(b.app, (text) => text === 'all');
    await t.ctx.db.deleteFrom('police_area_kommuner').where('police_area_id', '=', demoId('org:lpo-taby')).where('kommun_id', '=', vallentuna).execute();
    await notified;
    expect((await onB.get('/vallentuna/admin')).statusCode).toBe(404);
  });

  it('keeps what it holds when a busy session is touched, and forgets on any other write this instance makes', async () => {
    // No notification of an earlier test's change may arrive (and clear the cache) half-way.
    await settled(t.app, t.ctx.db);
    const userId = demoId('user:coordinator');
    const onA = new TestClient(t.app);
    await onA.signIn('samordnare@vallentuna.example');
    expect((await onA.get('/vallentuna/admin')).statusCode).toBe(200);
    const idHash = (await t.ctx.db.selectFrom('sessions').select('id_hash').where('user_id', '=', userId).orderBy('created_at', 'desc').executeTakeFirstOrThrow()).id_hash;
    const held = () => t.ctx.sessionCache.get(idHash, vallentuna, Date.now());
    expect(held()).toBeDefined();
    // Later than the expiry it has (idle time from sign-in): an earlier expiry is announced.
    await touchSession(t.ctx.db, idHash, new Date().toISOString(), new Date(Date.now() + 24 * 3_600_000).toISOString());
    expect(held()).toBeDefined();
    // No notification has come back yet when the write has been answered: the clear is local.
    await t.ctx.db.updateTable('users').set({ name: 'Ny samordnare' }).where('id', '=', userId).execute();
    expect(held()).toBeUndefined();
  });

  it('stops serving while it cannot hear changes, and starts again empty once it can', async () => {
    const { userId, onB } = await signedInCoordinator('avbrott@vallentuna.example');
    // Cut the second instance's listening connection, as a database restart or a network fault would.
    await sql`select pg_terminate_backend(pid) from pg_stat_activity where datname = current_database() and query ilike 'listen %'`.execute(t.ctx.db);
    while (b.ctx.sessionCache.enabled) await new Promise((r) => setTimeout(r, 10));
    // A change made while nobody listens on the second instance…
    await t.ctx.db.deleteFrom('memberships').where('user_id', '=', userId).execute();
    // …is seen there at once, cache or not…
    expect((await onB.get('/vallentuna/admin')).statusCode).toBe(404);
    // …and once it listens again it serves from an empty cache.
    while (!b.ctx.sessionCache.enabled) await new Promise((r) => setTimeout(r, 20));
    expect((await onB.get('/vallentuna/admin')).statusCode).toBe(404);
  });
});

describe('the session cache on SQLite', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp('sqlite');
  });
  afterAll(async () => t.close());

  it('stays off: one instance, and the lookup costs microseconds', async () => {
    const client = new TestClient(t.app);
    await client.signIn('samordnare@vallentuna.example');
    expect((await client.get('/vallentuna/admin')).statusCode).toBe(200);
    expect(t.ctx.sessionCache.enabled).toBe(false);
    expect(t.app.authChanges).toBeNull();
  });
});

describe('the session cache itself', () => {
  const found = (idHash: string, userId: string, expiresAt = '2099-01-01T00:00:00.000Z') => ({
    session: { idHash, userId, csrfSecret: 's', secondFactorDone: true, expiresAt, lastSeenAt: '2026-01-01T00:00:00.000Z', createdAt: '2026-01-01T00:00:00.000Z', user: { email: 'a@b.example', name: 'A', status: 'active', isPlatformAdmin: false, hasTotp: false } },
    roles: [],
  });

  it('answers nothing while off, and nothing older than its lifetime', () => {
    const cache = createSessionCache(1000);
    cache.set('h', 'k', found('h', 'u'), 0);
    expect(cache.get('h', 'k', 0)).toBeUndefined();
    cache.enable();
    cache.set('h', 'k', found('h', 'u'), 0);
    expect(cache.get('h', 'k', 500)?.session.userId).toBe('u');
    expect(cache.get('h', 'other-kommun', 500)).toBeUndefined();
    expect(cache.get('h', 'k', 1001)).toBeUndefined();
  });

  it('moves a touched session’s times in every kommun it is held for, and evicts the oldest when full', () => {
    const cache = createSessionCache(60_000, 2);
    cache.enable();
    cache.set('h1', 'k1', found('h1', 'u1', '2026-01-01T01:00:00.000Z'), 0);
    cache.set('h1', 'k2', found('h1', 'u1', '2026-01-01T01:00:00.000Z'), 0);
    cache.touched('h1', '2026-01-01T00:30:00.000Z', '2026-01-01T04:30:00.000Z');
    expect(cache.get('h1', 'k1', 1)?.session.expiresAt).toBe('2026-01-01T04:30:00.000Z');
    expect(cache.get('h1', 'k2', 1)?.session.expiresAt).toBe('2026-01-01T04:30:00.000Z');
    // A third entry pushes out the first; forgetting its person then touches only what is held.
    cache.set('h2', 'k1', found('h2', 'u2'), 0);
    expect(cache.get('h1', 'k1', 1)).toBeUndefined();
    expect(cache.get('h1', 'k2', 1)).toBeDefined();
    cache.forgetUser('u1');
    expect(cache.get('h1', 'k2', 1)).toBeUndefined();
    expect(cache.get('h2', 'k1', 1)?.session.userId).toBe('u2');
  });

  it('forgets by session and by person, and empties when turned off', () => {
    const cache = createSessionCache(60_000);
    cache.enable();
    cache.set('h1', 'k', found('h1', 'u1'), 0);
    cache.set('h2', 'k', found('h2', 'u1'), 0);
    cache.set('h3', 'k', found('h3', 'u2'), 0);
    cache.forgetSession('h3');
    expect(cache.get('h3', 'k', 1)).toBeUndefined();
    cache.forgetUser('u1');
    expect(cache.get('h1', 'k', 1)).toBeUndefined();
    expect(cache.get('h2', 'k', 1)).toBeUndefined();
    cache.set('h4', 'k', found('h4', 'u3'), 0);
    cache.disable();
    cache.enable();
    expect(cache.get('h4', 'k', 1)).toBeUndefined();
  });
});
