import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TestClient } from '../../../test/app.js';
import { dialects } from '../../../test/databases.js';
import { createWorld, type World } from '../../../test/security/world.js';
import { demoId } from '../../platform/demo.js';

const base = '/vallentuna/admin/samverkan';
const currentPlan = demoId('coop:plan:2025-2026');
const kommunActivity = demoId('coop:activity:2025-2026:lighting-now');
const currentPromise = demoId('coop:promise:2025-2026');

const idIn = (location: unknown, kind: string) => {
  const match = new RegExp(`/${kind}/([0-9a-f-]{36})$`).exec(String(location));
  if (!match?.[1]) throw new Error(`no ${kind} id in ${String(location)}`);
  return match[1];
};

describe.each(dialects)('cooperation staff pages on %s', (dialect) => {
  let world: World;
  let coordinator: TestClient;

  beforeAll(async () => {
    world = await createWorld(dialect);
    coordinator = await world.as('vallentunaCoordinator');
  });
  afterAll(async () => world.t.close());

  const db = () => world.t.ctx.db;
  const auditActions = async (entityId: string) => (await db().selectFrom('audit_log').select('action').where('entity_id', '=', entityId).orderBy('id').execute()).map((r) => r.action);

  it('shows the dashboard, plan, activity, indicator, follow-up and löfte pages to the coordinator', async () => {
    const pages = [
      base,
      `${base}/planer/ny`,
      `${base}/planer/${currentPlan}`,
      `${base}/aktiviteter/${kommunActivity}`,
      `${base}/aktiviteter/${kommunActivity}/redigera`,
      `${base}/aktiviteter/${kommunActivity}/uppfoljning`,
      `${base}/aktiviteter/${kommunActivity}/indikatorer/ny`,
      `${base}/aktiviteter/${kommunActivity}/indikatorer/${demoId('coop:indicator:2025-2026:lighting-now:0')}`,
      `${base}/aktiviteter/${kommunActivity}/ta-bort`,
      `${base}/loften/ny`,
      `${base}/loften/${currentPromise}`,
      `${base}/loften/${currentPromise}/uppfoljning`,
    ];
    for (const url of pages) {
      const response = await coordinator.get(url);
      expect(response.statusCode, `${url}: ${response.body.slice(0, 400)}`).toBe(200);
    }
    const dashboard = await coordinator.get(base);
    expect(dashboard.body).toContain('Åtgärdsplan för trygghet 2025–2026');
    expect(dashboard.body).toContain('Medborgarlöfte 2025–2026');
    expect(dashboard.body).toContain(`href="${base}/planer/ny"`);
    const activity = await coordinator.get(`${base}/aktiviteter/${kommunActivity}`);
    expect(activity.body).toContain('Tidslinje');
    expect(activity.body).toContain('Gångtunnlar med ny belysning');
  });

  it('lets a coordinator build a plan with an activity and an indicator through the forms, each change audited', async () => {
    const created = await coordinator.submitForm(`${base}/planer/ny`, `${base}/planer/ny`, {
      title: 'Åtgärdsplan 2027',
      slug: '',
      periodStart: '2027-01-01',
      periodEnd: '2027-12-31',
      summary: 'Planen för **2027**.',
      agreementId: '',
    });
    expect(created.statusCode, created.body.slice(0, 300)).toBe(303);
    const planId = idIn(created.headers.location, 'planer');
    const planPage = await coordinator.get(String(created.headers.location));
    expect(planPage.body).toContain('Planen är skapad som utkast.');
    expect(planPage.body).toContain('Åtgärdsplan 2027');

    const activityForm = `${base}/planer/${planId}/aktiviteter/ny`;
    const place = demoId('place:station');
    const activity = await coordinator.submitForm(activityForm, activityForm, {
      title: 'Bättre belysning vid stationen',
      problem: 'Mörkt vid stationen.',
      cause: 'Trasiga lampor.',
      description: 'Vi byter armaturer.',
      operationalGoal: '20 nya lampor.',
      startsOn: '2027-02-01',
      endsOn: '',
      followUpMethod: 'Räkna lampor.',
      responsibleParty: 'kommun',
      responsibleOrganisationId: demoId('org:vallentuna'),
      responsibleRole: 'Trygghetssamordnare',
      activityType: 'situational',
      theme: 'Belysning',
      placeIds: place,
    });
    expect(activity.statusCode, activity.body.match(/error-summary[\s\S]*?<\/ul>/)?.[0]).toBe(303);
    const activityId = idIn(activity.headers.location, 'aktiviteter');
    const row = await db().selectFrom('coop_activities').selectAll().where('id', '=', activityId).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ plan_id: planId, title: 'Bättre belysning vid stationen', responsible_party: 'kommun', ends_on: null, theme: 'Belysning' });
    expect((await db().selectFrom('coop_activity_places').select('place_id').where('activity_id', '=', activityId).execute()).map((r) => r.place_id)).toEqual([place]);

    const indicatorForm = `${base}/aktiviteter/${activityId}/indikatorer/ny`;
    const indicator = await coordinator.submitForm(indicatorForm, indicatorForm, { name: 'Nya lampor', unit: 'st', baseline: '0', baselineOn: '2027-01-15', target: '20', direction: 'increase' });
    expect(indicator.statusCode, indicator.body.match(/error-summary[\s\S]*?<\/ul>/)?.[0]).toBe(303);
    const indicatorRow = await db().selectFrom('coop_indicators').selectAll().where('activity_id', '=', activityId).executeTakeFirstOrThrow();
    expect(indicatorRow).toMatchObject({ name: 'Nya lampor', unit: 'st', direction: 'increase' });
    expect(Number(indicatorRow.target)).toBe(20);

    const value = await coordinator.submitForm(`${base}/aktiviteter/${activityId}/indikatorer/${indicatorRow.id}`, `${base}/aktiviteter/${activityId}/indikatorer/${indicatorRow.id}/varde`, { measuredOn: '2027-03-01', value: '4,5' });
    expect(value.statusCode).toBe(303);
    const values = await db().selectFrom('coop_indicator_values').select('value').where('indicator_id', '=', indicatorRow.id).execute();
    expect(values.map((v) => Number(v.value))).toEqual([4.5]);

    expect(await auditActions(planId)).toEqual(['cooperation.plan_created']);
    expect(await auditActions(activityId)).toEqual(['cooperation.activity_created']);
    expect(await auditActions(indicatorRow.id)).toEqual(['cooperation.indicator_created', 'cooperation.indicator_value_recorded']);

    const shown = await coordinator.get(`${base}/planer/${planId}`);
    expect(shown.body).toContain('Bättre belysning vid stationen');
  });

  it('answers a period ending before it starts with 422, the message at the field and every value kept', async () => {
    const before = await db().selectFrom('coop_plans').select('id').execute();
    const response = await coordinator.submitForm(`${base}/planer/ny`, `${base}/planer/ny`, { title: 'Baklänges plan', slug: 'baklanges', periodStart: '2027-12-31', periodEnd: '2027-01-01', summary: 'Text som ska finnas kvar.' });
    expect(response.statusCode).toBe(422);
    expect(response.body).toContain('Perioden kan inte sluta innan den börjar.');
    expect(response.body).toContain('href="#field-periodEnd"');
    expect(response.body).toMatch(/id="field-periodEnd"[^>]*aria-invalid="true"/);
    expect(response.body).toContain('value="Baklänges plan"');
    expect(response.body).toContain('value="2027-12-31"');
    expect(response.body).toContain('Text som ska finnas kvar.');
    expect(await db().selectFrom('coop_plans').select('id').execute()).toHaveLength(before.length);
  });

  it('refuses to delete an activity with follow-ups, saying why, and deletes one without after the confirmation', async () => {
    const refused = await coordinator.submitForm(`${base}/aktiviteter/${kommunActivity}/ta-bort`, `${base}/aktiviteter/${kommunActivity}/ta-bort`, {});
    expect(refused.statusCode).toBe(409);
    expect(refused.body).toContain('Aktiviteten har uppföljningar och kan inte tas bort.');
    expect(await db().selectFrom('coop_activities').select('id').where('id', '=', kommunActivity).executeTakeFirst()).toBeDefined();

    const form = `${base}/planer/${currentPlan}/aktiviteter/ny`;
    const created = await coordinator.submitForm(form, form, { title: 'Av misstag', startsOn: '2026-01-01', responsibleParty: 'kommun', activityType: 'social' });
    const id = idIn(created.headers.location, 'aktiviteter');
    const confirm = await coordinator.get(`${base}/aktiviteter/${id}/ta-bort`);
    expect(confirm.body).toContain('Ja, ta bort aktiviteten');
    const deleted = await coordinator.submitForm(`${base}/aktiviteter/${id}/ta-bort`, `${base}/aktiviteter/${id}/ta-bort`, {});
    expect(deleted.statusCode).toBe(303);
    expect(await db().selectFrom('coop_activities').select('id').where('id', '=', id).executeTakeFirst()).toBeUndefined();
    expect(await auditActions(id)).toEqual(['cooperation.activity_created', 'cooperation.activity_deleted']);
  });

  it('hides every staff page from a Täby coordinator and a volunteer, and refuses their posts', async () => {
    const taby = await world.as('tabyCoordinator');
    const volunteer = new TestClient(world.t.app);
    await volunteer.signIn('volontar@vallentuna.example');
    const pages = [base, `${base}/planer/${currentPlan}`, `${base}/aktiviteter/${kommunActivity}`, `${base}/aktiviteter/${kommunActivity}/redigera`, `${base}/loften/${currentPromise}`, `${base}/planer/ny`];
    for (const client of [taby, volunteer]) {
      for (const url of pages) expect((await client.get(url)).statusCode, url).toBe(404);
      // A token from a page they may see, posted to Vallentuna's forms.
      const home = client === taby ? '/taby/' : '/vallentuna/';
      const before = await db().selectFrom('coop_activities').select(['title', 'lock_version']).where('id', '=', kommunActivity).executeTakeFirstOrThrow();
      const edit = await client.submitForm(home, `${base}/aktiviteter/${kommunActivity}/redigera`, { title: 'Kapad', startsOn: '2025-01-01', responsibleParty: 'kommun', activityType: 'social', lockVersion: String(before.lock_version) });
      expect(edit.statusCode).toBe(404);
      const plan = await client.submitForm(home, `${base}/planer/ny`, { title: 'Kapad plan', periodStart: '2027-01-01', periodEnd: '2027-12-31' });
      expect(plan.statusCode).toBe(404);
      expect(await db().selectFrom('coop_activities').select(['title', 'lock_version']).where('id', '=', kommunActivity).executeTakeFirstOrThrow()).toEqual(before);
      expect(await db().selectFrom('coop_plans').select('id').where('title', '=', 'Kapad plan').executeTakeFirst()).toBeUndefined();
    }
  });
});
