// `npm run bench [-- --postgres] [-- --duration 10]`: load test of the real app on a scratch
// database with realistic volume (the Vallentuna demo, 500 places, 50 staff accounts, and what each
// module's manifest seeds in its `bench` scenario, e.g. news's 1,000 published items). Three servers run side by side, each in its own child
// process so that none shares an event loop with autocannon; everything is on loopback:
// - the baselines (baseline-server.tsx): a bare Fastify JSON route, and every measured page
//   rendered by a bare Fastify route from data loaded once, with no hooks, session or queries;
// - the app as deployed (anonymous public pages cached for PAGE_CACHE_SECONDS, here 2 s);
// - the app with the page cache off, so public pages pay for their queries and rendering.
// Each page is measured on the three in turn, so the shares compare figures taken moments apart.
// A page whose scenario names a `latency` target is also measured on the app as deployed with
// that page's few connections (one person waiting, not a queue of 50): its own row and target.
// Results are machine-dependent: the shares of the baselines are what carries across machines.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import autocannon from 'autocannon';
import { sql } from 'kysely';
import pg from 'pg';
import pino from 'pino';
import { loadConfig } from '../src/platform/config.js';
import { createAppContext } from '../src/app/context.js';
import { demoAccounts, seedDemo } from '../src/platform/demo.js';
import { allModules } from '../src/app/modules.js';
import { collectMigrations, migrateToLatest } from '../src/platform/db/migrate.js';
import type { Actor } from '../src/platform/auth/index.js';
import { demoPassword, hashPassword } from '../src/platform/auth/passwords.js';
import { insertMembership, insertUser } from '../src/platform/auth/user.repository.js';
import { openDatabase } from '../src/platform/db/database.js';
import { newId } from '../src/platform/db/ids.js';
import { createPlace } from '../src/platform/places/index.js';
import type { BenchPage } from '../src/platform/module.js';
import type { BaselinePage } from './baseline-server.js';

const root = resolve(import.meta.dirname, '..');
const args = process.argv.slice(2);
const usePostgres = args.includes('--postgres');
const durationIndex = args.indexOf('--duration');
const duration = Math.min(60, Math.max(2, Number(durationIndex >= 0 ? args[durationIndex + 1] : 10) || 10));
const connections = 50;
// `--only staff`: measure only the pages whose name contains the text (the JSON baseline always).
const onlyIndex = args.indexOf('--only');
const only = onlyIndex >= 0 ? (args[onlyIndex + 1] ?? '') : '';
// `--profile dir`: the app servers and the baselines write V8 CPU profiles there (open them in Chrome's DevTools).
const profileIndex = args.indexOf('--profile');
const profileDir = profileIndex >= 0 ? resolve(args[profileIndex + 1] ?? 'bench-profiles') : undefined;
// Every URL is first loaded for warmUpSeconds before anything is measured, and again just before
// its own measurement: on a busy machine V8 takes several seconds to optimise a code path it has
// not run yet (the signed-in path, first used by the staff page), which the table is not about.
const warmUpSeconds = 3;
const pageCacheSeconds = '2';

async function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const server = createServer();
    server.once('error', fail);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => done(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

async function waitFor(url: string, child: ChildProcess, seconds = 120): Promise<void> {
  const deadline = Date.now() + seconds * 1000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode}`);
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${url} did not answer within ${seconds} s`);
}

function spawnNode(argv: string[], env: Record<string, string>): ChildProcess {
  return spawn(process.execPath, argv, { cwd: root, env: { PATH: process.env.PATH ?? '', ...env }, stdio: ['ignore', 'ignore', 'inherit'] });
}

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
  await exited;
  clearTimeout(timer);
}

const volume = { places: 500, staff: 50 };
const staffRoles = ['coordinator', 'administrator', 'police', 'volunteer_coordinator'] as const;

