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
    expect(create.security).toEqual([{ bearerAuth: [] }, { session: [] }]);
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

  it('names the publisher and describes the review operations in the OpenAPI document', async () => {
    const document = (await t.app.inject('/api/openapi.json')).json() as OpenApiDocument;
    const item = (document.paths['/api/v1/{kommun}/news/{slug}']!.get!.responses['200'] as OpenApiResponse).content!['application/json']!.schema as {
      properties: { data: { properties: Record<string, { required?: string[]; description?: string; enum?: string[] }> } };
    };
    const data = item.properties.data.properties;
    expect(data.publisher?.required?.sort()).toEqual(['id', 'kind', 'name']);
    expect(data.publisher?.description).toContain('kommunen eller ett lokalpolisområde');
    expect(data.status?.enum).toEqual(['draft', 'in_review', 'published']);
    const create = document.paths['/api/v1/{kommun}/content']!.post!.requestBody!.content['application/json'].schema as { properties: Record<string, { description?: string }>; required: string[] };
    expect(create.required).toEqual(['title']);
    expect(create.properties.publisherOrganisationId?.description).toContain('Kan inte ändras efteråt');
    for (const [path, permission] of [['publish', 'news.publish'], ['request-review', 'news.write'], ['send-back', 'news.publish']] as const) {
      const operation = document.paths[`/api/v1/{kommun}/content/{id}/${path}`]!.post!;
      expect(operation['x-permission'], path).toBe(permission);
      expect(Object.keys(operation.responses), path).toContain('409');
    }
    const sendBack = document.paths['/api/v1/{kommun}/content/{id}/send-back']!.post!.requestBody!.content['application/json'].schema as { required: string[] };
    expect(sendBack.required).toEqual(['reviewNote']);
  });

  it('asks for a review, sends back and publishes over the API where the kommun requires review', async () => {
    const admin = new TestClient(t.app);
    await admin.signIn('admin@vallentuna.example');
    expect((await admin.submitForm('/vallentuna/admin/installningar', '/vallentuna/admin/installningar/moduler/news', { requireCrossReview: 'on' })).statusCode).toBe(303);
    const police = new TestClient(t.app);
    await police.signIn('kommunpolis@taby-polis.example');
    const policeToken = csrfTokenFrom((await police.get('/vallentuna/')).body);
    try {
      const created = (await call(coordinator, coordinatorToken, 'POST', '/api/v1/vallentuna/content', { title: 'Granskas via API' })).json();
      const id = created.data.id as string;
      expect(created).toMatchObject({ data: { status: 'draft', reviewNote: '', publisher: { name: 'Vallentuna kommun', kind: 'kommun' } }, can: { publish: false, requestReview: true, sendBack: false } });
      const refused = await call(coordinator, coordinatorToken, 'POST', `/api/v1/vallentuna/content/${id}/publish`);
      expect(refused.statusCode).toBe(409);
      expect(refused.json().error.code).toBe('conflict');

      const asked = await call(coordinator, coordinatorToken, 'POST', `/api/v1/vallentuna/content/${id}/request-review`);
      expect(asked.json()).toMatchObject({ data: { status: 'in_review' }, can: { publish: false, requestReview: false } });
      expect((await call(police, policeToken, 'GET', `/api/v1/vallentuna/content/${id}`)).json().can).toMatchObject({ publish: true, sendBack: true });
      expect((await call(police, policeToken, 'POST', `/api/v1/vallentuna/content/${id}/send-back`, { reviewNote: '' })).statusCode).toBe(422);
      const sentBack = await call(police, policeToken, 'POST', `/api/v1/vallentuna/content/${id}/send-back`, { reviewNote: 'Lägg till tiden.' });
      expect(sentBack.json().data).toMatchObject({ status: 'draft', reviewNote: 'Lägg till tiden.' });
      await call(coordinator, coordinatorToken, 'POST', `/api/v1/vallentuna/content/${id}/request-review`);
      const published = await call(police, policeToken, 'POST', `/api/v1/vallentuna/content/${id}/publish`);
      expect(published.statusCode).toBe(200);
      expect(published.json().data).toMatchObject({ status: 'published', reviewNote: '' });
      expect(staffContentResponse.parse(published.json())).toEqual(published.json());
    } finally {
      await admin.submitForm('/vallentuna/admin/installningar', '/vallentuna/admin/installningar/moduler/news', {});
    }
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
