import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { csrfTokenFrom, type TestClient } from '../../../test/app.js';
import { dialects } from '../../../test/databases.js';
import { createWorld, type Person, type World } from '../../../test/security/world.js';
import { demoId } from '../../platform/demo.js';
import { seedCoopVolume } from './cooperation.bench.js';

const kommunId = demoId('org:vallentuna');
const api = '/api/v1/vallentuna/cooperation';

describe.each(dialects)('cooperation JSON API on %s', (dialect) => {
  let world: World;
  const tokens = new Map<TestClient, string>();
  const clients = new Map<Person, TestClient>();

  beforeAll(async () => {
    world = await createWorld(dialect);
  }, 120_000);
  afterAll(async () => world.t.close());

  async function as(person: Person): Promise<TestClient> {
    let client = clients.get(person);
    if (!client) {
      client = await world.as(person);
      tokens.set(client, csrfTokenFrom((await client.get('/vallentuna/')).body));
      clients.set(person, client);
    }
    return client;
  }

  async function call(person: Person | null, method: 'GET' | 'POST' | 'PUT', url: string, payload?: unknown) {
    const headers: Record<string, string> = {};
    if (person) {
      const client = await as(person);
      headers.cookie = client.jar.header();
      headers['x-csrf-token'] = tokens.get(client)!;
    }
    return world.t.app.inject({ method, url, headers, ...(payload === undefined ? {} : { payload: payload as Record<string, unknown> }) });
  }

  const db = () => world.t.ctx.db;
  const activityOf = async (planSlug: string, party: 'kommun' | 'police' | 'joint' | 'partner') =>
    db()
      .selectFrom('coop_activities')
      .innerJoin('coop_plans', 'coop_plans.id', 'coop_activities.plan_id')
      .select(['coop_activities.id', 'coop_activities.slug', 'coop_activities.lock_version'])
      .where('coop_plans.slug', '=', planSlug)
      .where('coop_plans.kommun_id', '=', kommunId)
      .where('coop_activities.responsible_party', '=', party)
      .orderBy('coop_activities.position')
      .executeTakeFirstOrThrow();
  const entryCount = async () => Number((await db().selectFrom('coop_entries').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);

  it('lists the public plans and löften, and answers a plan with its activities, places and latest indicator values', async () => {
    const plans = (await call(null, 'GET', `${api}/plans`)).json();
    expect(plans.data.map((p: { slug: string }) => p.slug)).toEqual(['2025-2026', '2019-2020', '2018', '2017']);
    expect(plans.next).toBeNull();
    const plan = await call(null, 'GET', `${api}/plans/2017`);
    expect(plan.statusCode).toBe(200);
    const first = plan.json().data.activities[0];
    expect(first).toMatchObject({ status: 'done', progress: 100, assessment: 'green', responsibleParty: 'police', url: expect.stringMatching(/^\/vallentuna\/atgardsplaner\/2017\//) as string });
    expect(first.assessmentText.length).toBeGreaterThan(0);
    expect(first.places.length).toBeGreaterThan(0);
    expect(first.indicators[0].latestValue).toEqual({ measuredOn: '2017-12-31', value: 42 });
    const promises = (await call(null, 'GET', `${api}/promises`)).json();
    expect(promises.data.map((p: { slug: string }) => p.slug)).toContain('2017');
    const promise = (await call(null, 'GET', `${api}/promises/2017`)).json().data;
    expect(promise.status).not.toBe('draft');
    expect(promise.items.flatMap((i: { activityIds: string[] }) => i.activityIds).length).toBeGreaterThan(0);
  });

  it('hides drafts and internal follow-ups from the public, and shows them to staff at the same address', async () => {
    const created = await call('vallentunaCoordinator', 'POST', `${api}/plans`, { title: 'API-utkastet', periodStart: '2027-01-01', periodEnd: '2027-12-31' });
    expect(created.statusCode).toBe(201);
    expect(created.json()).toMatchObject({ data: { status: 'draft', slug: 'api-utkastet', lockVersion: 1 }, can: { update: true, addActivity: true } });
    expect((await call(null, 'GET', `${api}/plans/api-utkastet`)).statusCode).toBe(404);
    expect((await call(null, 'GET', `${api}/plans`)).json().data.map((p: { slug: string }) => p.slug)).not.toContain('api-utkastet');
    expect((await call('vallentunaCoordinator', 'GET', `${api}/plans/api-utkastet`)).statusCode).toBe(200);

    const activity = await activityOf('2025-2026', 'kommun');
    const internal = await call('vallentunaCoordinator', 'POST', `${api}/activities/${activity.id}/follow-ups`, { happenedOn: '2026-11-30', title: 'Intern avstämning om budget', visibility: 'internal' });
    expect(internal.statusCode).toBe(201);
    const titles = async (person: Person | null) => {
      const page = (await call(person, 'GET', `${api}/plans/2025-2026/activities/${activity.slug}`)).json();
      const feed = (await call(person, 'GET', `${api}/follow-ups`)).json();
      return [...page.data.timeline.data, ...feed.data].map((e: { title: string }) => e.title);
    };
    expect(await titles(null)).not.toContain('Intern avstämning om budget');
    expect(await titles('vallentunaCoordinator')).toContain('Intern avstämning om budget');
  });

  it('posts a follow-up with a figure: 201 with the entry, the activity moves, the value is the indicator’s latest', async () => {
    const activity = await activityOf('2025-2026', 'kommun');
    const indicator = await call('vallentunaCoordinator', 'POST', `${api}/activities/${activity.id}/indicators`, { name: 'Tunnlar med ny belysning', unit: 'st', target: 10, direction: 'increase' });
    expect(indicator.statusCode).toBe(201);
    const indicatorId = indicator.json().data.id as string;
    const response = await call('vallentunaCoordinator', 'POST', `${api}/activities/${activity.id}/follow-ups`, {
      happenedOn: '2026-12-01',
      title: 'Åtta tunnlar klara',
      body: 'Två tunnlar återstår.',
      visibility: 'public',
      progress: 80,
      assessment: 'green',
      assessmentText: 'Enligt plan igen.',
      values: [{ indicatorId, value: 8 }],
    });
    expect(response.statusCode).toBe(201);
    expect(response.json()).toMatchObject({ data: { title: 'Åtta tunnlar klara', progressTo: 80, authorOrganisation: 'Vallentuna kommun', values: [{ indicatorId, value: 8, unit: 'st', measuredOn: '2026-12-01' }] }, can: {} });
    expect(JSON.stringify(response.json())).not.toContain(demoId('user:coordinator'));
    const page = (await call(null, 'GET', `${api}/plans/2025-2026/activities/${activity.slug}`)).json().data;
    expect(page).toMatchObject({ progress: 80, assessment: 'green' });
    expect(page.indicators.find((i: { id: string }) => i.id === indicatorId)).toMatchObject({ latestValue: { measuredOn: '2026-12-01', value: 8 }, values: [{ value: 8 }] });
  });

  it('answers 422 with the field for a value of an indicator the activity does not have, and stores nothing', async () => {
    const activity = await activityOf('2025-2026', 'kommun');
    const before = await entryCount();
    const response = await call('vallentunaCoordinator', 'POST', `${api}/activities/${activity.id}/follow-ups`, {
      happenedOn: '2026-12-01',
      title: 'Fel indikator',
      visibility: 'public',
      values: [{ indicatorId: demoId('no such indicator'), value: 3 }],
    });
    expect(response.statusCode).toBe(422);
    expect(response.json().error).toMatchObject({ code: 'validation_failed', fields: { 'values.0.indicatorId': { code: 'cooperation.errors.unknownIndicator' } } });
    const invalid = await call('vallentunaCoordinator', 'POST', `${api}/activities/${activity.id}/follow-ups`, { happenedOn: '2026-02-30', title: '', visibility: 'public', progress: 120 });
    expect(Object.keys(invalid.json().error.fields).sort()).toEqual(['happenedOn', 'progress', 'title']);
    expect(await entryCount()).toBe(before);
  });

  it('answers 409 with what is stored now when someone saved first, and keeps their save', async () => {
    const created = (await call('vallentunaCoordinator', 'POST', `${api}/plans`, { title: 'Samtidig plan', periodStart: '2027-01-01', periodEnd: '2027-12-31' })).json().data;
    const first = await call('vallentunaCoordinator', 'PUT', `${api}/plans/${created.id}`, { input: { title: 'Första sparningen', periodStart: '2027-01-01', periodEnd: '2027-12-31' }, lockVersion: created.lockVersion });
    expect(first.statusCode).toBe(200);
    expect(first.json().data.lockVersion).toBe(created.lockVersion + 1);
    const second = await call('vallentunaAdmin', 'PUT', `${api}/plans/${created.id}`, { input: { title: 'Andra sparningen', periodStart: '2027-01-01', periodEnd: '2027-12-31' }, lockVersion: created.lockVersion });
    expect(second.statusCode).toBe(409);
    expect(second.json().error).toMatchObject({ code: 'conflict', current: { id: created.id, title: 'Första sparningen', lockVersion: created.lockVersion + 1 } });
    const stored = await db().selectFrom('coop_plans').select('title').where('id', '=', created.id).executeTakeFirstOrThrow();
    expect(stored.title).toBe('Första sparningen');
  });

  it('creates, saves and publishes a löfte draft with the form’s schema', async () => {
    const activity = await activityOf('2025-2026', 'police');
    const input = { title: 'API-löftet 2027', periodStart: '2027-01-01', periodEnd: '2027-12-31', items: [{ party: 'police', text: 'Polisen ska patrullera vid stationen.', activityIds: [activity.id] }] };
    const created = await call('vallentunaCoordinator', 'POST', `${api}/promises`, input);
    expect(created.statusCode).toBe(201);
    const draft = created.json().data;
    expect((await call(null, 'GET', `${api}/promises/${draft.slug}`)).statusCode).toBe(404);
    const saved = await call('vallentunaCoordinator', 'PUT', `${api}/promises/${draft.id}`, { input: { ...input, expectedEffect: 'Färre som känner sig otrygga.' }, lockVersion: draft.lockVersion });
    expect(saved.statusCode).toBe(200);
    const published = await call('vallentunaAdmin', 'POST', `${api}/promises/${draft.id}/publish`, { lockVersion: saved.json().data.lockVersion });
    expect(published.statusCode).toBe(200);
    expect(published.json().data.status).toBe('published');
    const seen = (await call(null, 'GET', `${api}/promises/${draft.slug}`)).json().data;
    expect(seen).toMatchObject({ expectedEffect: 'Färre som känner sig otrygga.', items: [{ activityIds: [activity.id] }] });
  });

  it('answers 404 to Täby’s coordinator writing into Vallentuna, and stores nothing', async () => {
    const activity = await activityOf('2025-2026', 'kommun');
    const before = await entryCount();
    const attempts = [
      await call('tabyCoordinator', 'POST', `${api}/activities/${activity.id}/follow-ups`, { happenedOn: '2026-12-01', title: 'Från Täby', visibility: 'public' }),
      await call('tabyCoordinator', 'POST', `${api}/plans`, { title: 'Täbys plan i Vallentuna', periodStart: '2027-01-01', periodEnd: '2027-12-31' }),
      await call('tabyCoordinator', 'PUT', `${api}/activities/${activity.id}`, { input: { title: 'Kapad', startsOn: '2025-01-01', responsibleParty: 'kommun', activityType: 'social' }, lockVersion: activity.lock_version }),
    ];
    expect(attempts.map((r) => r.statusCode)).toEqual([404, 404, 404]);
    expect(await entryCount()).toBe(before);
    expect(await db().selectFrom('coop_plans').select('id').where('title', '=', 'Täbys plan i Vallentuna').executeTakeFirst()).toBeUndefined();
  });

  it('refuses a police user writing on a kommun activity, and stores nothing', async () => {
    const activity = await activityOf('2025-2026', 'kommun');
    const before = await entryCount();
    const followUp = await call('kommunpolis', 'POST', `${api}/activities/${activity.id}/follow-ups`, { happenedOn: '2026-12-01', title: 'Polisen på kommunens aktivitet', visibility: 'public', progress: 5 });
    expect([403, 404]).toContain(followUp.statusCode);
    const edit = await call('kommunpolis', 'PUT', `${api}/activities/${activity.id}`, { input: { title: 'Polisens titel', startsOn: '2025-01-01', responsibleParty: 'kommun', activityType: 'social' }, lockVersion: activity.lock_version });
    expect([403, 404]).toContain(edit.statusCode);
    expect(await entryCount()).toBe(before);
    const stored = await db().selectFrom('coop_activities').select(['title', 'progress']).where('id', '=', activity.id).executeTakeFirstOrThrow();
    expect(stored.title).not.toBe('Polisens titel');
    expect(Number(stored.progress)).not.toBe(5);
  });

  it('answers 422 for a cursor it did not give out, and 401 to an anonymous write', async () => {
    expect((await call(null, 'GET', `${api}/follow-ups?after=bm90LW91cnM`)).statusCode).toBe(422);
    expect((await call(null, 'POST', `${api}/plans`, { title: 'Anonym' })).statusCode).toBe(401);
  });

  it('pages through the follow-ups and a timeline with the cursors it gives out, each public entry once', async () => {
    await seedCoopVolume(db(), kommunId, demoId('org:lpo-taby'), { key: 'sida', plans: 1, activitiesPerPlan: 1, indicatorsPerActivity: 0, entriesPerActivity: 120, valuesPerActivity: 0, internalEvery: 3 });
    const walk = async (first: string, param: string) => {
      const ids: string[] = [];
      let url: string | null = first;
      for (let pages = 0; url && pages < 20; pages += 1) {
        type Page = { data: { id: string }[]; next: string | null };
        const body: { data: { timeline: Page } } & Page = (await call(null, 'GET', url)).json();
        const page: Page = param === 'before' ? body.data.timeline : body;
        ids.push(...page.data.map((e) => e.id));
        url = page.next ? `${first}?${param}=${page.next}` : null;
      }
      return ids;
    };
    const timeline = await walk(`${api}/plans/sida-01/activities/aktivitet-01`, 'before');
    expect(timeline).toHaveLength(80);
    expect(new Set(timeline).size).toBe(80);
    const feed = await walk(`${api}/follow-ups`, 'after');
    const stored = await db().selectFrom('coop_entries').select('id').where('kommun_id', '=', kommunId).where('visibility', '=', 'public').execute();
    expect(new Set(feed).size).toBe(feed.length);
    expect(feed.sort()).toEqual(stored.map((e) => e.id).sort());
  });
});