/** The demo, the kernel's volume (places, staff accounts) and each module's bench seed. */
async function seed(databaseUrl: string): Promise<void> {
  const config = loadConfig({ NODE_ENV: 'development', SAMTRYGG_DEMO: 'true', LOG_LEVEL: 'silent', WORKERS: 'false', DATABASE_URL: databaseUrl });
  const database = openDatabase(databaseUrl, { poolSize: 4 });
  const ctx = createAppContext(config, pino({ level: 'silent' }), database);
  try {
    await migrateToLatest(ctx.db, collectMigrations(allModules));
    const demo = await seedDemo(ctx);
    const kommunId = demo.kommunId;
    const coordinator: Actor = {
      userId: demo.users.coordinator!,
      name: 'Trygghetssamordnaren',
      email: demoAccounts[1].email,
      isPlatformAdmin: false,
      kommunId,
      roles: [{ role: 'coordinator', organisationId: kommunId, organisationKind: 'kommun', organisationName: 'Vallentuna kommun' }],
      grants: ctx.registry.grants,
    };
    for (const scenario of allModules.flatMap((m) => m.bench ?? [])) await scenario.seed?.(ctx, kommunId, coordinator);
    for (let i = 0; i < volume.places; i += 1) {
      await createPlace(
        ctx,
        null,
        kommunId,
        { name: `Plats ${i + 1}`, description: 'En plats i kommunen som nämnts i trygghetsarbetet.', lat: 59.5 + (i % 50) * 0.002, lon: 18.0 + Math.floor(i / 50) * 0.004, polygon: '' },
        { system: true },
      );
    }
    const passwordHash = await hashPassword(`${randomBytes(12).toString('hex')}-bench`);
    const now = new Date().toISOString();
    await ctx.db.transaction().execute(async (trx) => {
      for (let i = 0; i < volume.staff; i += 1) {
        const userId = newId();
        await insertUser(trx, { id: userId, email: `personal${i + 1}@vallentuna.example`, name: `Personal ${i + 1}`, passwordHash, status: 'active', isPlatformAdmin: false, isDemo: false, now });
        await insertMembership(trx, { id: newId(), userId, organisationId: kommunId, role: staffRoles[i % staffRoles.length]!, now });
      }
    });
    // A deployment's PostgreSQL has statistics from autovacuum; a bulk load seconds old may not,
    // and would be measured with the planner guessing. (The app never analyses SQLite.)
    if (ctx.dialect === 'postgres') await sql`analyze`.execute(ctx.db);
  } finally {
    await database.close();
  }
}

interface PageScenario {
  name: string;
  url: string;
  /** Signed in as this demo account (e-mail); signed-in pages never come from the page cache. */
  account?: string;
  /** Targets for the app as deployed (public pages: with the page cache on). */
  minRps?: number;
  maxP99?: number;
  /** Targets for the app with the page cache off. */
  uncached?: BenchPage['uncached'];
  /** A p99 target for the app as deployed with few connections (an extra row). */
  latency?: BenchPage['latency'];
  /** Public pages: req/s with the page cache off, at least this share of the page rendered bare. */
  minShareOfRender?: number;
  /** An API answer: no page to render bare. */
  json?: boolean;
}

/** Every anonymous page, with the page cache off, must make at least half of its bare render. */
const publicShareOfRender = 0.5;

/** The kernel's pages, then each module's (from its manifest's `bench`), found on the app at `base`. */
async function pageScenarios(base: string): Promise<PageScenario[]> {
  const get = async (path: string) => (await fetch(base + path)).text();
  const modulePages: PageScenario[] = [];
  for (const scenario of allModules.flatMap((m) => m.bench ?? [])) {
    for (const page of await scenario.pages(get)) {
      modulePages.push({ name: page.name, url: page.path, account: page.account, json: page.json, minRps: page.minRps, maxP99: page.maxP99, uncached: page.uncached, latency: page.latency, minShareOfRender: page.account || page.json ? undefined : publicShareOfRender });
    }
  }
  return [
    { name: 'kommun home /vallentuna/', url: '/vallentuna/', minRps: 3000, maxP99: 25, minShareOfRender: publicShareOfRender },
    { name: 'places /vallentuna/platser', url: '/vallentuna/platser', minShareOfRender: publicShareOfRender },
    ...modulePages,
    { name: 'staff page /vallentuna/admin (coordinator)', url: '/vallentuna/admin', account: demoAccounts[1].email, minRps: 3000 },
    { name: 'staff page /vallentuna/admin (administrator: every count)', url: '/vallentuna/admin', account: demoAccounts[0].email, minRps: 3000 },
  ];
}

