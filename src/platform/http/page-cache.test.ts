import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, csrfTokenFrom, TestClient, type TestApp } from '../../../test/app.js';
import { dialects } from '../../../test/databases.js';
import { inTransaction } from '../db/transaction.js';

describe.each(dialects)('anonymous page cache on %s', (dialect) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(dialect, { config: { PAGE_CACHE_SECONDS: '60' } });
  });
  afterAll(async () => t.close());

  const rename = (title: string) =>
    t.ctx.db.updateTable('content_items').set({ title }).where('slug', '=', 'polisen-i-kulturhuset-varje-onsdag').execute();

  it('serves an anonymous reader the stored page, and a fresh one after a committed change', async () => {
    const first = await t.app.inject('/vallentuna/');
    expect(first.body).toContain('Polisen i Kulturhuset varje onsdag');
    // A write behind the app's back is not seen while the page is cached…
    await rename('Polisen i Kulturhuset på onsdagar');
    expect((await t.app.inject('/vallentuna/')).body).toBe(first.body);
    // …but any write committed through inTransaction (every service) clears the cache.
    await inTransaction(t.ctx, async () => undefined);
    expect((await t.app.inject('/vallentuna/')).body).toContain('Polisen i Kulturhuset på onsdagar');
    await rename('Polisen i Kulturhuset varje onsdag');
  });

  it('clears the cache after any form post, whatever it did', async () => {
    const before = await t.app.inject('/vallentuna/');
    await rename('Polisen träffar invånare i Kulturhuset');
    expect((await t.app.inject('/vallentuna/')).body).toBe(before.body);
    const client = new TestClient(t.app);
    await client.signIn('samordnare@vallentuna.example');
    expect((await t.app.inject('/vallentuna/')).body).toContain('Polisen träffar invånare i Kulturhuset');
    await rename('Polisen i Kulturhuset varje onsdag');
  });

  it('keeps languages and display settings apart', async () => {
    const swedish = await t.app.inject('/vallentuna/nyheter');
    const english = await t.app.inject({ url: '/vallentuna/nyheter', cookies: { samtrygg_lang: 'en' } });
    const large = await t.app.inject({ url: '/vallentuna/nyheter', cookies: { samtrygg_prefs: 'text-large' } });
    expect(swedish.body).toContain('<html lang="sv"');
    expect(english.body).toContain('<html lang="en"');
    expect(large.body).toContain('data-size="lg"');
    expect(swedish.body).toContain('data-size="md"');
  });

  it('never stores a page with a form, whose CSRF token belongs to one browser', async () => {
    const a = new TestClient(t.app);
    const b = new TestClient(t.app);
    const tokenA = csrfTokenFrom((await a.get('/logga-in')).body);
    const tokenB = csrfTokenFrom((await b.get('/logga-in')).body);
    expect(tokenA).not.toBe(tokenB);
    expect(b.jar.cookies.has('samtrygg_csrf')).toBe(true);
  });

  it('never serves a signed-in person a stored page, nor stores theirs', async () => {
    await t.app.inject('/vallentuna/');
    const client = new TestClient(t.app);
    await client.signIn('samordnare@vallentuna.example');
    const signedIn = await client.get('/vallentuna/');
    expect(signedIn.body).toContain('Trygghetssamordnaren');
    expect((await t.app.inject('/vallentuna/')).body).not.toContain('Trygghetssamordnaren');
  });
});
