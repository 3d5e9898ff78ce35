// kommunRoute on a real app: the checks it makes before a handler runs, in order, and what it
// refuses to register. The routes here belong to a module made for the test.
import Fastify from 'fastify';
import { z } from 'zod';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, csrfTokenFrom, TestClient, type TestApp } from '../../../test/app.js';
import { testModules } from '../../../test/modules.js';
import { defineModule } from '../module.js';
import { idPattern } from '../db/ids.js';
import { registerApiCatalogue } from './api-catalogue.js';
import { ValidationError } from './errors.js';
import { kommunRoute, siteRoute } from './kommun-route.js';

const someId = '0190a000-0000-7000-8000-000000000000';

const probeModule = defineModule({
  name: 'probe',
  routes: (app) => {
    kommunRoute(
      app,
      { method: 'GET', url: '/:kommun/admin/prov/:id', permission: 'places.manage', params: z.object({ id: z.string().regex(idPattern) }), query: z.object({ n: z.coerce.number().int().default(1) }) },
      async ({ kommun, actor, params, query }) => ({ kommun: kommun.slug, user: actor.email, id: params.id, n: query.n }),
    );
    kommunRoute(
      app,
      {
        method: 'POST',
        url: '/:kommun/admin/prov',
        permission: 'places.manage',
        body: z.object({ name: z.string().trim().min(1).max(10), note: z.string().default('') }),
        invalid: async ({ reply, kommun }, form) => reply.code(422).type('text/html').send(`${kommun.slug}|${form.values.name ?? ''}|${Object.keys(form.errors).join(',')}`),
      },
      async ({ reply, body }) => {
        if (body.name === 'upptagen') throw new ValidationError({ name: 'validation.slugTaken' });
        return reply.redirect(`/vallentuna/prov/${encodeURIComponent(body.name)}`, 303);
      },
    );
    kommunRoute(
      app,
      {
        method: 'POST',
        url: '/api/v1/:kommun/prov',
        permission: 'places.manage',
        body: z.object({ name: z.string().min(1) }),
        api: { operationId: 'probe', tag: 'probe', summary: 'probe', response: { status: 201, description: 'probe', schema: z.object({ name: z.string() }) } },
      },
      async ({ reply, body }) => reply.code(201).send({ name: body.name }),
    );
    kommunRoute(app, { method: 'GET', url: '/:kommun/prov' }, async ({ kommun, actor }) => ({ kommun: kommun.name, signedIn: actor !== null }));
  },
});

