// Reports under attack, over HTTP on both databases. A Vallentuna report (published, with a
// follower) is read and acted on by: Täby's coordinator (through Täby's and Vallentuna's
// addresses), the school's partner reporter (the report is assigned elsewhere), a volunteer,
// someone signed out, and the kommunpolis of Lokalpolisområde Täby under Solna, which that area
// does not serve. Each gets 404 for every page and action, and the report, its history and the
// audit log are exactly as before.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { csrfTokenFrom, TestClient } from '../../../test/app.js';
import { dialects } from '../../../test/databases.js';
import { createWorld, ids, type World } from '../../../test/security/world.js';
import { kommunActor } from '../../../test/actors.js';
import { demoId } from '../../platform/demo.js';
import { createPlace } from '../../platform/places/index.js';
import { findKommunBySlug, type Kommun } from '../../platform/tenants/index.js';
import { assignReport } from './report.handling.service.js';
import { moderateReport } from './report.moderation.service.js';
import { submitReport } from './report.service.js';

describe.each(dialects)('reports across kommuner and organisations on %s', (dialect) => {
  let world: World;
  let kommun: Kommun;
  let reportId: string;
  let reference: string;

  beforeAll(async () => {
    world = await createWorld(dialect);
    const ctx = world.t.ctx;
    kommun = (await findKommunBySlug(ctx.db, 'vallentuna'))!;
    const outcome = await submitReport(
      ctx,
      kommun,
      { category: 'klotter', placeId: demoId('place:station'), when: ['night'], description: 'Hemlig originaltext om stationen.', email: 'foljare@example.org' },
      { source: 'web', locale: 'sv', clientKey: '10.2.0.1', answers: {} },
    );
    reportId = outcome.id;
    reference = outcome.reference;
    const coordinator = kommunActor({ ctx, kommunId: kommun.id, users: { coordinator: demoId('user:coordinator') } }, 'coordinator', 'coordinator');
    await moderateReport(ctx, coordinator, kommun, reportId, { decision: 'publish', publicDescription: 'Klotter vid stationen.' });
    await assignReport(ctx, coordinator, kommun, reportId, { organisationId: ids.lpoTaby }, 2);
  });
  afterAll(async () => world.t.close());

  async function stored() {
    const db = world.t.ctx.db;
    return {
      report: await db.selectFrom('reports').selectAll().where('id', '=', reportId).executeTakeFirstOrThrow(),
      events: await db.selectFrom('report_events').selectAll().where('report_id', '=', reportId).orderBy('id').execute(),
      audit: await db.selectFrom('audit_log').select(['id', 'action']).orderBy('id').execute(),
    };
  }

  /** Every page and action on the report under one kommun's address, as the client. */
  async function attempt(client: TestClient, slug: string, tokenPage: string) {
    const token = csrfTokenFrom((await client.get(tokenPage)).body);
    const base = `/${slug}/admin/rapporter/${reportId}`;
    const post = (url: string, fields: Record<string, string | string[]>) => {
      const body = new URLSearchParams();
      for (const [k, v] of Object.entries({ ...fields, _csrf: token })) for (const value of Array.isArray(v) ? v : [v]) body.append(k, value);
      return world.t.app.inject({ method: 'POST', url, headers: { cookie: client.jar.header(), 'content-type': 'application/x-www-form-urlencoded' }, payload: body.toString() });
    };
    const answers = {
      page: (await client.get(base)).statusCode,
      moderate: (await post(`${base}/granska`, { version: '3', decision: 'reject', publicDescription: '' })).statusCode,
      status: (await post(`${base}/status`, { version: '3', status: 'fixed', statusResponse: 'Kapad' })).statusCode,
      assign: (await post(`${base}/tilldela`, { version: '3', organisationId: '' })).statusCode,
      note: (await post(`${base}/anteckning`, { body: 'Kapad' })).statusCode,
      response: (await post(`${base}/svar`, { version: '3', response: 'Kapad' })).statusCode,
      activity: (await post(`${base}/aktivitet`, { version: '3', activityId: '' })).statusCode,
      duplicate: (await post(`${base}/dublett`, { version: '3', reference })).statusCode,
      bulk: (await post(`/${slug}/admin/rapporter/massatgard`, { ids: [reportId], action: 'status', bulkStatus: 'fixed' })).statusCode,
    };
    return answers;
  }

  const allNotFound = { page: 404, moderate: 404, status: 404, assign: 404, note: 404, response: 404, activity: 404, duplicate: 404, bulk: 404 };

  it('answers 404 to Täby’s coordinator through Täby’s and Vallentuna’s addresses, and changes nothing', async () => {
    const before = await stored();
    const client = await world.as('tabyCoordinator');
    expect(await attempt(client, 'taby', '/taby/admin/rapporter')).toEqual(allNotFound);
    expect(await attempt(client, 'vallentuna', '/taby/admin/rapporter')).toEqual(allNotFound);
    const queue = await client.get('/taby/admin/rapporter');
    expect(queue.statusCode).toBe(200);
    expect(queue.body).not.toContain(reportId);
    expect(await stored()).toEqual(before);
  });

  it('answers 404 to a partner whose organisation the report is not assigned to, and lists nothing of it', async () => {
    const before = await stored();
    const client = await world.as('partnerReporter');
    expect(await attempt(client, 'vallentuna', '/vallentuna/admin/rapporter')).toEqual(allNotFound);
    const queue = await client.get('/vallentuna/admin/rapporter');
    expect(queue.statusCode).toBe(200);
    expect(queue.body).not.toContain(reportId);
    expect(await stored()).toEqual(before);
  });

  it('answers 404 to a volunteer, and sends someone signed out to sign in, changing nothing', async () => {
    const before = await stored();
    const volunteer = new TestClient(world.t.app);
    await volunteer.signIn('volontar@vallentuna.example');
    expect(await attempt(volunteer, 'vallentuna', `/vallentuna/rapporter/${reference}`)).toEqual(allNotFound);
    expect((await volunteer.get('/vallentuna/admin/rapporter')).statusCode).toBe(404);
    const anonymous = world.anonymous();
    // The public report page's "me too" form gives a signed-out visitor a CSRF token.
    // Signed out, every admin address asks for signing in (the page by a redirect, a form post
    // with 401), as everywhere in the staff area; none of it reveals or changes anything.
    expect(await attempt(anonymous, 'vallentuna', `/vallentuna/rapporter/${reference}`)).toEqual({ page: 303, moderate: 401, status: 401, assign: 401, note: 401, response: 401, activity: 401, duplicate: 401, bulk: 401 });
    expect((await anonymous.get('/vallentuna/admin/rapporter')).statusCode).toBe(303);
    expect(await stored()).toEqual(before);
  });

  it('finds by name only the places of the queue’s own kommun, even one of the very same name', async () => {
    const station = demoId('place:station');
    const tabyStation = (await createPlace(world.t.ctx, null, ids.taby, { name: 'Vallentuna station', description: 'Täbys plats med samma namn.', lat: 59.444, lon: 18.069, polygon: '' }, { system: true })).id;
    const taby = await world.as('tabyCoordinator');
    const own = await taby.get('/taby/admin/rapporter?platsnamn=vallentuna+station');
    expect(own.statusCode).toBe(200);
    expect(own.body).toContain('Rapporter från Vallentuna station.');
    expect(own.body).not.toContain(station);
    expect(own.body).not.toContain(reportId);
    // Vallentuna's place by its id, through Täby's queue, is no place of Täby's.
    for (const query of [`plats=${station}`, `omrade=${station}`, 'omradesnamn=Vallentuna+station']) {
      const other = await taby.get(`/taby/admin/rapporter?${query}`);
      expect(other.body, query).not.toContain(reportId);
      expect(other.body, query).not.toContain(`value="${station}"`);
    }
    expect((await taby.get(`/taby/admin/rapporter?plats=${station}`)).statusCode).toBe(422);
    // Vallentuna's coordinator, searching the same name, gets Vallentuna's station and its report.
    const coordinator = await world.as('vallentunaCoordinator');
    const home = await coordinator.get('/vallentuna/admin/rapporter?platsnamn=Vallentuna+station');
    expect(home.statusCode).toBe(200);
    expect(home.body).toContain(reportId);
    expect(home.body).not.toContain(tabyStation);
    expect((await coordinator.get(`/vallentuna/admin/rapporter?plats=${tabyStation}`)).statusCode).toBe(422);
  });

  it('answers 404 to the police area’s officer under a kommun the area does not serve', async () => {
    const before = await stored();
    const client = await world.as('kommunpolis');
    expect(await attempt(client, 'solna', '/solna/rapportera')).toEqual(allNotFound);
    // Under Vallentuna, which the area serves, the same officer reaches it.
    expect((await client.get(`/vallentuna/admin/rapporter/${reportId}`)).statusCode).toBe(200);
    expect(await stored()).toEqual(before);
  });
});
