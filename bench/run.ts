// `npm run bench [-- --postgres] [-- --duration 10]`: load test of the real app on a scratch
// database with realistic volume (the Vallentuna demo, 500 places, 50 staff accounts, and what each
// module's manifest seeds in its `bench` scenario). The app and a bare Fastify baseline each run in
// their own child process,
// so the server and autocannon do not share one event loop; everything is on loopback.
// Results are machine-dependent: compare each route with the baseline measured in the same run.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import autocannon from 'autocannon';
import pg from 'pg';
import pino from 'pino';
import { loadConfig } from '../src/platform/config.js';
import { createAppContext } from '../src/app/context.js';
import { demoAccounts, seedDemo } from '../src/platform/demo.js';
import { allModules } from '../src/app/modules.js';
import { collectMigrations } from '../src/platform/db/migrate.js';
import type { Actor } from '../src/platform/auth/index.js';
import { demoPassword, hashPassword } from '../src/platform/auth/passwords.js';
import { insertMembership, insertUser } from '../src/platform/auth/user.repository.js';
import { openDatabase } from '../src/platform/db/database.js';
import { newId } from '../src/platform/db/ids.js';
import { migrateToLatest } from '../src/platform/db/migrate.js';
import { createPlace } from '../src/platform/places/index.js';

const root = resolve(import.meta.dirname, '..');
const args = process.argv.slice(2);
const usePostgres = args.includes('--postgres');
const durationIndex = args.indexOf('--duration');
const duration = Math.min(60, Math.max(2, Number(durationIndex >= 0 ? args[durationIndex + 1] : 10) || 10));
const connections = 50;
const volume = { places: 500, staff: 50 };

interface Target {
  name: string;
  url: string;
  headers?: Record<string, string>;
  minRps?: number;
  maxP99?: number;
}

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
  const child = spawn(process.execPath, argv, { cwd: root, env: { PATH: process.env.PATH ?? '', ...env }, stdio: ['ignore', 'ignore', 'inherit'] });
  return child;
}

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
  await exited;
  clearTimeout(timer);
}

const staffRoles = ['coordinator', 'administrator', 'police', 'volunteer_coordinator'] as const;

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
  } finally {
    await database.close();
  }
}

function cookiePairs(response: Response): string[] {
  return response.headers.getSetCookie().map((c) => c.split(';')[0]!);
}

async function signInCookie(base: string): Promise<string> {
  const page = await fetch(`${base}/logga-in`);
  const html = await page.text();
  const token = /name="_csrf" value="([^"]+)"/.exec(html)?.[1];
  if (!token) throw new Error('no CSRF token on /logga-in');
  const response = await fetch(`${base}/logga-in`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: cookiePairs(page).join('; ') },
    body: new URLSearchParams({ _csrf: token, email: demoAccounts[1].email, password: demoPassword }).toString(),
  });
  if (response.status !== 303) throw new Error(`sign-in as the demo coordinator failed with ${response.status}`);
  return [...cookiePairs(page), ...cookiePairs(response)].join('; ');
}

interface Measured {
  target: Target;
  rps: number;
  p50: number;
  p99: number;
  non2xx: number;
  errors: number;
}

async function measure(base: string, target: Target): Promise<Measured> {
  const options = { url: base + target.url, connections, headers: target.headers ?? {} };
  await autocannon({ ...options, duration: 2 });
  const result = await autocannon({ ...options, duration });
  return { target, rps: result.requests.average, p50: result.latency.p50, p99: result.latency.p99, non2xx: result.non2xx, errors: result.errors + result.timeouts };
}

