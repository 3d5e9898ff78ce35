import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, csrfTokenFrom, TestClient, type TestApp } from '../../../test/app.js';
import { dialects } from '../../../test/databases.js';
import { canonicalPathOf } from './canonical-url.js';

/** What makes a page look like Vallentuna's: its name in the header, its colours, its menu. */
function expectVallentunaLook(html: string): void {
  expect(html).toMatch(/<a class="site-header__brand" href="\/vallentuna\/">.*Vallentuna kommun/s);
  expect(html).toContain('href="/vallentuna/tema.css');
  expect(html).toContain('<nav class="site-nav"');
  expect(html).toContain('href="/vallentuna/platser"');
}

describe('canonicalPathOf', () => {
  const isStaticRoute = (path: string) => ['/logga-in', '/konto'].includes(path);

  it('lower-cases the kommun and drops trailing slashes, keeping the kommun home page\'s', () => {
    expect(canonicalPathOf('/Vallentuna/', '/:kommun/', isStaticRoute)).toBe('/vallentuna/');
    expect(canonicalPathOf('/VALLENTUNA/platser/', undefined, isStaticRoute)).toBe('/vallentuna/platser');
    expect(canonicalPathOf('/vallentuna/platser//', undefined, isStaticRoute)).toBe('/vallentuna/platser');
    expect(canonicalPathOf('/vallentuna//', undefined, isStaticRoute)).toBe('/vallentuna/');
    expect(canonicalPathOf('/logga-in/', '/:kommun/', isStaticRoute)).toBe('/logga-in');
  });

  it('leaves canonical addresses, routes outside a kommun and other sites alone', () => {
    expect(canonicalPathOf('/vallentuna/', '/:kommun/', isStaticRoute)).toBeNull();
    expect(canonicalPathOf('/vallentuna/platser', '/:kommun/platser', isStaticRoute)).toBeNull();
    expect(canonicalPathOf('/assets/kernel/', '/assets/kernel/*', isStaticRoute)).toBeNull();
    expect(canonicalPathOf('/api/v1/Vallentuna/places/', '/api/v1/:kommun/places', isStaticRoute)).toBeNull();
    expect(canonicalPathOf('//evil.example/', undefined, isStaticRoute)).toBeNull();
    expect(canonicalPathOf('/\\evil.example/x/', undefined, isStaticRoute)).toBeNull();
    expect(canonicalPathOf('/%2F%2Fevil.example', undefined, isStaticRoute)).toBeNull();
  });
});

describe.each(dialects)('addresses on %s', (dialect) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(dialect);
  });
  afterAll(async () => t.close());

  it('sends an upper-case kommun to its canonical address with 301, keeping the query', async () => {
    const client = new TestClient(t.app);
    const home = await client.get('/Vallentuna/');
    expect(home.statusCode).toBe(301);
    expect(home.headers.location).toBe('/vallentuna/');
    const places = await client.get('/VALLENTUNA/platser?efter=Kulturhuset');
    expect(places.statusCode).toBe(301);
    expect(places.headers.location).toBe('/vallentuna/platser?efter=Kulturhuset');
    expect((await client.get('/vallentuna/')).statusCode).toBe(200);
  });

  it('sends a page address with a trailing slash to the address without it with 301', async () => {
    const client = new TestClient(t.app);
    const places = await client.get('/vallentuna/platser/');
    expect(places.statusCode).toBe(301);
    expect(places.headers.location).toBe('/vallentuna/platser');
    const signIn = await client.get('/logga-in/?kommun=vallentuna');
    expect(signIn.statusCode).toBe(301);
    expect(signIn.headers.location).toBe('/logga-in?kommun=vallentuna');
    expect((await client.get('/vallentuna/platser')).statusCode).toBe(200);
  });

  it('never redirects to another site', async () => {
    const client = new TestClient(t.app);
    for (const url of ['//evil.example/', '/\\evil.example/x/', '//evil.example/vallentuna/']) {
      const response = await client.get(url);
      expect(response.headers.location ?? '').not.toMatch(/^\/[/\\]/);
    }
  });

  it('answers a missing page under a kommun with 404 in the kommun\'s look', async () => {
    const client = new TestClient(t.app);
    const missing = await client.get('/vallentuna/finns-inte');
    expect(missing.statusCode).toBe(404);
    expectVallentunaLook(missing.body);
    expect(missing.body).toContain('Sidan finns inte');
    const deeper = await client.get('/vallentuna/platser/finns-inte/alls');
    expect(deeper.statusCode).toBe(404);
    expectVallentunaLook(deeper.body);
    // A route that exists, whose handler finds nothing, answers in the same look.
    const unknownPlace = await client.get('/vallentuna/platser/finns-inte');
    expect(unknownPlace.statusCode).toBe(404);
    expectVallentunaLook(unknownPlace.body);
    expect(unknownPlace.body).toContain('Sidan finns inte');
  });

  it('answers a missing page outside any kommun with 404 in the plain look', async () => {
    const client = new TestClient(t.app);
    const missing = await client.get('/ingen-kommun/finns-inte');
    expect(missing.statusCode).toBe(404);
    expect(missing.body).not.toContain('tema.css');
    expect(missing.body).not.toContain('<nav class="site-nav"');
  });

  it('shows the sign-in form reached from a kommun in its look, with a way back to it', async () => {
    const client = new TestClient(t.app);
    const fromKommun = await client.get('/logga-in?kommun=vallentuna');
    expect(fromKommun.statusCode).toBe(200);
    expectVallentunaLook(fromKommun.body);
    expect(fromKommun.body).toContain('<a class="ds-link" href="/vallentuna/">Tillbaka till Vallentuna kommun</a>');

    const wrong = await client.post('/logga-in', {
      email: 'samordnare@vallentuna.example',
      password: 'fel-lösenord',
      kommun: 'vallentuna',
      _csrf: csrfTokenFrom(fromKommun.body),
    });
    expect(wrong.statusCode).toBe(422);
    expectVallentunaLook(wrong.body);
    expect(wrong.body).toContain('Tillbaka till Vallentuna kommun');

    const plain = await client.get('/logga-in');
    expect(plain.body).not.toContain('tema.css');
    expect(plain.body).not.toContain('Tillbaka till');
    const unknown = await client.get('/logga-in?kommun=finns-inte');
    expect(unknown.statusCode).toBe(200);
    expect(unknown.body).not.toContain('Tillbaka till');
  });
});
