import pino from 'pino';
import { createAppContext } from '../src/app/context.js';
import { loadConfig } from '../src/platform/config.js';
import { buildServer } from '../src/app/server.js';
import { openDatabase } from '../src/platform/db/database.js';
import { collectMigrations, migrateToLatest } from '../src/platform/db/migrate.js';
import { allModules } from '../src/app/modules.js';
import { seedDemo } from '../src/platform/demo.js';
import { reportsBenchScenario } from '../src/modules/reports/report.bench.js';
const url = 'sqlite::memory:';
const config = loadConfig({ NODE_ENV: 'development', LOG_LEVEL: 'silent', WORKERS: 'false', DATABASE_URL: url, TRUST_PROXY: '1' });
const database = openDatabase(url, { poolSize: 1 });
const ctx = createAppContext(config, pino({ level: 'silent' }), database);
await migrateToLatest(ctx.db, collectMigrations(allModules));
const seed = await seedDemo(ctx);
const coordinator = { userId: seed.users.coordinator!, name: 'x', email: 'x', isPlatformAdmin: false, kommunId: seed.kommunId, roles: [{ role: 'coordinator' as const, organisationId: seed.kommunId, organisationKind: 'kommun' as const, organisationName: 'V' }], grants: ctx.registry.grants };
await reportsBenchScenario.seed!(ctx, seed.kommunId, coordinator);
const app = await buildServer(ctx);
let cookie = '';
const get = async (path: string) => { const r = await app.inject({ url: path, headers: cookie ? { cookie } : {} }); const set = r.headers['set-cookie']; if (set && !cookie) cookie = (Array.isArray(set) ? set : [set]).map((c) => c.split(';')[0]).join('; '); return { html: r.body, cookie }; };
const post = reportsBenchScenario.posts![0]!;
const form = await post.form(async (p) => get(p));
for (const n of [1, 2]) {
  const r = await app.inject({ method: 'POST', url: form.path, headers: { cookie, 'content-type': 'application/x-www-form-urlencoded', 'x-forwarded-for': `10.0.0.${n}` }, payload: form.body(n) });
  console.log(n, r.statusCode, r.headers.location ?? r.body.match(/<h1[^>]*>(.*?)<\/h1>/)?.[1]);
}
await app.close();
