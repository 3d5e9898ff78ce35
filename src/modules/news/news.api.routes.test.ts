import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, csrfTokenFrom, TestClient, type TestApp } from '../../../test/app.js';
import { dialects } from '../../../test/databases.js';
import type { OpenApiDocument, OpenApiResponse } from '../../platform/api/openapi.js';
import { newsItemResponse, newsLimits, newsListResponse, staffContentResponse } from './news.schemas.js';

describe.each(dialects)('staff content API on %s', (dialect) => {
  let t: TestApp;
  let coordinator: TestClient;
  let coordinatorToken: string;

  beforeAll(async () => {
    t = await createTestApp(dialect);
    coordinator = new TestClient(t.app);
    await coordinator.signIn('samordnare@vallentuna.example');
    coordinatorToken = csrfTokenFrom((await coordinator.get('/vallentuna/')).body);
  });
  afterAll(async () => t.close());

  function call(client: TestClient | null, token: string | null, method: 'POST' | 'PATCH' | 'GET', url: string, payload?: unknown) {
    const headers: Record<string, string> = {};
    if (client) headers.cookie = client.jar.header();
    if (token) headers['x-csrf-token'] = token;
    return t.app.inject({ method, url, headers, ...(payload === undefined ? {} : { payload: payload as Record<string, unknown> }) });
  }

  it('creates a draft and answers 201 with the item and what the caller may do', async () => {
    const response = await call(coordinator, coordinatorToken, 'POST', '/api/v1/vallentuna/content', { title: 'Öppet möte om belysning', summary: 'Välkommen.', body: 'Vi ses i **Kulturhuset**.' });
    expect(response.statusCode).toBe(201);
    expect(response.json()).toMatchObject({
      data: { kind: 'news', slug: 'oppet-mote-om-belysning', title: 'Öppet möte om belysning', status: 'draft', publishedAt: null, image: null, bodyHtml: '<p>Vi ses i <strong>Kulturhuset</strong>.</p>\n' },
      can: { update: true, publish: true },
    });
    expect((await t.app.inject('/vallentuna/nyheter/oppet-mote-om-belysning')).statusCode).toBe(404);
  });

  it('answers 422 with validation_failed and the fields in error', async () => {
    const response = await call(coordinator, coordinatorToken, 'POST', '/api/v1/vallentuna/content', { title: '', slug: 'Inte OK!' });
    expect(response.statusCode).toBe(422);
    const body = response.json();
    expect(body.error.code).toBe('validation_failed');
    expect(Object.keys(body.error.fields).sort()).toEqual(['slug', 'title']);
    expect(body.error.fields.title.code).toBe('validation.required');
  });

  it('changes only the fields a PATCH names, then publishes and unpublishes', async () => {
    const created = (await call(coordinator, coordinatorToken, 'POST', '/api/v1/vallentuna/content', { title: 'Nattvandring i december', summary: 'Först.', titleEn: 'Night walk in December' })).json();
    const id = created.data.id as string;
    const patched = await call(coordinator, coordinatorToken, 'PATCH', `/api/v1/vallentuna/content/${id}`, { summary: 'Sedan.' });
    expect(patched.statusCode).toBe(200);
    expect(patched.json().data).toMatchObject({ title: 'Nattvandring i december', summary: 'Sedan.', slug: 'nattvandring-i-december' });
    const english = await t.ctx.db.selectFrom('content_translations').select('title').where('content_id', '=', id).executeTakeFirst();
    expect(english?.title).toBe('Night walk in December');

    const invalid = await call(coordinator, coordinatorToken, 'PATCH', `/api/v1/vallentuna/content/${id}`, { title: '' });
    expect(invalid.statusCode).toBe(422);
    expect(invalid.json().error.fields.title).toBeDefined();

    const published = await call(coordinator, coordinatorToken, 'POST', `/api/v1/vallentuna/content/${id}/publish`);
    expect(published.statusCode).toBe(200);
    expect(published.json().data.status).toBe('published');
    const list = (await t.app.inject('/api/v1/vallentuna/news')).json();
    expect(list.data.map((i: { id: string }) => i.id)).toContain(id);

    const unpublished = await call(coordinator, coordinatorToken, 'POST', `/api/v1/vallentuna/content/${id}/unpublish`);
    expect(unpublished.json().data.status).toBe('draft');
    expect((await t.app.inject('/api/v1/vallentuna/news/nattvandring-i-december')).statusCode).toBe(404);
  });

  it('answers 401 to a caller who is not signed in', async () => {
    const response = await call(null, null, 'POST', '/api/v1/vallentuna/content', { title: 'Anonym' });
    expect(response.statusCode).toBe(401);
    expect(response.json().error.code).toBe('unauthenticated');
  });

  it('refuses a signed-in request without the CSRF header', async () => {
    const response = await call(coordinator, null, 'POST', '/api/v1/vallentuna/content', { title: 'Utan token' });
    expect(response.statusCode).toBe(403);
    expect(response.json().error.code).toBe('csrf_failed');
  });

  it('answers 404 to a volunteer, who may not read drafts, and changes nothing', async () => {
    const volunteer = new TestClient(t.app);
    await volunteer.signIn('volontar@vallentuna.example');
    const token = csrfTokenFrom((await volunteer.get('/vallentuna/')).body);
    const id = (await t.ctx.db.selectFrom('content_items').select('id').where('status', '=', 'published').executeTakeFirstOrThrow()).id;
    const attempts = [
      await call(volunteer, token, 'POST', '/api/v1/vallentuna/content', { title: 'Volontärens nyhet' }),
      await call(volunteer, token, 'GET', `/api/v1/vallentuna/content/${id}`),
      await call(volunteer, token, 'PATCH', `/api/v1/vallentuna/content/${id}`, { title: 'Ändrad' }),
      await call(volunteer, token, 'POST', `/api/v1/vallentuna/content/${id}/unpublish`),
    ];
    expect(attempts.map((r) => r.statusCode)).toEqual([404, 404, 404, 404]);
    const row = await t.ctx.db.selectFrom('content_items').select(['status', 'title']).where('id', '=', id).executeTakeFirstOrThrow();
    expect(row.status).toBe('published');
    expect(row.title).not.toBe('Ändrad');
  });

  it('answers 404 for an unknown or malformed id', async () => {
    expect((await call(coordinator, coordinatorToken, 'PATCH', '/api/v1/vallentuna/content/0190a000-0000-7000-8000-000000000000', { title: 'x' })).statusCode).toBe(404);
    expect((await call(coordinator, coordinatorToken, 'PATCH', '/api/v1/vallentuna/content/nope', { title: 'x' })).statusCode).toBe(404);
  });

  it('describes itself in the OpenAPI document with the fields, limits and answers of the schemas it parses with', async () => {
    const swedish = (await t.app.inject('/api/openapi.json')).json() as OpenApiDocument;
    const create = swedish.paths['/api/v1/{kommun}/content']!.post!;
    const body = create.requestBody!.content['application/json'].schema as { properties: Record<string, { maxLength?: number; default?: unknown }>; required: string[] };
    expect(body.required).toEqual(['title']);
    expect(body.properties.title?.maxLength).toBe(newsLimits.title);
    expect(body.properties.kind?.default).toBe('news');
    expect(Object.keys(create.responses).sort()).toEqual(['201', '400', '401', '403', '404', '413', '422']);
    expect(create.security).toEqual([{ session: [] }]);
    expect(create['x-permission']).toBe('news.write');
    expect(create.parameters.map((p) => `${p.in}:${p.name}`)).toEqual(['path:kommun', 'header:x-csrf-token']);

    const list = swedish.paths['/api/v1/{kommun}/news']!.get!;
    expect(list.security).toEqual([]);
    expect(list.parameters.map((p) => `${p.in}:${p.name}:${p.required}`)).toEqual(['path:kommun:true', 'query:after:false']);
    const answer = (list.responses['200'] as OpenApiResponse).content!['application/json']!.schema as { required: string[] };
    expect(answer.required.sort()).toEqual(['data', 'next']);

    const patch = swedish.paths['/api/v1/{kommun}/content/{id}']!.patch!;
    const patchBody = patch.requestBody!.content['application/json'].schema as { required?: string[]; properties: Record<string, unknown> };
    expect(patchBody.required ?? []).toEqual([]);
    expect(Object.keys(patchBody.properties)).not.toContain('kind');
  });

  it('answers with exactly the shapes the document describes', async () => {
    // Parsing drops what a schema does not name and fails on what it lacks: equal means exact.
    const created = (await call(coordinator, coordinatorToken, 'POST', '/api/v1/vallentuna/content', { title: 'Formen på svaret' })).json();
    expect(staffContentResponse.parse(created)).toEqual(created);
    const list = (await t.app.inject('/api/v1/vallentuna/news')).json();
    expect(newsListResponse.parse(list)).toEqual(list);
    const item = (await t.app.inject(`/api/v1/vallentuna/news/${list.data[0].slug}`)).json();
    expect(newsItemResponse.parse(item)).toEqual(item);
  });
});
