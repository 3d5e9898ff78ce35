// A NUL character in a query, a path or a form body is refused with a clear 400 on both databases,
// before anything reads it: PostgreSQL cannot hold one in text, and it used to fail there (500) in
// the first query that took the value.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, TestClient, type TestApp } from '../../../test/app.js';
import { dialects } from '../../../test/databases.js';

describe.each(dialects)('a NUL character on %s', (dialect) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(dialect);
  });
  afterAll(async () => t.close());

  it('in a query or a path: 400, said in the reader’s language', async () => {
    for (const url of ['/vallentuna/platser?efter=a%00b', '/vallentuna/platser/a%00b']) {
      const sv = await t.app.inject(url);
      expect(sv.statusCode, url).toBe(400);
      expect(sv.body).toContain('tecken som inte går att använda (NUL');
    }
    const en = await t.app.inject({ url: '/vallentuna/platser?efter=%00', headers: { cookie: 'samtrygg_lang=en' } });
    expect(en.statusCode).toBe(400);
    expect(en.body).toContain('cannot be used (NUL');
    const json = await t.app.inject({ url: '/vallentuna/platser?efter=%00', headers: { accept: 'application/json' } });
    expect(json.statusCode).toBe(400);
    expect(json.json()).toMatchObject({ error: { code: 'bad_request' } });
  });

  it('in a form: 400 and nothing signed in or stored; without it the same form works', async () => {
    const client = new TestClient(t.app);
    const refused = await client.submitForm('/logga-in', '/logga-in', { email: 'samordnare@vallentuna.example\u0000', password: 'trygghet-demo-2016' });
    expect(refused.statusCode).toBe(400);
    expect((await client.get('/vallentuna/admin')).statusCode).not.toBe(200);
    await client.signIn('samordnare@vallentuna.example');
    expect((await client.get('/vallentuna/admin')).statusCode).toBe(200);
  });
});
