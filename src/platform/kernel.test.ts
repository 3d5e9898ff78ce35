import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dialects } from '../../test/databases.js';
import { createTestApp, TestClient, type TestApp } from '../../test/app.js';
import { testModules } from '../../test/modules.js';
import { defineModule } from './module.js';

/** A module that only contributes two home page sections, listed out of their order. */
const probeModule = defineModule({
  name: 'probe',
  homeSections: [
    { name: 'probe.later', order: 1001, load: async (_ctx, kommun, locale) => `Probe later for ${kommun.name} (${locale})` },
    { name: 'probe.earlier', order: 1000, load: async (_ctx, kommun, locale, actor) => `Probe earlier for ${kommun.name} (${locale}, ${actor ? actor.name : 'anonymous'})` },
  ],
});

describe.each(dialects)('public site on %s', (dialect) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(dialect);
  });
  afterAll(async () => t.close());

  it('redirects / to the only hosted kommun', async () => {
    const response = await t.app.inject('/');
    expect(response.statusCode).toBe(302);
    expect(response.headers.location).toBe('/vallentuna/');
  });

  it('shows the kommun home page in Swedish by default, with the kommun’s name and menu', async () => {
    const response = await t.app.inject('/vallentuna/');
    expect(response.statusCode).toBe(200);
    expect(response.body).toContain('<html lang="sv"');
    expect(response.body).toMatch(/<h1[^>]*>Trygghet i Vallentuna kommun<\/h1>/);
    expect(response.body).toContain('Här berättar Vallentuna kommun och polisen');
    expect(response.body).toContain('href="/vallentuna/platser"');
  });

  it('switches to English with a link and remembers it', async () => {
    const client = new TestClient(t.app);
    const switched = await client.get('/sprak?till=en&tillbaka=%2Fvallentuna%2F');
    expect(switched.statusCode).toBe(303);
    expect(switched.headers.location).toBe('/vallentuna/');
    const home = await client.get('/vallentuna/');
    expect(home.body).toContain('<html lang="en"');
    expect(home.body).toContain('Safety in Vallentuna kommun');
  });

  it('never redirects the language switch to another site', async () => {
    const response = await t.app.inject('/sprak?till=en&tillbaka=%2F%2Fevil.example%2F');
    expect(response.headers.location).toBe('/');
  });

  it('answers 404 with a page for an unknown kommun', async () => {
    const response = await t.app.inject('/ingenstans/');
    expect(response.statusCode).toBe(404);
    expect(response.body).toContain('Det finns ingen kommun med den adressen här.');
  });

  it('sends a Content-Security-Policy that allows no inline script', async () => {
    const response = await t.app.inject('/vallentuna/');
    const csp = String(response.headers['content-security-policy']);
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toContain('unsafe-inline');
  });

  it('reports readiness while the database answers', async () => {
    expect((await t.app.inject('/readyz')).json()).toEqual({ status: 'ready' });
    expect((await t.app.inject('/healthz')).statusCode).toBe(200);
  });

  it('reports not ready (503) once the database is gone, while the process stays healthy', async () => {
    const gone = await createTestApp(dialect, { demo: false });
    try {
      expect((await gone.app.inject('/readyz')).statusCode).toBe(200);
      await gone.ctx.database.close();
      const response = await gone.app.inject('/readyz');
      expect(response.statusCode).toBe(503);
      expect(response.json()).toEqual({ status: 'database unavailable' });
      expect((await gone.app.inject('/healthz')).statusCode).toBe(200);
    } finally {
      await gone.app.close();
      await gone.ctx.destroy().catch(() => undefined);
    }
  });

  it('looked up no message key that is missing from the catalogue', () => {
    expect(t.ctx.registry.messages.missing()).toEqual([]);
  });
});

describe.each(dialects)('home page sections on %s', (dialect) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(dialect, { modules: [...testModules, probeModule] });
  });
  afterAll(async () => t.close());

  it('shows the sections the modules contribute, in their order, for the reader', async () => {
    const anonymous = (await t.app.inject('/vallentuna/')).body;
    const earlier = anonymous.indexOf('Probe earlier for Vallentuna kommun (sv, anonymous)');
    const later = anonymous.indexOf('Probe later for Vallentuna kommun (sv)');
    expect(earlier).toBeGreaterThan(anonymous.indexOf('Trygghet i Vallentuna kommun'));
    expect(later).toBeGreaterThan(earlier);

    const client = new TestClient(t.app);
    await client.signIn('samordnare@vallentuna.example');
    await client.get('/sprak?till=en&tillbaka=%2F');
    expect((await client.get('/vallentuna/')).body).toContain('Probe earlier for Vallentuna kommun (en, Trygghetssamordnaren)');
  });
});

describe('security headers', () => {
  it('are sent on pages, assets and errors alike', async () => {
    const t = await createTestApp('sqlite', { demo: false });
    try {
      for (const url of ['/', '/assets/kernel/app.css', '/ingenstans/']) {
        const response = await t.app.inject(url);
        expect(response.headers['x-content-type-options'], url).toBe('nosniff');
        expect(response.headers['x-frame-options'], url).toBe('DENY');
        expect(String(response.headers['content-security-policy']), url).toContain("frame-ancestors 'none'");
        expect(response.headers['strict-transport-security'], url).toBeUndefined();
      }
    } finally {
      await t.close();
    }
  });
});

describe('the Inter typeface', () => {
  it('serves every font file the pages name, from our own origin, and no other file of the package', async () => {
    const t = await createTestApp('sqlite', { demo: false });
    try {
      const css = (await t.app.inject('/assets/kernel/app.css')).body;
      const response = await t.app.inject('/logga-in');
      expect(String(response.headers['content-security-policy'])).toContain("font-src 'self'");
      const page = response.body;
      const preload = /<link rel="preload" href="([^"]+)" as="font" type="font\/woff2" crossorigin="anonymous"\/>/.exec(page)?.[1];
      expect(preload).toBe('/assets/vendor/inter/inter-latin-wght-normal.woff2');
      const urls = [...css.matchAll(/url\('(\/assets\/vendor\/inter\/[^']+)'\)/g)].map((m) => m[1]!);
      expect(urls).toContain(preload);
      expect(urls).toHaveLength(4);
      for (const url of urls) {
        const font = await t.app.inject(url);
        expect(font.statusCode, `${url} (npm package @fontsource-variable/inter installed?)`).toBe(200);
        expect(font.headers['content-type'], url).toBe('font/woff2');
      }
      for (const other of ['/assets/vendor/inter/inter-cyrillic-wght-normal.woff2', '/assets/vendor/inter/inter-latin-opsz-normal.woff2']) {
        expect((await t.app.inject(other)).statusCode, other).toBe(404);
      }
    } finally {
      await t.close();
    }
  });
});
