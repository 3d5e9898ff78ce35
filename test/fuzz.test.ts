// Property-based fuzzing of every route the app registers, on SQLite and PostgreSQL, anonymous
// and signed in (with a valid CSRF token, so that validation is really reached). Junk path
// parameters, query strings, form bodies (malformed UTF-8, huge values, arrays,
// prototype-pollution keys), JSON, wrong content types and oversized bodies.
// Properties: never a 5xx; a rejected (4xx) request leaves every table as it was, apart from
// bookkeeping tables (sessions, rate limits, sign-in back-off); Object.prototype is never polluted.
import { createHash } from 'node:crypto';
import fc from 'fast-check';
import type { FastifyInstance, InjectOptions } from 'fastify';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemo } from '../src/platform/demo.js';
import { recordingRoutes, testModules, type RecordedRoute } from './modules.js';
import { buildServer } from '../src/app/server.js';
import type { Dialect } from '../src/platform/db/database.js';
import { CookieJar, csrfTokenFrom } from './app.js';
import { createTestContext, dialects, type TestContext } from './databases.js';
import { demoPassword } from '../src/platform/auth/passwords.js';

/** Runs per (dialect × identity); FUZZ_RUNS raises it for a longer local hunt. */
const runs = Number(process.env.FUZZ_RUNS ?? 200);
const uploadMaxBytes = 20_000;

/** Tables that may legitimately change on a rejected request. */
const bookkeeping = new Set(['sessions', 'rate_limits', 'sign_in_throttles', 'kysely_migration', 'kysely_migration_lock']);

type Route = RecordedRoute;

async function tableNames(ctx: TestContext): Promise<string[]> {
  const result =
    ctx.dialect === 'sqlite'
      ? await sql<{ name: string }>`select name from sqlite_master where type = 'table' and name not like 'sqlite_%'`.execute(ctx.db)
      : await sql<{ name: string }>`select tablename as name from pg_tables where schemaname = current_schema()`.execute(ctx.db);
  return result.rows.map((r) => r.name).filter((name) => !bookkeeping.has(name)).sort();
}

/**
 * What every table holds, as one digest per table (rows serialised and sorted). Comparing
 * contents, not counts, also catches a refused request that changed a row in place.
 */
async function tableContents(ctx: TestContext, tables: string[]): Promise<Record<string, string>> {
  const contents: Record<string, string> = {};
  for (const table of tables) {
    const result = await sql<Record<string, unknown>>`select * from ${sql.table(table)}`.execute(ctx.db);
    const rows = result.rows.map((row) => JSON.stringify(row, (_key, value: unknown) => (value instanceof Uint8Array ? createHash('sha256').update(value).digest('hex') : value))).sort();
    contents[table] = `${rows.length}:${createHash('sha256').update(rows.join('\n')).digest('hex')}`;
  }
  return contents;
}

// ---- arbitraries -------------------------------------------------------------------------

const nastyStrings = [
  '',
  ' ',
  '%',
  '%ff',
  '%E0%A4%A',
  '%00',
  '%C0%AF',
  '..',
  '%2e%2e',
  '%2F',
  'a%2Fb',
  '__proto__',
  'constructor',
  'prototype',
  '<script>alert(1)</script>',
  "' or 1=1 --",
  '"; drop table users; --',
  '\u0000',
  '\uFFFF',
  '\uD800',
  'x'.repeat(250),
  '0',
  '-1',
  '1e309',
  'NaN',
  'true',
  'null',
  '[]',
  '{}',
  '00000000-0000-0000-0000-000000000000',
];

const text = fc.oneof(
  { weight: 3, arbitrary: fc.string({ maxLength: 30 }) },
  { weight: 2, arbitrary: fc.string({ unit: 'grapheme', maxLength: 20 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 20 }) },
  { weight: 2, arbitrary: fc.constantFrom(...nastyStrings) },
  { weight: 1, arbitrary: fc.uuid().map(String) },
  { weight: 1, arbitrary: fc.integer().map(String) },
  { weight: 1, arbitrary: fc.double().map(String) },
  { weight: 1, arbitrary: fc.integer({ min: 1000, max: 120_000 }).map((n) => 'å'.repeat(n)) },
);

