// "Each demo role sees what it may see and nothing more": every demo account signs in, and its
// staff menu must list exactly the admin pages it can open; every other admin page answers
// 404/403. The kernel-feature pages of this area are also checked against an explicit table.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, TestClient, type TestApp } from '../../../test/app.js';
import { dialects } from '../../../test/databases.js';
import { demoAccounts } from '../demo.js';
import { testModules as allModules } from '../../../test/modules.js';

const adminPages = [...new Set(allModules.flatMap((m) => m.staffNav ?? []).map((link) => link.path))];

/**
 * The administration pages of people, audit and mail: the kommun's administrator for the kommun,
 * and the police area's administrator for the police area's own people, rows and mail.
 */
const explicit: Record<(typeof demoAccounts)[number]['key'], { personer: boolean; logg: boolean; utkorg: boolean }> = {
  admin: { personer: true, logg: true, utkorg: true },
  coordinator: { personer: false, logg: false, utkorg: false },
  police: { personer: false, logg: false, utkorg: false },
  policeChief: { personer: true, logg: true, utkorg: true },
  partner: { personer: false, logg: false, utkorg: false },
  streetUnit: { personer: false, logg: false, utkorg: false },
  volunteerCoordinator: { personer: false, logg: false, utkorg: false },
  volunteer: { personer: false, logg: false, utkorg: false },
};

function staffMenuPaths(html: string): string[] {
  const nav = /<nav class="staff-nav"[^>]*>([\s\S]*?)<\/nav>/.exec(html)?.[1] ?? '';
  return [...nav.matchAll(/href="\/vallentuna\/([^"]*)"/g)].map((m) => m[1]!).sort();
}

describe.each(dialects)('what each demo role sees on %s', (dialect) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(dialect);
  });
  afterAll(async () => t.close());

  it.each(demoAccounts.map((a) => [a.key, a] as const))('%s sees exactly the admin pages it may open', async (_key, account) => {
    const client = new TestClient(t.app);
    await client.signIn(account.email);
    const home = await client.get('/vallentuna/admin');
    expect(home.statusCode).toBe(200);
    const menu = staffMenuPaths(home.body);
    expect(menu).toContain('admin');

    for (const [page, allowed] of Object.entries(explicit[account.key])) {
      expect(menu.includes(`admin/${page}`), `${account.key} menu ${page}`).toBe(allowed);
      const response = await client.get(`/vallentuna/admin/${page}`);
      expect(response.statusCode, `${account.key} GET admin/${page}`).toBe(allowed ? 200 : 404);
    }

    for (const path of adminPages) {
      const response = await client.get(`/vallentuna/${path}`);
      if (menu.includes(path)) {
        // A menu entry opens a page, or forwards to one (never to the sign-in page).
        const opens = response.statusCode === 200 || (response.statusCode === 303 && !String(response.headers.location).startsWith('/logga-in'));
        expect(opens, `${account.key} may open ${path} (got ${response.statusCode})`).toBe(true);
      }
      else expect([403, 404], `${account.key} must not open ${path}`).toContain(response.statusCode);
    }
  });

  it('sends someone who is not signed in to the sign-in page from every admin page', async () => {
    const client = new TestClient(t.app);
    for (const path of adminPages) {
      const response = await client.get(`/vallentuna/${path}`);
      expect(response.statusCode, path).toBe(303);
      expect(response.headers.location).toMatch(/^\/logga-in\?/);
    }
  });
});