describe('kommunRoute', () => {
  let t: TestApp;
  let app: TestApp['app'];
  let coordinator: TestClient;
  let volunteer: TestClient;

  beforeAll(async () => {
    t = await createTestApp('sqlite', { modules: [...testModules, probeModule] });
    app = t.app;
    coordinator = new TestClient(app);
    await coordinator.signIn('samordnare@vallentuna.example');
    volunteer = new TestClient(app);
    await volunteer.signIn('volontar@vallentuna.example');
  }, 60_000);
  afterAll(async () => {
    await t?.close();
  });

  it('hands the handler the kommun, the actor holding the permission, and parsed params and query', async () => {
    const response = await coordinator.get(`/vallentuna/admin/prov/${someId}?n=7`);
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ kommun: 'vallentuna', user: 'samordnare@vallentuna.example', id: someId, n: 7 });
    const open = await app.inject('/vallentuna/prov');
    expect(open.json()).toEqual({ kommun: 'Vallentuna kommun', signedIn: false });
  });

  it('sends a signed-out visitor of a page to sign in, and answers a signed-out API caller 401', async () => {
    const page = await app.inject(`/vallentuna/admin/prov/${someId}`);
    expect(page.statusCode).toBe(303);
    expect(page.headers.location).toMatch(/^\/logga-in\?/);
    const api = await app.inject({ method: 'POST', url: '/api/v1/vallentuna/prov', payload: { name: 'x' } });
    expect(api.statusCode).toBe(401);
    expect(api.json().error.code).toBe('unauthenticated');
  });

  it('answers 404 to someone without the permission, before looking at anything they sent', async () => {
    expect((await volunteer.get(`/vallentuna/admin/prov/${someId}?n=x`)).statusCode).toBe(404);
    expect((await volunteer.get('/vallentuna/admin/prov/inte-ett-id')).statusCode).toBe(404);
    const token = csrfTokenFrom((await volunteer.get('/vallentuna/')).body);
    const api = await app.inject({ method: 'POST', url: '/api/v1/vallentuna/prov', headers: { cookie: volunteer.jar.header(), 'x-csrf-token': token }, payload: {} });
    expect(api.statusCode).toBe(404);
  });

  it('answers 404 to path parameters that do not parse, and to a kommun that does not exist', async () => {
    expect((await coordinator.get('/vallentuna/admin/prov/inte-ett-id')).statusCode).toBe(404);
    expect((await coordinator.get(`/finns-inte/admin/prov/${someId}`)).statusCode).toBe(404);
  });

  it('turns a query or JSON body that does not parse into 422 validation_failed with the fields', async () => {
    const query = await coordinator.get(`/vallentuna/admin/prov/${someId}?n=sju`, { accept: 'application/json' });
    expect(query.statusCode).toBe(422);
    expect(query.json().error).toMatchObject({ code: 'validation_failed', fields: { n: { code: expect.stringMatching(/^validation\./) } } });
    const token = csrfTokenFrom((await coordinator.get('/vallentuna/')).body);
    const body = await app.inject({ method: 'POST', url: '/api/v1/vallentuna/prov', headers: { cookie: coordinator.jar.header(), 'x-csrf-token': token }, payload: { name: '' } });
    expect(body.statusCode).toBe(422);
    expect(body.json().error).toMatchObject({ code: 'validation_failed', fields: { name: { code: 'validation.required' } } });
  });

  it('shows the route’s own page with the typed values when the body or the handler refuses them', async () => {
    const tooLong = await coordinator.submitForm('/vallentuna/', '/vallentuna/admin/prov', { name: 'alldeles för långt' });
    expect(tooLong.statusCode).toBe(422);
    expect(tooLong.body).toBe('vallentuna|alldeles för långt|name');
    const taken = await coordinator.submitForm('/vallentuna/', '/vallentuna/admin/prov', { name: 'upptagen' });
    expect(taken.body).toBe('vallentuna|upptagen|name');
    const fine = await coordinator.submitForm('/vallentuna/', '/vallentuna/admin/prov', { name: 'ok' });
    expect(fine.statusCode).toBe(303);
  });

  it('collects the operations that describe themselves, per app', async () => {
    expect(app.apiOperations.find((o) => o.api.operationId === 'probe')).toMatchObject({ method: 'POST', path: '/api/v1/{kommun}/prov', permission: 'places.manage' });
    expect(app.apiOperations.some((o) => o.path.includes('/prov/'))).toBe(false);
    const other = await createTestApp('sqlite', { demo: false });
    expect(other.app.apiOperations.some((o) => o.api.operationId === 'probe')).toBe(false);
    await other.close();
  });

  it('refuses to register a route that would leave a parameter unparsed, read an upload twice, or reuse an operation id', () => {
    const bare = Fastify();
    registerApiCatalogue(bare);
    const handler = async () => ({});
    expect(() => kommunRoute(bare, { method: 'GET', url: '/:kommun/x/:id' }, handler)).toThrow(/declare every path parameter/);
    expect(() => kommunRoute(bare, { method: 'POST', url: '/:kommun/x', upload: { maxFiles: 1 }, body: z.object({}) }, handler)).toThrow(/upload route/);
    expect(() => siteRoute(bare, { method: 'GET', url: '/:kommun/y' }, handler)).toThrow(/kommunRoute/);
    const api = { operationId: 'twice', tag: 't', summary: 's', response: { status: 200 as const, description: 'd', schema: z.object({}) } };
    kommunRoute(bare, { method: 'GET', url: '/api/v1/:kommun/a', api }, handler);
    expect(() => kommunRoute(bare, { method: 'GET', url: '/api/v1/:kommun/b', api }, handler)).toThrow(/declared twice/);
  });
});
