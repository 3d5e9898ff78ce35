// Personal API tokens under attack: a token reaches only what its person reaches (a Täby
// coordinator's token writes in Täby and finds nothing in Vallentuna, as the session would), and
// the token itself is nowhere but with its holder — not in the database, the audit log or the logs.
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../src/app/context.js';
import { buildServer } from '../../src/app/server.js';
import { dialects } from '../databases.js';
import type { TestClient } from '../app.js';
import { hashToken } from '../../src/platform/auth/tokens.js';
import { dumpTable } from './helpers.js';
import { createWorld, people, type World } from './world.js';

async function createToken(client: TestClient, name: string): Promise<string> {
  const page = await client.submitForm('/konto/api-nycklar', '/konto/api-nycklar', { name });
  expect(page.statusCode).toBe(201);
  const token = /value="(stg_[A-Za-z0-9_-]{43})"/.exec(page.body)?.[1];
  if (!token) throw new Error('no token on the page that created it');
  return token;
}

describe.each(dialects)('personal API tokens under attack on %s', (dialect) => {
  let world: World;
  let tabyToken: string;
  beforeAll(async () => {
    world = await createWorld(dialect);
    tabyToken = await createToken(await world.as('tabyCoordinator'), 'Täbys skript');
  });
  afterAll(async () => world.t.close());

  const post = (token: string, kommun: string, title: string) =>
    world.t.app.inject({ method: 'POST', url: `/api/v1/${kommun}/content`, headers: { authorization: `Bearer ${token}` }, payload: { title }, remoteAddress: '192.0.2.77' });
  // Raw SQL: the news module's tables are not in the kernel's types, and npm run test:kernel
  // typechecks this file without the module.
  const titled = async (title: string) => (await sql<{ kommun_id: string; created_by: string }>`select kommun_id, created_by from content_items where title = ${title}`.execute(world.t.ctx.db)).rows;

  it('a Täby coordinator’s token writes in Täby and finds nothing in Vallentuna, as their session would', async () => {
    const home = await post(tabyToken, 'taby', 'Täbys nyhet via API');
    expect(home.statusCode).toBe(201);
    expect(await titled('Täbys nyhet via API')).toEqual([{ kommun_id: expect.any(String), created_by: people.tabyCoordinator.id }]);

    const away = await post(tabyToken, 'vallentuna', 'Intrång i Vallentuna');
    expect(away.statusCode).toBe(404);
    expect(away.json()).toMatchObject({ error: { code: 'not_found' } });
    expect(await titled('Intrång i Vallentuna')).toEqual([]);

    // The same answer the session gets.
    const session = await world.as('tabyCoordinator');
    const page = await session.get('/taby/admin');
    const csrf = /name="_csrf" value="([^"]+)"/.exec(page.body)![1]!;
    const bySession = await world.t.app.inject({
      method: 'POST',
      url: '/api/v1/vallentuna/content',
      headers: { cookie: session.jar.header(), 'x-csrf-token': csrf },
      payload: { title: 'Intrång i Vallentuna' },
    });
    expect(bySession.statusCode).toBe(away.statusCode);
  });

  it('a revoked, expired or garbled token writes no news and is not read as anonymous', async () => {
    const admin = await world.as('vallentunaAdmin');
    const revoked = await createToken(admin, 'Återkallad');
    const expired = await createToken(admin, 'Utgången');
    const hash = (token: string) => hashToken(token);
    const { id } = await world.t.ctx.db.selectFrom('api_tokens').select('id').where('token_hash', '=', hash(revoked)).executeTakeFirstOrThrow();
    expect((await admin.submitForm('/konto/api-nycklar', `/konto/api-nycklar/${id}/aterkalla`, {})).statusCode).toBe(303);
    await world.t.ctx.db.updateTable('api_tokens').set({ expires_at: '2026-01-01T00:00:00.000Z' }).where('token_hash', '=', hash(expired)).execute();
    for (const token of [revoked, expired, `stg_${'Z'.repeat(43)}`, 'garbage']) {
      const response = await post(token, 'vallentuna', 'Skriven med ogiltig nyckel');
      expect(response.statusCode, token).toBe(401);
      expect(response.json()).toMatchObject({ error: { code: 'invalid_token' } });
      expect(response.headers['www-authenticate']).toBe('Bearer error="invalid_token"');
    }
    expect(await titled('Skriven med ogiltig nyckel')).toEqual([]);
  });

  it('keeps no copy of a token the database or the audit log could give away', async () => {
    const token = await createToken(await world.as('vallentunaAdmin'), 'Administratörens nyckel');
    const secret = token.slice('stg_'.length);
    const tokens = JSON.stringify(await world.t.ctx.db.selectFrom('api_tokens').selectAll().execute());
    expect(tokens).toContain('Administratörens nyckel');
    expect(tokens).not.toContain(secret);
    expect(await dumpTable(world, 'audit_log')).not.toContain(secret);
    expect(await dumpTable(world, 'rate_limits')).not.toContain(secret);
  });

  it('never writes a token to the log, not even at trace level', async () => {
    const token = await createToken(await world.as('solnaAdmin'), 'Loggprov');
    const lines: string[] = [];
    const logger = createLogger({ ...world.t.ctx.config, logLevel: 'trace' }, { write: (line: string) => void lines.push(line) });
    const logged = await buildServer({ ...world.t.ctx, logger });
    try {
      const call = (authorization: string) => logged.inject({ method: 'POST', url: '/api/v1/solna/content', headers: { authorization }, payload: { title: 'Loggprov' }, remoteAddress: '192.0.2.78' });
      expect((await call(`Bearer ${token}`)).statusCode).toBe(201);
      expect((await call(`Bearer ${token}x`)).statusCode).toBe(401);
      // Should anyone log a whole request's headers, the header is censored.
      logger.info({ req: { headers: { authorization: `Bearer ${token}` } } }, 'a careless line');
    } finally {
      await logged.close();
    }
    expect(lines.length).toBeGreaterThan(2);
    const secret = token.slice('stg_'.length);
    for (const line of lines) expect(line).not.toContain(secret);
    expect(lines.join('\n')).toContain('"authorization":"[redacted]"');
  });
});