/** Percent-encodes any string byte by byte (encodeURIComponent throws on lone surrogates). */
function pct(value: string): string {
  let out = '';
  for (const byte of Buffer.from(value, 'utf8')) {
    const c = String.fromCharCode(byte);
    out += /[A-Za-z0-9\-_.~]/.test(c) ? c : `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}

/** A path segment: mostly encoded text, sometimes raw broken escapes. */
const segment = fc.oneof(
  { weight: 4, arbitrary: text.map((s) => pct(s.slice(0, 300)).slice(0, 400)) },
  { weight: 1, arbitrary: fc.constantFrom('%', '%ff', '%E0%A4%A', '%00', '..', '%2e%2e', 'a%2Fb', '%C0%AF') },
);

// The kernel's own field names; each module adds its forms' fields and sample values in its
// manifest (testing.fuzzHints), so a new module's forms are reached without editing this file.
const fuzzHints: Record<string, string[]> = {};
for (const module of testModules) {
  for (const [name, values] of Object.entries(module.testing?.fuzzHints ?? {})) fuzzHints[name] = [...(fuzzHints[name] ?? []), ...values];
}
const fieldNames = [
  ...Object.keys(fuzzHints),
  '_csrf', 'title', 'kind', 'email', 'password', 'code', 'name', 'role', 'status', 'description', 'lat', 'lon', 'polygon', 'tillbaka',
  'kommun', 'q', 'cursor', 'id', 'published', 'language', 'phone', 'message', 'organisationId', 'userId',
  '__proto__', '__proto__[polluted]', 'constructor[prototype][polluted]', 'constructor', 'prototype', 'a[]', 'toString', 'hasOwnProperty',
];
const fieldName = fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...fieldNames) }, { weight: 1, arbitrary: fc.string({ maxLength: 12 }) });
const hintedValues = Object.values(fuzzHints).flat();
const fieldValue = hintedValues.length > 0 ? fc.oneof({ weight: 3, arbitrary: text }, { weight: 1, arbitrary: fc.constantFrom(...hintedValues) }) : text;
const fields = fc.array(fc.tuple(fieldName, fieldValue), { maxLength: 8 });

const queryString = fc.oneof(
  { weight: 2, arbitrary: fc.constant('') },
  {
    weight: 3,
    arbitrary: fc
      .array(fc.tuple(fieldName, text), { maxLength: 5 })
      .map((pairs) => `?${pairs.map(([k, v]) => `${pct(k)}=${pct(v)}`).join('&')}`),
  },
  { weight: 1, arbitrary: fc.constantFrom('?%', '?a=%ff', '?cursor=%E0%A4%A', '?__proto__[x]=1', '?a[]=1&a[]=2', '?&&==', '?cursor=' + 'A'.repeat(3000)) },
);

type BodyKind = 'none' | 'form' | 'form-bytes' | 'json' | 'json-raw' | 'wrong-type' | 'multipart' | 'huge';

const body = fc.oneof(
  fc.constant({ kind: 'none' as BodyKind }),
  fields.map((f) => ({ kind: 'form' as BodyKind, fields: f })),
  fc.uint8Array({ maxLength: 200 }).map((bytes) => ({ kind: 'form-bytes' as BodyKind, bytes })),
  fc.dictionary(fc.constantFrom(...fieldNames), fc.oneof(text, fc.integer(), fc.boolean(), fc.constant(null), fc.array(text, { maxLength: 3 }), fc.object({ maxDepth: 2 })), { maxKeys: 6 }).map((json) => ({ kind: 'json' as BodyKind, json })),
  fc.constantFrom('{"__proto__":{"polluted":1}}', '{"constructor":{"prototype":{"polluted":1}}}', '{"a":', '[]', 'null', '"x"', '1', '{"title":{"$gt":""}}').map((raw) => ({ kind: 'json-raw' as BodyKind, raw })),
  fc.tuple(fc.constantFrom('text/plain', 'application/xml', 'multipart/form-data', 'application/x-www-form-urlencoded; charset=iso-8859-1', 'application/octet-stream', 'image/png', 'application/json; charset=utf-16'), fc.string({ maxLength: 50 })).map(([contentType, raw]) => ({ kind: 'wrong-type' as BodyKind, contentType, raw })),
  fc.tuple(fields, fc.option(fc.uint8Array({ minLength: 1, maxLength: 40_000 }))).map(([f, file]) => ({ kind: 'multipart' as BodyKind, fields: f, file })),
  fc.integer({ min: 300_000, max: 400_000 }).map((size) => ({ kind: 'huge' as BodyKind, size })),
);

type Body = { kind: BodyKind; fields?: [string, string][]; bytes?: Uint8Array; json?: unknown; raw?: string; contentType?: string; file?: Uint8Array | null; size?: number };

function buildRequest(route: Route, params: Record<string, string>, query: string, b: Body, csrf: string, cookie: string): InjectOptions {
  const path = route.url.replace(/:([A-Za-z0-9_]+)/g, (_, name: string) => params[name] ?? 'x').replace(/\*$/, params['*'] ?? '');
  const headers: Record<string, string> = { cookie };
  const unsafe = route.method !== 'GET';
  const token = unsafe ? csrf : '';
  const url = path + query;
  let payload: string | Buffer | undefined;
  switch (b.kind) {
    case 'none':
      break;
    case 'form': {
      const form = new URLSearchParams();
      if (token) form.append('_csrf', token);
      for (const [k, v] of b.fields ?? []) form.append(k, v);
      headers['content-type'] = 'application/x-www-form-urlencoded';
      payload = form.toString();
      break;
    }
    case 'form-bytes':
      headers['content-type'] = 'application/x-www-form-urlencoded';
      payload = Buffer.concat([Buffer.from(`_csrf=${encodeURIComponent(token)}&title=`), Buffer.from(b.bytes ?? [])]);
      break;
    case 'json':
      headers['content-type'] = 'application/json';
      headers['x-csrf-token'] = token;
      payload = JSON.stringify(b.json);
      break;
    case 'json-raw':
      headers['content-type'] = 'application/json';
      headers['x-csrf-token'] = token;
      payload = b.raw ?? '';
      break;
    case 'wrong-type':
      headers['content-type'] = b.contentType ?? 'text/plain';
      headers['x-csrf-token'] = token;
      payload = b.raw ?? '';
      break;
    case 'multipart': {
      const boundary = '----samtryggfuzz';
      // Multipart forms carry the token as their first part (see Form in components.tsx).
      const parts: Buffer[] = token ? [Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="_csrf"\r\n\r\n${token}\r\n`)] : [];
      for (const [k, v] of b.fields ?? []) {
        parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${k.replace(/["\r\n]/g, '')}"\r\n\r\n${v}\r\n`));
      }
      if (b.file) {
        parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="image"; filename="x.png"\r\nContent-Type: image/png\r\n\r\n`), Buffer.from(b.file), Buffer.from('\r\n'));
      }
      parts.push(Buffer.from(`--${boundary}--\r\n`));
      headers['content-type'] = `multipart/form-data; boundary=${boundary}`;
      payload = Buffer.concat(parts);
      break;
    }
    case 'huge':
      headers['content-type'] = 'application/x-www-form-urlencoded';
      payload = `_csrf=${encodeURIComponent(token)}&body=${'x'.repeat(b.size ?? 300_000)}`;
      break;
  }
  return { method: route.method as InjectOptions['method'], url, headers, ...(payload !== undefined && route.method !== 'GET' ? { payload } : {}) };
}

