// Every sample page of the demo, as the public and as staff, answers 200 with a whole document in
// Swedish and in English, on SQLite and on PostgreSQL. The browser sweeps (axe, reflow) check
// markup, which does not depend on the database, and so run each page on one database only
// (e2e/everyone-meets-no-axe-violations.spec.ts); this is what proves each page's queries on both.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, TestClient, type TestApp } from './app.js';
import { dialects } from './databases.js';
import { publicPages, staffSamplePages } from './modules.js';

describe.each(dialects)('every sample page on %s', (dialect) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(dialect);
  });
  afterAll(async () => t.close());

  it.each(['sv', 'en'] as const)('serves every public page whole, in %s', async (locale) => {
    const client = new TestClient(t.app);
    await client.get(`/sprak?till=${locale}&tillbaka=%2Fvallentuna%2F`);
    expect(publicPages.length).toBeGreaterThan(0);
    for (const path of publicPages) {
      const response = await client.get(path);
      expect(response.statusCode, path).toBe(200);
      expect(response.body, path).toContain(`<html lang="${locale}"`);
      expect(response.body.trimEnd().endsWith('</html>'), path).toBe(true);
    }
    expect(t.ctx.registry.messages.missing()).toEqual([]);
  });

  it('serves every staff sample page to the administrator', async () => {
    const admin = new TestClient(t.app);
    await admin.signIn('admin@vallentuna.example');
    for (const path of ['/vallentuna/admin', ...staffSamplePages]) {
      const response = await admin.get(path);
      expect(response.statusCode, path).toBe(200);
      expect(response.body.trimEnd().endsWith('</html>'), path).toBe(true);
    }
  });
});