function table(rows: Measured[], baseline: number): string {
  const header = ['route', 'req/s', 'p50 ms', 'p99 ms', 'vs baseline', 'target', 'result'];
  const lines = rows.map((m) => {
    const targets: string[] = [];
    if (m.target.minRps) targets.push(`≥ ${m.target.minRps} req/s`);
    if (m.target.maxP99) targets.push(`p99 ≤ ${m.target.maxP99} ms`);
    const ok = (!m.target.minRps || m.rps >= m.target.minRps) && (!m.target.maxP99 || m.p99 <= m.target.maxP99) && m.non2xx === 0 && m.errors === 0;
    const result = m.target.minRps || m.target.maxP99 ? (ok ? 'pass' : 'MISS') : m.non2xx || m.errors ? 'ERRORS' : '';
    const notes = m.non2xx || m.errors ? ` (${m.non2xx} non-2xx, ${m.errors} errors)` : '';
    return [m.target.name, Math.round(m.rps).toLocaleString('en'), String(m.p50), String(m.p99), `${((m.rps / baseline) * 100).toFixed(1)} %`, targets.join(', ') || '—', result + notes];
  });
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i]!.length)));
  const format = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i]!)).join('  ');
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

    // The bare baseline: Fastify with one JSON route, nothing else, in its own process.
    const basePort = await freePort();
    const baseline = spawnNode(
      ['--input-type=module', '-e', `import Fastify from 'fastify'; const app = Fastify(); app.get('/json', async () => ({ hello: 'world' })); await app.listen({ port: ${basePort}, host: '127.0.0.1' });`],
      {},
    );
    children.push(baseline);
    await waitFor(`http://127.0.0.1:${basePort}/json`, baseline);

    // The app as deployed (anonymous public pages cached for PAGE_CACHE_SECONDS, default 2 s),
    // then the same app with the page cache off, so every row shows the cost of rendering too.
    const startApp = async (pageCacheSeconds: string) => {
      const appPort = await freePort();
      const server = spawnNode(['--import', 'tsx', join(root, 'src/app/main.ts')], {
        NODE_ENV: 'development',
        SAMTRYGG_DEMO: 'true',
        DATABASE_URL: databaseUrl,
        PORT: String(appPort),
        HOST: '127.0.0.1',
        LOG_LEVEL: 'warn',
        WORKERS: 'false',
        PG_POOL_SIZE: '10',
        PAGE_CACHE_SECONDS: pageCacheSeconds,
      });
      children.push(server);
      const base = `http://127.0.0.1:${appPort}`;
      await waitFor(`${base}/readyz`, server);
      return { server, base };
    };

    const baselineResult = await measure(`http://127.0.0.1:${basePort}`, { name: 'baseline: bare Fastify JSON', url: '/json' });
    await stop(baseline);
    const rows: Measured[] = [baselineResult];

    const cached = await startApp('2');
    const cookie = await signInCookie(cached.base);
    // The kernel's pages, then each module's scenario pages (from its manifest's `bench`).
    const get = async (path: string) => (await fetch(cached.base + path)).text();
    const modulePages: Target[] = [];
    for (const scenario of allModules.flatMap((m) => m.bench ?? [])) {
      for (const page of await scenario.pages(get)) modulePages.push({ name: page.name, url: page.path, minRps: page.minRps, maxP99: page.maxP99 });
    }
    const publicTargets: Target[] = [{ name: 'kommun home /vallentuna/', url: '/vallentuna/', minRps: 3000, maxP99: 25 }, { name: 'places /vallentuna/platser', url: '/vallentuna/platser' }, ...modulePages];
    const targets: Target[] = [...publicTargets, { name: 'staff page /vallentuna/admin', url: '/vallentuna/admin', headers: { cookie }, minRps: 1500 }];
    for (const target of targets) {
      rows.push(await measure(cached.base, target));
      process.stdout.write(`  measured ${target.name}\n`);
    }
    await stop(cached.server);

    const uncached = await startApp('0');
    for (const target of publicTargets) {
      const name = `${target.name} (no page cache)`;
      rows.push(await measure(uncached.base, { name, url: target.url }));
      process.stdout.write(`  measured ${name}\n`);
    }
    await stop(uncached.server);

    process.stdout.write(`\nSamtrygg on ${usePostgres ? 'PostgreSQL' : 'SQLite'}, ${connections} connections, ${duration} s per route (after 2 s warm-up), Node ${process.version}\n\n`);
    process.stdout.write(`${table(rows, baselineResult.rps)}\n`);
    const [load] = loadavg();
    if (load !== undefined && load > availableParallelism()) {
      process.stdout.write(`\nWarning: load average ${load.toFixed(1)} on ${availableParallelism()} cores — other work competed for the CPU; the absolute figures are low, compare the ratios.\n`);
    }
    const missed = rows.filter((m) => (m.target.minRps && m.rps < m.target.minRps) || (m.target.maxP99 && m.p99 > m.target.maxP99) || m.non2xx > 0 || m.errors > 0);
    process.stdout.write(missed.length === 0 ? '\nAll targets met.\n' : `\n${missed.length} route(s) missed a target or had errors.\n`);
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