function describeRequest(options: InjectOptions): string {
  const payload = options.payload;
  const shown = typeof payload === 'string' ? payload.slice(0, 300) : Buffer.isBuffer(payload) ? `<${payload.length} bytes> ${payload.subarray(0, 200).toString('latin1')}` : '';
  const headers = { ...(options.headers as Record<string, string>) };
  delete headers.cookie;
  return `${String(options.method)} ${String(options.url).slice(0, 300)} ${JSON.stringify(headers)} ${shown}`;
}

describe.each(dialects)('fuzzing every route on %s', (dialect: Dialect) => {
  let ctx: TestContext;
  let app: FastifyInstance;
  const routes: Route[] = [];
  let tables: string[];
  const known: Record<string, string[]> = {};

  beforeAll(async () => {
    ctx = await createTestContext(dialect, { UPLOAD_MAX_BYTES: String(uploadMaxBytes) }, { modules: recordingRoutes(testModules, routes) });
    const seed = await seedDemo(ctx);
    app = await buildServer(ctx);
    await app.ready();
    tables = await tableNames(ctx);
    // Real values for parameters, so that some requests reach deep into the handlers.
    known.kommun = ['vallentuna'];
    for (const [name, values] of Object.entries(fuzzHints)) known[name] = [...values];
    known.id = [...Object.values(seed.places), ...Object.values(seed.users)].slice(0, 10);
    known.userId = Object.values(seed.users);
    known.membershipId = (await ctx.db.selectFrom('memberships').select('id').limit(10).execute()).map((r) => r.id);
  }, 120_000);

  const statuses = new Map<string, number>();

  afterAll(async () => {
    // FUZZ_STATS=1 shows which answers the runs got, to check that validation is reached.
    if (process.env.FUZZ_STATS) console.log(dialect, [...statuses].sort().map(([k, n]) => `${k}: ${n}`).join('\n'));
    await app?.close();
    await ctx?.destroy();
  });

  it('registers routes to fuzz', () => {
    expect(routes.length).toBeGreaterThan(10);
    expect(routes.some((r) => r.method === 'POST')).toBe(true);
  });

  it('refuses a multipart body where no file is taken (415), and one without a boundary as a bad request, not a server error', async () => {
    const response = await app.inject({ method: 'POST', url: '/logga-in', headers: { 'content-type': 'multipart/form-data' }, payload: 'x' });
    expect(response.statusCode).toBe(415);
    const jar = new CookieJar();
    const signInPage = await app.inject('/logga-in');
    jar.store(signInPage.headers['set-cookie']);
    const signedIn = await app.inject({
      method: 'POST',
      url: '/logga-in',
      headers: { cookie: jar.header(), 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams({ _csrf: csrfTokenFrom(signInPage.body), email: 'admin@vallentuna.example', password: demoPassword }).toString(),
    });
    jar.store(signedIn.headers['set-cookie']);
    const token = csrfTokenFrom((await app.inject({ url: '/vallentuna/admin', headers: { cookie: jar.header() } })).body);
    const uploadRoute = routes.find((r) => r.upload && r.method === 'POST' && r.url.split(':').length === 2);
    expect(uploadRoute, 'an upload route with only the kommun as parameter').toBeDefined();
    const upload = await app.inject({
      method: 'POST',
      url: uploadRoute!.url.replace(':kommun', 'vallentuna'),
      headers: { cookie: jar.header(), 'content-type': 'multipart/form-data', 'x-csrf-token': token },
      payload: 'x',
    });
    expect(upload.statusCode).toBe(400);
  });

  // Anonymous, and signed in as roles with different rights, each with a valid CSRF token so that
  // validation and permission checks are really reached.
  const identities = [
    { name: 'anonymous', email: null },
    { name: 'signed-in administrator', email: 'admin@vallentuna.example' },
    { name: 'signed-in coordinator', email: 'samordnare@vallentuna.example' },
    { name: 'signed-in volunteer', email: 'volontar@vallentuna.example' },
  ] as const;
  for (const { name: identity, email } of identities) {
    it(`never answers 5xx nor half-stores a rejected request (${identity})`, async () => {
      const jar = new CookieJar();
      const get = async (url: string) => {
        const response = await app.inject({ method: 'GET', url, headers: { cookie: jar.header() } });
        jar.store(response.headers['set-cookie']);
        return response;
      };
      const signInPage = await get('/logga-in');
      let csrf = csrfTokenFrom(signInPage.body);
      if (email !== null) {
        const response = await app.inject({
          method: 'POST',
          url: '/logga-in',
          headers: { cookie: jar.header(), 'content-type': 'application/x-www-form-urlencoded' },
          payload: new URLSearchParams({ _csrf: csrf, email, password: demoPassword }).toString(),
        });
        expect(response.statusCode).toBe(303);
        jar.store(response.headers['set-cookie']);
        csrf = csrfTokenFrom((await get('/vallentuna/admin')).body);
      }
      const cookie = jar.header();
      // Signing out would end the signed-in half early; it is fuzzed anonymously.
      const targets = routes.filter((r) => email === null || r.url !== '/logga-ut');

      const paramValue = (name: string) =>
        fc.oneof(
          { weight: 3, arbitrary: fc.constantFrom(...(known[name]?.length ? known[name] : ['vallentuna'])) },
          { weight: 2, arbitrary: segment },
        );
      const request = fc.constantFrom(...targets).chain((route) => {
        const names = [...route.url.matchAll(/:([A-Za-z0-9_]+)/g)].map((m) => m[1]!);
        if (route.url.endsWith('*')) names.push('*');
        return fc.record({
          route: fc.constant(route),
          params: fc.record(Object.fromEntries(names.map((n) => [n, paramValue(n)]))) as fc.Arbitrary<Record<string, string>>,
          query: queryString,
          body: body as fc.Arbitrary<Body>,
        });
      });

      await fc.assert(
        fc.asyncProperty(request, async ({ route, params, query, body: b }) => {
          const options = buildRequest(route, params, query, b, csrf, cookie);
          const before = await tableContents(ctx, tables);
          const response = await app.inject(options);
          const key = `${response.statusCode} ${route.method} ${route.url}`;
          statuses.set(key, (statuses.get(key) ?? 0) + 1);
          const where = `${route.method} ${route.url} → ${response.statusCode}\n${describeRequest(options)}\n${response.body.slice(0, 500)}`;
          expect(response.statusCode, where).toBeLessThan(500);
          expect(({} as Record<string, unknown>).polluted, where).toBeUndefined();
          if (response.statusCode >= 400) {
            expect(await tableContents(ctx, tables), where).toEqual(before);
          }
        }),
        // Every run must happen: no time limit that would quietly cut the property short.
        { numRuns: runs, endOnFailure: true },
      );
    }, 300_000);
  }
});