function cookiePairs(response: Response): string[] {
  return response.headers.getSetCookie().map((c) => c.split(';')[0]!);
}

async function signInCookie(base: string, email: string): Promise<string> {
  const page = await fetch(`${base}/logga-in`);
  const html = await page.text();
  const token = /name="_csrf" value="([^"]+)"/.exec(html)?.[1];
  if (!token) throw new Error('no CSRF token on /logga-in');
  const response = await fetch(`${base}/logga-in`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: cookiePairs(page).join('; ') },
    body: new URLSearchParams({ _csrf: token, email, password: demoPassword }).toString(),
  });
  if (response.status !== 303) throw new Error(`sign-in as ${email} failed with ${response.status}`);
  return [...cookiePairs(page), ...cookiePairs(response)].join('; ');
}

type Server = 'json' | 'render' | 'insert' | 'uncached' | 'app' | 'latency';

const serverLabels: Record<Exclude<Server, 'latency'>, string> = {
  json: 'bare Fastify JSON route',
  render: 'page rendered bare',
  insert: 'bare form route + one INSERT',
  uncached: 'app, page cache off',
  app: 'app',
};

function serverLabel(m: Pick<Measured, 'server' | 'connections'>): string {
  return m.server === 'latency' ? `app, ${m.connections} connection${m.connections === 1 ? '' : 's'}` : serverLabels[m.server];
}

interface Measured {
  page: string;
  server: Server;
  rps: number;
  p50: number;
  p99: number;
  non2xx: number;
  errors: number;
  /** The connections autocannon held open: the bench's `connections`, or a latency row's few. */
  connections: number;
  /** req/s of this page rendered bare, and of the bare JSON route. */
  renderRps?: number;
  jsonRps: number;
  targets: string[];
  ok: boolean | undefined;
}

async function warmUp(url: string, headers: Record<string, string>, open = connections): Promise<void> {
  await autocannon({ url, connections: open, headers, duration: warmUpSeconds });
}

async function measure(url: string, headers: Record<string, string>, open = connections): Promise<Pick<Measured, 'rps' | 'p50' | 'p99' | 'non2xx' | 'errors' | 'connections'>> {
  const options = { url, connections: open, headers };
  await warmUp(url, headers, open);
  const result = await autocannon({ ...options, duration });
  return { rps: result.requests.average, p50: result.latency.p50, p99: result.latency.p99, non2xx: result.non2xx, errors: result.errors + result.timeouts, connections: open };
}

/** The targets a row is held to, and whether it met them (undefined: no target). */
function judge(row: Omit<Measured, 'targets' | 'ok'>, scenario: PageScenario): Pick<Measured, 'targets' | 'ok'> {
  const targets: string[] = [];
  let ok = true;
  if (row.server === 'app') {
    if (scenario.minRps) {
      targets.push(`≥ ${scenario.minRps} req/s`);
      ok &&= row.rps >= scenario.minRps;
    }
    if (scenario.maxP99) {
      targets.push(`p99 ≤ ${scenario.maxP99} ms`);
      ok &&= row.p99 <= scenario.maxP99;
    }
  }
  if (row.server === 'uncached' && scenario.uncached?.minRps) {
    targets.push(`≥ ${scenario.uncached.minRps} req/s`);
    ok &&= row.rps >= scenario.uncached.minRps;
  }
  if (row.server === 'uncached' && scenario.uncached?.maxP99) {
    targets.push(`p99 ≤ ${scenario.uncached.maxP99} ms`);
    ok &&= row.p99 <= scenario.uncached.maxP99;
  }
  if (row.server === 'latency' && scenario.latency) {
    if (scenario.latency.minRps) {
      // The wait holds at that throughput: these connections, flat out, reached it.
      targets.push(`≥ ${scenario.latency.minRps} req/s`);
      ok &&= row.rps >= scenario.latency.minRps;
    }
    targets.push(`p99 ≤ ${scenario.latency.maxP99} ms`);
    ok &&= row.p99 <= scenario.latency.maxP99;
  }
  if (row.server === 'uncached' && scenario.minShareOfRender && row.renderRps) {
    targets.push(`≥ ${Math.round(scenario.minShareOfRender * 100)} % of render`);
    ok &&= row.rps >= scenario.minShareOfRender * row.renderRps;
  }
  const clean = row.non2xx === 0 && row.errors === 0;
  return { targets, ok: targets.length > 0 ? ok && clean : clean ? undefined : false };
}

