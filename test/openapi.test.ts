// The OpenAPI document at /api/openapi.json: accepted by a standard linter (Redocly CLI with its
// recommended-strict rules, every rule an error), complete (every /api route the app registers is
// in it), and true to the zod schemas the routes parse with. The reference page at /api shows it.
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemo } from '../src/platform/demo.js';
import { recordingRoutes, testModules, type RecordedRoute } from './modules.js';
import { buildServer } from '../src/app/server.js';
import type { OpenApiDocument } from '../src/platform/api/openapi.js';
import { TestClient } from './app.js';
import { createTestContext, type TestContext } from './databases.js';

interface LintProblem {
  ruleId: string;
  severity: string;
  message: string;
  location: { pointer: string }[];
}

/** Redocly CLI (devDependency @redocly/cli, pinned), run as its own process as in a terminal; it needs no network. */
async function lint(document: unknown): Promise<{ totals: { errors: number; warnings: number }; problems: LintProblem[] }> {
  let manifest: string;
  try {
    manifest = createRequire(import.meta.url).resolve('@redocly/cli/package.json');
  } catch {
    throw new Error('The OpenAPI document is linted with the devDependency @redocly/cli (2.77.0): run npm ci');
  }
  const { bin } = JSON.parse(await readFile(manifest, 'utf8')) as { bin: { redocly: string } };
  const dir = await mkdtemp(join(tmpdir(), 'samtrygg-openapi-'));
  try {
    const file = join(dir, 'openapi.json');
    await writeFile(file, JSON.stringify(document));
    const args = [join(dirname(manifest), bin.redocly), 'lint', file, '--extends', 'recommended-strict', '--format', 'json'];
    // No telemetry or update check: the tests make no calls to the outside.
    const env = { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true', NO_COLOR: '1' };
    const stdout = await promisify(execFile)(process.execPath, args, { env, maxBuffer: 16 * 1024 * 1024 }).then(
      (done) => done.stdout,
      // The linter exits non-zero when it finds errors; its report is still on stdout.
      (error: { stdout?: string }) => error.stdout ?? '',
    );
    return JSON.parse(stdout) as { totals: { errors: number; warnings: number }; problems: LintProblem[] };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

function problemsOf(report: { problems: LintProblem[] }): string[] {
  return report.problems.map((p) => `${p.ruleId} at ${p.location[0]?.pointer ?? '?'}: ${p.message}`);
}

describe('the OpenAPI document', () => {
  let ctx: TestContext;
  let app: FastifyInstance;
  const routes: RecordedRoute[] = [];
  let swedish: OpenApiDocument;
  let english: OpenApiDocument;

  beforeAll(async () => {
    // A real address: the linter (rightly) refuses a server on localhost.
    ctx = await createTestContext('sqlite', { PUBLIC_URL: 'https://trygghet.vallentuna.se' }, { modules: recordingRoutes(testModules, routes) });
    await seedDemo(ctx);
    app = await buildServer(ctx);
    await app.ready();
    const response = await app.inject('/api/openapi.json');
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toContain('application/json');
    swedish = response.json();
    const reader = new TestClient(app);
    await reader.get('/sprak?till=en&tillbaka=%2F');
    english = (await reader.get('/api/openapi.json')).json();
  }, 60_000);
  afterAll(async () => {
    await app?.close();
    await ctx?.destroy();
  });

  it('is OpenAPI 3.1 that Redocly’s linter accepts with every rule as an error, in Swedish and in English', async () => {
    expect(swedish.openapi).toMatch(/^3\.1\.\d+$/);
    for (const document of [swedish, english]) {
      const report = await lint(document);
      expect(problemsOf(report)).toEqual([]);
      expect(report.totals).toMatchObject({ errors: 0, warnings: 0 });
    }
    expect(swedish.info.title).toBe('Samtryggs API');
    expect(english.info.title).toBe('Samtrygg API');
  }, 60_000);

  it('is checked by a linter that does refuse a broken description', async () => {
    const broken = structuredClone(swedish);
    const listNews = broken.paths['/api/v1/{kommun}/news']!.get!;
    listNews.parameters = listNews.parameters.filter((p) => p.name !== 'kommun');
    broken.paths['/api/v1/{kommun}/news/{slug}']!.get!.operationId = 'listNews';
    const report = await lint(broken);
    expect(report.problems.map((p) => p.ruleId).sort()).toEqual(['operation-operationId-unique', 'path-parameters-defined']);
  }, 60_000);

  it('describes every /api route the app registers, and nothing else', () => {
    const described = Object.entries(swedish.paths).flatMap(([path, item]) => Object.keys(item).map((method) => `${method.toUpperCase()} ${path}`));
    const registered = routes
      .filter((r) => r.url.startsWith('/api/v1/'))
      .map((r) => `${r.method} ${r.url.replace(/:([A-Za-z0-9_]+)/g, '{$1}')}`);
    expect(registered.length).toBeGreaterThan(5);
    expect(described.sort()).toEqual([...new Set(registered)].sort());
  });

  it('shows the description as a page, in the reader’s language, without scripts of its own', async () => {
    const page = await app.inject('/api');
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('<html lang="sv"');
    expect(page.body).toContain('<h1 class="ds-heading" data-size="lg">API-referens</h1>');
    expect(page.body).toContain('href="/api/openapi.json"');
    expect(page.body).toContain('<code>POST /api/v1/{kommun}/content</code>');
    expect(page.body).toContain('Skapa ett utkast till en nyhet eller sida');
    expect(page.body).toContain('Högst 200 tecken.');
    expect(page.body).toContain('data[].title');
    // Parameters say where they go; body fields have no such column.
    expect(page.body).toMatch(/<th scope="col">Var<\/th>/);
    expect(page.body).toMatch(/<th scope="row"><code>kommun<\/code><\/th><td>adressen<\/td>/);
    // The only script is the site's own module; the CSP allows no inline script.
    expect([...page.body.matchAll(/<script[^>]*>/g)].map((m) => m[0])).toEqual(['<script type="module" src="/assets/kernel/app.js">']);

    const reader = new TestClient(app);
    await reader.get('/sprak?till=en&tillbaka=%2Fapi');
    const inEnglish = await reader.get('/api');
    expect(inEnglish.body).toContain('<html lang="en"');
    expect(inEnglish.body).toContain('Create a draft news item or page');
    expect(inEnglish.body).toContain('At most 200 characters.');
  });
});
