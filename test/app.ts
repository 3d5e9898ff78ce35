// A running app on a real database, for HTTP tests with app.inject and browser journeys.
import { expect } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { demoPassword } from '../src/platform/auth/passwords.js';
import { buildServer } from '../src/app/server.js';
import { seedDemo } from '../src/platform/demo.js';
import type { Dialect } from '../src/platform/db/database.js';
import type { ModuleManifest } from '../src/platform/module.js';
import { createTestContext, testConfig, type TestContext } from './databases.js';
import pino from 'pino';
import { createAppContext } from '../src/app/context.js';
import type { AppContext } from '../src/platform/context.js';
import { openDatabase } from '../src/platform/db/database.js';

export interface TestApp {
  app: FastifyInstance;
  ctx: TestContext;
  close(): Promise<void>;
}

/** `modules` replaces the test modules (test/modules.ts), e.g. to add a probe manifest to them. */
export async function createTestApp(dialect: Dialect, options: { demo?: boolean; config?: Record<string, string>; modules?: readonly ModuleManifest[] } = {}): Promise<TestApp> {
  const ctx = await createTestContext(dialect, options.config, options.modules ? { modules: options.modules } : {});
  if (options.demo !== false) await seedDemo(ctx);
  return { ...(await serve(ctx, () => ctx.destroy())), ctx };
}

/** The server for a context, ready for requests; `close` stops it, then `release` frees the database. */
async function serve<C extends AppContext>(ctx: C, release: () => Promise<void>): Promise<{ app: FastifyInstance; ctx: C; close(): Promise<void> }> {
  const app = await buildServer(ctx);
  await app.ready();
  return {
    app,
    ctx,
    async close() {
      await app.close();
      await release();
    },
  };
}

/**
 * Another instance of the app on `first`'s database, as a second server behind the same load
 * balancer would run it: its own context, caches and connections, the same modules.
 */
export async function createSecondInstance(first: TestApp): Promise<{ app: FastifyInstance; ctx: AppContext; close(): Promise<void> }> {
  const database = openDatabase(first.ctx.databaseUrl, { poolSize: 2 });
  const ctx = createAppContext(testConfig({ DATABASE_URL: first.ctx.databaseUrl }), pino({ level: 'silent' }), database, first.ctx.registry.modules);
  return serve(ctx, () => database.close());
}

/** The counts on a person's staff overview in a kommun, by message key (signs them in first). */
export async function staffOverviewCountsOf(app: FastifyInstance, email: string, slug: string): Promise<Record<string, number>> {
  const client = new TestClient(app);
  await client.signIn(email);
  const page = await client.get(`/${slug}/admin`);
  expect(page.statusCode).toBe(200);
  return Object.fromEntries([...page.body.matchAll(/data-overview="([^"]+)" data-count="(\d+)"/g)].map((m) => [m[1]!, Number(m[2])]));
}

/** Cookie jar for app.inject: keeps what the server set, like a browser would. */
export class CookieJar {
  readonly cookies = new Map<string, string>();
  store(setCookie: string | string[] | undefined): void {
    for (const header of Array.isArray(setCookie) ? setCookie : setCookie ? [setCookie] : []) {
      const [pair] = header.split(';');
      const index = pair?.indexOf('=') ?? -1;
      if (!pair || index < 0) continue;
      const name = pair.slice(0, index).trim();
      const value = pair.slice(index + 1).trim();
      if (value === '' || /max-age=0|expires=thu, 01 jan 1970/i.test(header)) this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
  }
  header(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }
}

/** A browser-like client for app.inject with cookies and CSRF tokens taken from the pages. */
export class TestClient {
  readonly jar = new CookieJar();
  constructor(readonly app: FastifyInstance) {}

  async get(url: string, headers: Record<string, string> = {}) {
    const response = await this.app.inject({ method: 'GET', url, headers: { cookie: this.jar.header(), ...headers } });
    this.jar.store(response.headers['set-cookie']);
    return response;
  }

  /** Loads `pageUrl`, takes the CSRF token of its first form, and posts `fields` to `action`. */
  async submitForm(pageUrl: string, action: string, fields: Record<string, string>) {
    const page = await this.get(pageUrl);
    const token = csrfTokenFrom(page.body);
    return this.post(action, { ...fields, _csrf: token });
  }

  async post(url: string, fields: Record<string, string>) {
    const response = await this.app.inject({
      method: 'POST',
      url,
      headers: { cookie: this.jar.header(), 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams(fields).toString(),
    });
    this.jar.store(response.headers['set-cookie']);
    return response;
  }

  async signIn(email: string, password = demoPassword) {
    const response = await this.submitForm('/logga-in', '/logga-in', { email, password });
    if (response.statusCode !== 303) throw new Error(`sign-in of ${email} failed with ${response.statusCode}`);
    return response;
  }
}

export function csrfTokenFrom(html: string): string {
  const match = /name="_csrf" value="([^"]+)"/.exec(html);
  if (!match?.[1]) throw new Error('no CSRF token in page');
  return match[1];
}
