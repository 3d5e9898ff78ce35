// Item 12: the smaller leaks. The audit log's person filter is no oracle for other tenants'
// addresses; rate-limit rows hold no addresses; the SQLite file and backups are private to the
// service account; cookies are Secure and __Host- in production however TLS is terminated;
// sessions end after an absolute lifetime even when kept busy.
import { mkdtempSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backupSqlite } from '../../src/app/backup.js';
import { hashToken } from '../../src/platform/auth/tokens.js';
import { openDatabase } from '../../src/platform/db/database.js';
import { TestClient } from '../app.js';
import { dialects } from '../databases.js';
import { dumpTable } from './helpers.js';
import { createWorld, people, type World } from './world.js';

describe.each(dialects)('smaller leaks on %s', (dialect) => {
  let world: World;
  beforeAll(async () => {
    world = await createWorld(dialect);
  });
  afterAll(async () => world.t.close());

  it('answers the audit log’s person filter the same for another kommun’s staff as for nobody', async () => {
    const taby = await world.as('tabyAdmin');
    // The page echoes the address typed (in the field and, encoded, in the language links).
    const strip = (body: string, email: string) =>
      [email, encodeURIComponent(email), encodeURIComponent(encodeURIComponent(email))].reduce((text, form) => text.split(form).join('EMAIL'), body).replace(/name="_csrf" value="[^"]+"/g, '');
    const elsewhere = await taby.get(`/taby/admin/logg?person=${encodeURIComponent(people.vallentunaCoordinator.email)}`);
    const nobody = await taby.get(`/taby/admin/logg?person=${encodeURIComponent('finns.inte@example.org')}`);
    expect(elsewhere.statusCode).toBe(nobody.statusCode);
    expect(strip(elsewhere.body, people.vallentunaCoordinator.email)).toBe(strip(nobody.body, 'finns.inte@example.org'));
  });

  it('keeps no e-mail address or IP address in the rate-limit table', async () => {
    const client = new TestClient(world.t.app);
    await client.submitForm('/logga-in', '/logga-in', { email: people.solnaAdmin.email, password: 'fel-losenord-fel' });
    await client.submitForm('/glomt-losenord', '/glomt-losenord', { email: people.solnaAdmin.email });
    const table = await dumpTable(world, 'rate_limits');
    expect(table).not.toContain('solna');
    expect(table).not.toContain('127.0.0.1');
  });

  it('ends a session after its absolute lifetime, however busy it was kept', async () => {
    const client = await world.as('vallentunaAdmin');
    expect((await client.get('/vallentuna/admin')).statusCode).toBe(200);
    const token = client.jar.cookies.get([...client.jar.cookies.keys()].find((k) => k.includes('samtrygg_session'))!)!;
    const longAgo = new Date(Date.now() - 13 * 3_600_000).toISOString();
    await world.t.ctx.db.updateTable('sessions').set({ created_at: longAgo, last_seen_at: new Date().toISOString() }).where('id_hash', '=', hashToken(token)).execute();
    const after = await client.get('/vallentuna/admin');
    expect(after.statusCode).toBe(303);
    expect(String(after.headers.location)).toMatch(/^\/logga-in/);
  });
});

describe.each(dialects)('cookies in production on %s', (dialect) => {
  let world: World;
  beforeAll(async () => {
    world = await createWorld(dialect, { config: { NODE_ENV: 'production', SAMTRYGG_DEMO: 'false', SESSION_SECRET: 's'.repeat(48), PUBLIC_URL: 'https://trygghet.example.se' } });
  });
  afterAll(async () => world.t.close());

  it('marks every cookie Secure with the __Host- prefix although TLS ends at the proxy', async () => {
    const client = new TestClient(world.t.app);
    const form = await client.get('/logga-in');
    const signIn = await client.submitForm('/logga-in', '/logga-in', { email: people.vallentunaAdmin.email, password: people.vallentunaAdmin.password });
    expect(signIn.statusCode).toBe(303);
    const set = [form.headers['set-cookie'], signIn.headers['set-cookie']].flat().filter((c): c is string => typeof c === 'string');
    const session = set.find((c) => c.includes('samtrygg_session='));
    expect(session).toMatch(/^__Host-samtrygg_session=/);
    for (const cookie of set) {
      // __Host- wherever possible (Path=/); a cookie limited to one path can only be __Secure-.
      if (/;\s*Path=\/(;|$)/i.test(cookie)) expect(cookie, cookie).toMatch(/^__Host-/);
      else expect(cookie, cookie).toMatch(/^__Secure-/);
      expect(cookie, cookie).toMatch(/;\s*Secure/i);
      expect(cookie, cookie).not.toMatch(/;\s*Domain=/i);
    }
    expect(set.some((c) => c.startsWith('__Secure-samtrygg_device='))).toBe(true);
    expect((await client.get('/vallentuna/admin')).statusCode).toBe(200);
  });
});

describe('files on disk', () => {
  it('creates the SQLite database, its WAL file and backups readable by the owner only', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'samtrygg-mode-'));
    const path = join(dir, 'data', 'samtrygg.sqlite');
    const database = openDatabase(`sqlite:${path}`);
    await database.db.schema.createTable('probe').addColumn('x', 'integer').execute();
    expect(statSync(path).mode & 0o777).toBe(0o600);
    expect(statSync(`${path}-wal`).mode & 0o777).toBe(0o600);
    expect(statSync(join(dir, 'data')).mode & 0o777).toBe(0o700);
    const backup = join(dir, 'backups', 'copy.sqlite');
    await backupSqlite(path, backup);
    expect(statSync(backup).mode & 0o777).toBe(0o600);
    await database.close();
  });
});
