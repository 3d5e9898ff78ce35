import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, csrfTokenFrom, TestClient, type TestApp } from '../../../test/app.js';
import { dialects } from '../../../test/databases.js';
import { inTransaction } from '../db/transaction.js';
import { demoId } from '../demo.js';

describe.each(dialects)('anonymous page cache on %s', (dialect) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(dialect, { config: { PAGE_CACHE_SECONDS: '60' } });
  });
  afterAll(async () => t.close());

  // A demo place, listed on the kommun's public places page (a page any anonymous reader may get
  // from the cache), renamed behind the app's back.
  const rename = (name: string) => t.ctx.db.updateTable('places').set({ name }).where('id', '=', demoId('place:kulturhuset')).execute();

  it('serves an anonymous reader the stored page, and a fresh one after a committed change', async () => {
    const first = await t.app.inject('/vallentuna/platser');
    expect(first.statusCode).toBe(200);
    expect(first.body).toContain('Kulturhuset');
    // A write behind the app's back is not seen while the page is cached…
    await rename('Kulturhuset och biblioteket');
    expect((await t.app.inject('/vallentuna/platser')).body).toBe(first.body);
    // …but any write committed through inTransaction (every service) clears the cache.
    await inTransaction(t.ctx, async () => undefined);
    expect((await t.app.inject('/vallentuna/platser')).body).toContain('Kulturhuset och biblioteket');
    await rename('Kulturhuset');
  });

  it('clears the cache after any form post, whatever it did', async () => {
    const before = await t.app.inject('/vallentuna/platser');
    await rename('Kulturhuset vid Tuna torg');
    expect((await t.app.inject('/vallentuna/platser')).body).toBe(before.body);
    const client = new TestClient(t.app);
    await client.signIn('samordnare@vallentuna.example');
    expect((await t.app.inject('/vallentuna/platser')).body).toContain('Kulturhuset vid Tuna torg');
    await rename('Kulturhuset');
  });

  it('keeps languages and display settings apart', async () => {
    const swedish = await t.app.inject('/vallentuna/platser');
    const english = await t.app.inject({ url: '/vallentuna/platser', cookies: { samtrygg_lang: 'en' } });
    const large = await t.app.inject({ url: '/vallentuna/platser', cookies: { samtrygg_prefs: 'text-large' } });
    expect([swedish.statusCode, english.statusCode, large.statusCode]).toEqual([200, 200, 200]);
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
