import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, staffOverviewCountsOf, TestClient, type TestApp } from '../../../test/app.js';
import { dialects } from '../../../test/databases.js';
import { postMultipart } from './staff.test-support.js';

const base = '/vallentuna/admin/samverkan';
const key = 'cooperation.staff.overviewQuiet';
const day = 86_400_000;
const date = (offsetDays: number) => new Date(Date.now() + offsetDays * day).toISOString().slice(0, 10);

describe.each(dialects)('activities needing a public follow-up on %s', (dialect) => {
  let t: TestApp;
  let coordinator: TestClient;
  let admin: TestClient;

  beforeAll(async () => {
    t = await createTestApp(dialect);
    coordinator = new TestClient(t.app);
    await coordinator.signIn('samordnare@vallentuna.example');
    admin = new TestClient(t.app);
    await admin.signIn('admin@vallentuna.example');
  });
  afterAll(async () => t.close());

  it('counts an activity of a current plan that has gone 90 days without a public follow-up, until one is posted', async () => {
    // A plan around today, so the test does not depend on the demo's dates.
    const plan = await coordinator.submitForm(`${base}/planer/ny`, `${base}/planer/ny`, { title: 'Plan runt i dag', periodStart: date(-365), periodEnd: date(365) });
    const planUrl = String(plan.headers.location);
    const planId = planUrl.split('/').pop()!;
    const add = (title: string, startsOn: string) => coordinator.submitForm(`${base}/planer/${planId}/aktiviteter/ny`, `${base}/planer/${planId}/aktiviteter/ny`, { title, startsOn, responsibleParty: 'kommun', activityType: 'social' });
    const quiet = await add('Tyst sedan länge', date(-200));
    const fresh = await add('Nyss påbörjad', date(-10));
    expect([quiet.statusCode, fresh.statusCode]).toEqual([303, 303]);

    const before = (await staffOverviewCountsOf(t.app, 'samordnare@vallentuna.example', 'vallentuna'))[key] ?? 0;
    expect((await coordinator.get(base)).body).not.toContain('Tyst sedan länge');
    // Deciding makes the plan current: now its quiet activity counts, the new one does not.
    const lock = await t.ctx.db.selectFrom('coop_plans').select('lock_version').where('id', '=', planId).executeTakeFirstOrThrow();
    const decided = await admin.submitForm(planUrl, `${planUrl}/status`, { to: 'decided', lockVersion: String(lock.lock_version), decidedByBody: 'Kommunstyrelsen', decidedOn: date(-300), diarienummer: '' });
    expect(decided.statusCode, decided.body.match(/error-summary[\s\S]*?<\/ul>/)?.[0]).toBe(303);
    expect((await staffOverviewCountsOf(t.app, 'samordnare@vallentuna.example', 'vallentuna'))[key]).toBe(before + 1);
    const dashboard = await coordinator.get(base);
    expect(dashboard.body).toContain('Tyst sedan länge');
    expect(dashboard.body).not.toContain('Nyss påbörjad');

    const activityUrl = String(quiet.headers.location);
    const internal = await postMultipart(coordinator, `${activityUrl}/uppfoljning`, `${activityUrl}/uppfoljning`, { happenedOn: date(-1), title: 'Internt', visibility: 'internal' });
    expect(internal.statusCode).toBe(303);
    expect((await staffOverviewCountsOf(t.app, 'samordnare@vallentuna.example', 'vallentuna'))[key]).toBe(before + 1);
    const published = await postMultipart(coordinator, `${activityUrl}/uppfoljning`, `${activityUrl}/uppfoljning`, { happenedOn: date(-1), title: 'Offentligt', visibility: 'public' });
    expect(published.statusCode).toBe(303);
    expect((await staffOverviewCountsOf(t.app, 'samordnare@vallentuna.example', 'vallentuna'))[key]).toBe(before);
  });

  it('lets only deciders change a plan’s status, and records the decision', async () => {
    const plan = await coordinator.submitForm(`${base}/planer/ny`, `${base}/planer/ny`, { title: 'Plan att besluta', periodStart: '2027-01-01', periodEnd: '2027-12-31' });
    const planUrl = String(plan.headers.location);
    const planId = planUrl.split('/').pop()!;
    // Coordinators do not decide by default: no panel, and the post does not exist for them.
    expect((await coordinator.get(planUrl)).body).not.toContain('Registrera beslutet');
    const asCoordinator = await coordinator.submitForm(planUrl, `${planUrl}/status`, { to: 'decided', lockVersion: '1', decidedByBody: 'Kommunstyrelsen', decidedOn: '2026-12-01' });
    expect([403, 404]).toContain(asCoordinator.statusCode);

    const empty = await admin.submitForm(planUrl, `${planUrl}/status`, { to: 'decided', lockVersion: '1', decidedByBody: 'Kommunstyrelsen', decidedOn: '2026-12-01' });
    expect(empty.statusCode).toBe(422);
    expect(empty.body).toContain('En plan utan aktiviteter kan inte beslutas.');
    const missing = await admin.submitForm(planUrl, `${planUrl}/status`, { to: 'decided', lockVersion: '1', decidedByBody: '', decidedOn: '2026-12-01' });
    expect(missing.statusCode).toBe(422);
    expect(missing.body).toContain('href="#field-decidedByBody"');

    await coordinator.submitForm(`${base}/planer/${planId}/aktiviteter/ny`, `${base}/planer/${planId}/aktiviteter/ny`, { title: 'En aktivitet', startsOn: '2027-01-01', responsibleParty: 'joint', activityType: 'social' });
    const decided = await admin.submitForm(planUrl, `${planUrl}/status`, { to: 'decided', lockVersion: '1', decidedByBody: 'Kommunstyrelsen', decidedOn: '2026-12-01', diarienummer: 'KS 2026/12' });
    expect(decided.statusCode).toBe(303);
    const page = await coordinator.get(planUrl);
    expect(page.body).toContain('Beslutad av Kommunstyrelsen');
    expect(page.body).toContain('Planen är beslutad och visas därför bara.');
    expect(page.body).not.toContain(`<form method="post" action="${planUrl}" `);
    const audit = await t.ctx.db.selectFrom('audit_log').select('action').where('entity_id', '=', planId).orderBy('id').execute();
    expect(audit.map((a) => a.action)).toEqual(['cooperation.plan_created', 'cooperation.plan_decided']);
  });
});
