import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dialects } from '../../../test/databases.js';
import { createTestApp, csrfTokenFrom, TestClient, type TestApp } from '../../../test/app.js';

describe.each(dialects)('CSRF protection on %s', (dialect) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(dialect);
  });
  afterAll(async () => t.close());

  it('refuses a form post without a token with a localised 403 page', async () => {
    const client = new TestClient(t.app);
    const response = await client.post('/logga-in', { email: 'samordnare@vallentuna.example', password: 'trygghet-demo-2016' });
    expect(response.statusCode).toBe(403);
    expect(response.body).toContain('Formuläret var för gammalt');
  });

  it('refuses a token that belongs to another browser', async () => {
    const other = new TestClient(t.app);
    const token = csrfTokenFrom((await other.get('/logga-in')).body);
    const client = new TestClient(t.app);
    await client.get('/logga-in');
    const response = await client.post('/logga-in', { email: 'samordnare@vallentuna.example', password: 'trygghet-demo-2016', _csrf: token });
    expect(response.statusCode).toBe(403);
  });

  it('accepts the token of the page the browser loaded, and binds a new one to the session', async () => {
    const client = new TestClient(t.app);
    const signedIn = await client.signIn('samordnare@vallentuna.example');
    expect(signedIn.headers.location).toBe('/konto/kommuner');
    const staff = await client.get('/vallentuna/admin');
    expect(staff.statusCode).toBe(200);
    const signOut = await client.post('/logga-ut', { _csrf: 'stale' });
    expect(signOut.statusCode).toBe(403);
    const ok = await client.post('/logga-ut', { _csrf: csrfTokenFrom(staff.body) });
    expect(ok.statusCode).toBe(303);
    expect((await client.get('/vallentuna/admin')).statusCode).toBe(303);
  });
});