/**
 * Posts a fresh body per request (`body(n)`), each from its own address (X-Forwarded-For; the
 * app trusts one proxy here), and counts as accepted only the answers with `status`.
 */
async function measurePost(origin: string, path: string, headers: Record<string, string>, body: (n: number) => string, status: number, counter: { n: number }, open = connections) {
  const run = (seconds: number) =>
    autocannon({
      url: origin,
      connections: open,
      duration: seconds,
      requests: [
        {
          method: 'POST',
          path,
          headers: { ...headers, 'content-type': 'application/x-www-form-urlencoded' },
          setupRequest: (request) => {
            const n = (counter.n += 1);
            return { ...request, body: body(n), headers: { ...request.headers, 'x-forwarded-for': `10.${(n >> 16) & 255}.${(n >> 8) & 255}.${n & 255}` } };
          },
        },
      ],
    });
  await run(warmUpSeconds);
  const result = await run(duration);
  const stats = (result as unknown as { statusCodeStats?: Record<string, { count: number }> }).statusCodeStats ?? {};
  const accepted = stats[String(status)]?.count ?? 0;
  const total = Object.values(stats).reduce((sum, s) => sum + s.count, 0);
  return { rps: result.requests.average, p50: result.latency.p50, p99: result.latency.p99, non2xx: total - accepted, errors: result.errors + result.timeouts, connections: open };
}

function percent(part: number, whole: number | undefined): string {
  return whole ? `${((part / whole) * 100).toFixed(1)} %` : '—';
}

function table(rows: Measured[]): string {
  const header = ['page', 'server', 'req/s', 'p50 ms', 'p99 ms', 'of render', 'of JSON', 'target', 'result'];
  const lines = rows.map((m, i) => {
    const notes = m.non2xx || m.errors ? ` (${m.non2xx} non-2xx, ${m.errors} errors)` : '';
    const result = m.ok === undefined ? '' : m.ok ? 'pass' : m.targets.length > 0 ? 'MISS' : 'ERRORS';
    return [
      i > 0 && rows[i - 1]!.page === m.page ? '' : m.page,
      serverLabel(m),
      Math.round(m.rps).toLocaleString('en'),
      String(m.p50),
      String(m.p99),
      // A latency row's req/s is bounded by its few connections: no share to compare.
      m.server === 'json' || m.server === 'latency' ? '—' : percent(m.rps, m.renderRps),
      m.server === 'latency' ? '—' : percent(m.rps, m.jsonRps),
      m.targets.join(', ') || '—',
      result + notes,
    ];
  });
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i]!.length)));
  const format = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i]!)).join('  ').trimEnd();
  return [format(header), widths.map((w) => '-'.repeat(w)).join('  '), ...lines.map(format)].join('\n');
}

async function main(): Promise<number> {
  const dir = mkdtempSync(join(tmpdir(), 'samtrygg-bench-'));
  let databaseUrl = `sqlite:${join(dir, 'bench.sqlite')}`;
  let dropDatabase = async () => undefined as void;
  const children: ChildProcess[] = [];
  try {
    if (usePostgres) {
      const admin = process.env.TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
      const name = `samtrygg_bench_${randomBytes(5).toString('hex')}`;
      const client = new pg.Client({ connectionString: admin });
      await client.connect();
      await client.query(`create database ${name}`);
      await client.end();
      const url = new URL(admin);
      url.pathname = `/${name}`;
      databaseUrl = url.toString();
      dropDatabase = async () => {
        const c = new pg.Client({ connectionString: admin });
        await c.connect();
        await c.query(`drop database if exists ${name} with (force)`);
        await c.end();
      };
    }
    const seedStart = Date.now();
    process.stdout.write(`Seeding ${usePostgres ? 'PostgreSQL' : 'SQLite'}: ${[...allModules.flatMap((m) => m.bench ?? []).map((s) => s.volume), `${volume.places} places`, `${volume.staff} staff`].join(', ')}… `);
    await seed(databaseUrl);
    process.stdout.write(`${((Date.now() - seedStart) / 1000).toFixed(1)} s\n`);

    const startApp = async (cacheSeconds: string) => {
      const port = await freePort();
      const profile = profileDir ? ['--cpu-prof', '--cpu-prof-dir', profileDir] : [];
      const server = spawnNode([...profile, '--import', 'tsx', join(root, 'src/app/main.ts')], {
        NODE_ENV: 'development',
        SAMTRYGG_DEMO: 'true',
        DATABASE_URL: databaseUrl,
        PORT: String(port),
        HOST: '127.0.0.1',
        LOG_LEVEL: 'warn',
        WORKERS: 'false',
        PG_POOL_SIZE: '10',
        PAGE_CACHE_SECONDS: cacheSeconds,
        // Form posts come from many addresses (X-Forwarded-For), as from many residents.
        TRUST_PROXY: '1',
      });
      children.push(server);
      const base = `http://127.0.0.1:${port}`;
      await waitFor(`${base}/readyz`, server);
      return base;
    };
    const app = await startApp(pageCacheSeconds);
    const uncached = await startApp('0');
    const scenarios = (await pageScenarios(app)).filter((s) => s.name.includes(only));
    const cookies = new Map<string, string>();
    for (const email of new Set(scenarios.flatMap((s) => (s.account ? [s.account] : [])))) cookies.set(email, await signInCookie(app, email));
    const cookieOf = (s: PageScenario) => (s.account ? cookies.get(s.account) : undefined);

    const baselinePort = await freePort();
    // Only pages have a bare render; `baselineIndex` maps a scenario to its baseline page.
    const rendered = scenarios.filter((s) => !s.json);
    const baselineIndex = new Map(rendered.map((s, i) => [s, i]));
    const pages: BaselinePage[] = rendered.map((s) => ({ url: s.url, cookie: cookieOf(s) }));
    const baseline = spawnNode([...(profileDir ? ['--cpu-prof', '--cpu-prof-dir', profileDir] : []), '--import', 'tsx', join(root, 'bench/baseline-server.tsx')], { DATABASE_URL: databaseUrl, PORT: String(baselinePort), BENCH_PAGES: JSON.stringify(pages) });
    children.push(baseline);
    const baselineBase = `http://127.0.0.1:${baselinePort}`;
    await waitFor(`${baselineBase}/json`, baseline);

    // What each page is measured on: its bare render, the app with the page cache off (public
    // pages only; signed-in pages never come from the cache), the app as deployed, and, for a page
    // with a latency target, the app as deployed again with that target's few connections.
    type Target = [Server, string, Record<string, string>, number];
    const targetsOf = (scenario: PageScenario): Target[] => {
      const cookie = cookieOf(scenario);
      const index = baselineIndex.get(scenario);
      const appHeaders: Record<string, string> = cookie ? { cookie } : {};
      return [
        ...(index === undefined ? [] : [['render', `${baselineBase}/page/${index}`, {}, connections] as Target]),
        ...(cookie ? [] : [['uncached', uncached + scenario.url, {}, connections] as Target]),
        ['app', app + scenario.url, appHeaders, connections],
        ...(scenario.latency ? [['latency', app + scenario.url, appHeaders, scenario.latency.connections] as Target] : []),
      ];
    };
    process.stdout.write('  warming up every page on every server\n');
    await warmUp(`${baselineBase}/json`, {});
    for (const scenario of scenarios) for (const [server, url, headers] of targetsOf(scenario)) if (server !== 'latency') await warmUp(url, headers);

    const json = await measure(`${baselineBase}/json`, {});
    const rows: Measured[] = [{ page: 'baseline', server: 'json', ...json, jsonRps: json.rps, targets: [], ok: json.non2xx || json.errors ? false : undefined }];
    for (const scenario of scenarios) {
      let renderRps = 0;
      for (const [server, url, headers, open] of targetsOf(scenario)) {
        const measured = await measure(url, headers, open);
        if (server === 'render') renderRps = measured.rps;
        const row = { page: scenario.name, server, ...measured, renderRps, jsonRps: json.rps };
        rows.push({ ...row, ...judge(row, scenario) });
      }
      process.stdout.write(`  measured ${scenario.name}\n`);
    }

    // Form posts: the bare route parses the same body and makes one INSERT; the app does all it
    // does for a real post (CSRF, validation, rate limit, transaction with audit row).
    const posts = allModules.flatMap((m) => m.bench ?? []).flatMap((s) => s.posts ?? []).filter((p) => p.name.includes(only));
    for (const post of posts) {
      const page = async (path: string) => {
        const response = await fetch(app + path);
        return { html: await response.text(), cookie: cookiePairs(response).join('; ') };
      };
      const counter = { n: 0 };
      let cookie = '';
      // The form's page sets the CSRF cookie; later requests (challenges, say) set none.
      const form = await post.form(async (path) => {
        const answer = await page(path);
        if (answer.cookie) cookie = answer.cookie;
        return answer;
      });
      const bare = await measurePost(baselineBase, '/insert', {}, form.body, 200, counter);
      const bareRow = { page: post.name, server: 'insert' as const, ...bare, jsonRps: json.rps };
      rows.push({ ...bareRow, targets: [], ok: bare.non2xx || bare.errors ? false : undefined });
      const measured = await measurePost(app, form.path, { cookie }, form.body, post.status, counter);
      const row = { page: post.name, server: 'app' as const, ...measured, renderRps: bare.rps, jsonRps: json.rps };
      const scenario = { name: post.name, url: form.path, minRps: post.minRps, maxP99: post.maxP99, latency: post.latency };
      rows.push({ ...row, ...judge(row, scenario) });
      if (post.latency) {
        const few = await measurePost(app, form.path, { cookie }, form.body, post.status, counter, post.latency.connections);
        const fewRow = { page: post.name, server: 'latency' as const, ...few, jsonRps: json.rps };
        rows.push({ ...fewRow, ...judge(fewRow, scenario) });
      }
      process.stdout.write(`  measured ${post.name}\n`);
    }

    process.stdout.write(`\nSamtrygg on ${usePostgres ? 'PostgreSQL' : 'SQLite'}, ${connections} connections (a latency row: as many as it says), ${duration} s per row (every page warmed up first, and each row for ${warmUpSeconds} s before it is measured), Node ${process.version}\n`);
    process.stdout.write(`"of render": share of the same page rendered by a bare Fastify route from preloaded data; the rest is the kernel (hooks, session, queries). For a form post: share of a bare route that parses the same body and makes one INSERT.\n`);
    if (rows.some((m) => m.server === 'latency')) process.stdout.write(`"app, N connections": the app as deployed with only N connections, for a page's latency target (what one person waits; at ${connections} connections p99 is mostly queueing).\n`);
    process.stdout.write('\n');
    process.stdout.write(`${table(rows)}\n`);
    const [load] = loadavg();
    if (load !== undefined && load > availableParallelism()) {
      process.stdout.write(`\nWarning: load average ${load.toFixed(1)} on ${availableParallelism()} cores — other work competed for the CPU; the absolute figures are low, compare the shares.\n`);
    }
    const missed = rows.filter((m) => m.ok === false);
    process.stdout.write(missed.length === 0 ? '\nAll targets met.\n' : `\n${missed.length} row(s) missed a target or had errors.\n`);
    return missed.length === 0 ? 0 : 1;
  } finally {
    for (const child of children) await stop(child);
    await dropDatabase().catch(() => undefined);
    rmSync(dir, { recursive: true, force: true });
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`Benchmark failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  },
);
