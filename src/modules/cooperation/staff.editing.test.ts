import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, csrfTokenFrom, TestClient, type TestApp } from '../../../test/app.js';
import { dialects } from '../../../test/databases.js';
import { demoId } from '../../platform/demo.js';
import { formFields, postMultipart } from './staff.test-support.js';

const base = '/vallentuna/admin/samverkan';
const kommunActivity = demoId('coop:activity:2025-2026:lighting-now');
const policeActivity = demoId('coop:activity:2025-2026:patrols-now');
const currentPromise = demoId('coop:promise:2025-2026');

describe.each(dialects)('cooperation staff editing: conflicts, sides and follow-up on %s', (dialect) => {
  let t: TestApp;
  let coordinator: TestClient;
  let police: TestClient;

  beforeAll(async () => {
    t = await createTestApp(dialect);
    coordinator = new TestClient(t.app);
    await coordinator.signIn('samordnare@vallentuna.example');
    police = new TestClient(t.app);
    await police.signIn('kommunpolis@taby-polis.example');
  });
  afterAll(async () => t.close());

  const db = () => t.ctx.db;

  it('answers the second of two concurrent saves with 409, both versions and nothing lost, and a deliberate second save wins', async () => {
    const other = new TestClient(t.app);
    await other.signIn('admin@vallentuna.example');
    const editUrl = `${base}/aktiviteter/${kommunActivity}/redigera`;
    const mine = await coordinator.get(editUrl);
    const theirs = await other.get(editUrl);
    const myFields = formFields(mine.body, editUrl);
    const theirFields = formFields(theirs.body, editUrl);
    expect(myFields.lockVersion).toBe(theirFields.lockVersion);

    const first = await other.post(editUrl, { ...theirFields, operationalGoal: 'Tio gångtunnlar med ny belysning', _csrf: csrfTokenFrom(theirs.body) });
    expect(first.statusCode).toBe(303);

    const second = await coordinator.post(editUrl, { ...myFields, operationalGoal: 'Tolv gångtunnlar före hösten', _csrf: csrfTokenFrom(mine.body) });
    expect(second.statusCode).toBe(409);
    expect(second.body).toContain('Någon annan har sparat en ändring medan du skrev.');
    expect(second.body).toContain('Din version');
    expect(second.body).toContain('Sparad version');
    const panel = second.body.slice(second.body.indexOf('coop-conflict'), second.body.indexOf('<form', second.body.indexOf('coop-conflict')));
    expect(panel).toContain('Tolv gångtunnlar före hösten');
    expect(panel).toContain('Tio gångtunnlar med ny belysning');
    // The form keeps what the person typed, with the saved version's lockVersion.
    const again = formFields(second.body, editUrl);
    expect(again.operationalGoal).toBe('Tolv gångtunnlar före hösten');
    const stored = await db().selectFrom('coop_activities').select(['operational_goal', 'lock_version']).where('id', '=', kommunActivity).executeTakeFirstOrThrow();
    expect(stored.operational_goal).toBe('Tio gångtunnlar med ny belysning');
    expect(again.lockVersion).toBe(String(stored.lock_version));

    const overwrite = await coordinator.post(editUrl, { ...again, _csrf: csrfTokenFrom(second.body) });
    expect(overwrite.statusCode).toBe(303);
    const after = await db().selectFrom('coop_activities').select('operational_goal').where('id', '=', kommunActivity).executeTakeFirstOrThrow();
    expect(after.operational_goal).toBe('Tolv gångtunnlar före hösten');
    const audit = await db().selectFrom('audit_log').select('action').where('entity_id', '=', kommunActivity).where('action', '=', 'cooperation.activity_updated').execute();
    expect(audit).toHaveLength(2);
  });

  it('answers a post whose body is not a form (JSON null, a number, a list, nested objects) with 4xx on every staff form, and stores nothing', async () => {
    // Found by the fuzzer: a JSON null posted to the new-löfte form answered 500.
    const page = await coordinator.get(`${base}/loften/ny`);
    const token = csrfTokenFrom(page.body);
    const plan = demoId('coop:plan:2025-2026');
    const indicator = (await db().selectFrom('coop_indicators').select('id').where('activity_id', '=', kommunActivity).executeTakeFirstOrThrow()).id;
    const forms = [
      `${base}/loften/ny`,
      `${base}/loften/${currentPromise}`,
      `${base}/planer/ny`,
      `${base}/planer/${plan}`,
      `${base}/planer/${plan}/aktiviteter/ny`,
      `${base}/aktiviteter/${kommunActivity}/redigera`,
      `${base}/aktiviteter/${kommunActivity}/indikatorer/ny`,
      `${base}/aktiviteter/${kommunActivity}/indikatorer/${indicator}`,
      `${base}/aktiviteter/${kommunActivity}/indikatorer/${indicator}/varde`,
    ];
    const before = await db().selectFrom('audit_log').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow();
    for (const url of forms) {
      for (const raw of ['null', '42', '["a"]', '{"title":{"nested":true},"lockVersion":[1]}']) {
        const response = await t.app.inject({ method: 'POST', url, headers: { cookie: coordinator.jar.header(), 'content-type': 'application/json', 'x-csrf-token': token }, payload: raw });
        expect(response.statusCode, `${url} ${raw}`).toBeGreaterThanOrEqual(400);
        expect(response.statusCode, `${url} ${raw}`).toBeLessThan(500);
        // Refused by the form's checks, not by a missing route, a lacking permission or the CSRF guard.
        expect([409, 422], `${url} ${raw}`).toContain(response.statusCode);
      }
    }
    const after = await db().selectFrom('audit_log').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow();
    expect(Number(after.n)).toBe(Number(before.n));
  });

  it('shows both versions of a draft plan and of an indicator after concurrent saves, and saving again replaces the saved one', async () => {
    const other = new TestClient(t.app);
    await other.signIn('admin@vallentuna.example');
    const created = await coordinator.submitForm(`${base}/planer/ny`, `${base}/planer/ny`, { title: 'Plan att bråka om', periodStart: '2027-01-01', periodEnd: '2027-12-31' });
    const planUrl = String(created.headers.location);
    const indicatorUrl = `${base}/aktiviteter/${kommunActivity}/indikatorer/${demoId('coop:indicator:2025-2026:lighting-now:0')}`;
    const cases = [
      { url: planUrl, field: 'summary', read: async () => (await db().selectFrom('coop_plans').select('summary_md as v').where('id', '=', planUrl.split('/').pop()!).executeTakeFirstOrThrow()).v },
      { url: indicatorUrl, field: 'target', read: async () => String((await db().selectFrom('coop_indicators').select('target as v').where('id', '=', indicatorUrl.split('/').pop()!).executeTakeFirstOrThrow()).v) },
    ];
    for (const { url, field, read } of cases) {
      const mine = await coordinator.get(url);
      const theirs = await other.get(url);
      const first = await other.post(url, { ...formFields(theirs.body, url), [field]: '7', _csrf: csrfTokenFrom(theirs.body) });
      expect(first.statusCode, url).toBe(303);
      const second = await coordinator.post(url, { ...formFields(mine.body, url), [field]: '9', _csrf: csrfTokenFrom(mine.body) });
      expect(second.statusCode, url).toBe(409);
      expect(second.body).toContain('Din version');
      expect(second.body).toContain('Sparad version');
      expect(await read()).toBe('7');
      const again = formFields(second.body, url);
      expect(again[field]).toBe('9');
      const overwrite = await coordinator.post(url, { ...again, _csrf: csrfTokenFrom(second.body) });
      expect(overwrite.statusCode, url).toBe(303);
      expect(await read()).toBe('9');
    }
  });

  it('shows both versions of a löfte draft after a concurrent save', async () => {
    const started = await coordinator.submitForm(`${base}/loften/${currentPromise}`, `${base}/loften/${currentPromise}/ny-version`, {});
    expect(started.statusCode).toBe(303);
    const url = `${base}/loften/${currentPromise}`;
    const other = new TestClient(t.app);
    await other.signIn('admin@vallentuna.example');
    const mine = await coordinator.get(url);
    expect(mine.body).toContain('Publicerad version 1');
    const theirs = await other.get(url);
    const first = await other.post(url, { ...formFields(theirs.body, url), expectedEffect: 'Deras effekt', _csrf: csrfTokenFrom(theirs.body) });
    expect(first.statusCode).toBe(303);
    const second = await coordinator.post(url, { ...formFields(mine.body, url), expectedEffect: 'Min effekt', _csrf: csrfTokenFrom(mine.body) });
    expect(second.statusCode).toBe(409);
    expect(second.body).toContain('Deras effekt');
    expect(second.body).toContain('Min effekt');
    const overwrite = await coordinator.post(url, { ...formFields(second.body, url), _csrf: csrfTokenFrom(second.body) });
    expect(overwrite.statusCode).toBe(303);
    const draft = await db().selectFrom('coop_promise_versions').select('content_json').where('promise_id', '=', currentPromise).where('status', '=', 'draft').executeTakeFirstOrThrow();
    expect(JSON.parse(draft.content_json).expectedEffect).toBe('Min effekt');
  });

  it('keeps the police out of a kommun activity: read-only page, 403 on save, nothing changed', async () => {
    const page = await police.get(`${base}/aktiviteter/${kommunActivity}/redigera`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Aktiviteten ägs av den andra parten.');
    expect(page.body).not.toContain(`action="${base}/aktiviteter/${kommunActivity}/redigera"`);
    const before = await db().selectFrom('coop_activities').selectAll().where('id', '=', kommunActivity).executeTakeFirstOrThrow();
    const save = await police.submitForm(`${base}/aktiviteter/${kommunActivity}`, `${base}/aktiviteter/${kommunActivity}/redigera`, {
      title: 'Polisens version',
      startsOn: '2025-01-01',
      responsibleParty: 'police',
      activityType: 'social',
      lockVersion: String(before.lock_version),
    });
    expect([403, 404]).toContain(save.statusCode);
    const followUp = await postMultipart(police, `${base}/aktiviteter/${policeActivity}/uppfoljning`, `${base}/aktiviteter/${kommunActivity}/uppfoljning`, { happenedOn: '2026-01-10', title: 'Inte vår', visibility: 'public' });
    expect([403, 404]).toContain(followUp.statusCode);
    expect(await db().selectFrom('coop_activities').selectAll().where('id', '=', kommunActivity).executeTakeFirstOrThrow()).toEqual(before);
  });

  it('lets the police post a follow-up on a police activity with a figure and a photo', async () => {
    const url = `${base}/aktiviteter/${policeActivity}/uppfoljning`;
    const form = await police.get(url);
    expect(form.statusCode).toBe(200);
    expect(form.body).toContain('value="Kommunpolis"');
    const indicatorId = /name="value\.([0-9a-f-]{36})"/.exec(form.body)?.[1];
    expect(indicatorId).toBeDefined();
    const photo = await sharp({ create: { width: 40, height: 30, channels: 3, background: { r: 20, g: 120, b: 60 } } }).jpeg().toBuffer();

    const missingAlt = await postMultipart(police, url, url, { happenedOn: '2026-11-20', title: 'Patrull vid stationen', visibility: 'public', [`value.${indicatorId}`]: '38' }, { file1: { filename: 'patrull.jpg', data: photo, type: 'image/jpeg' } });
    expect(missingAlt.statusCode).toBe(422);
    expect(missingAlt.body).toContain('Beskriv vad bilden visar');
    expect(missingAlt.body).toContain('value="Patrull vid stationen"');

    const tooFar = await postMultipart(police, url, url, { happenedOn: '2026-11-20', title: 'Patrull vid stationen', visibility: 'public', progress: '101' });
    expect(tooFar.statusCode).toBe(422);
    expect(tooFar.body).toContain('ett heltal från 0 till 100');
    expect(tooFar.body).toContain('value="101"');

    const response = await postMultipart(
      police,
      url,
      url,
      {
        happenedOn: '2026-11-20',
        title: 'Patrull vid stationen',
        body: 'Fyra kvällar i veckan.',
        visibility: 'public',
        authorRole: 'Kommunpolis',
        status: 'in_progress',
        progress: '80',
        assessment: 'green',
        assessmentText: 'Enligt plan.',
        [`value.${indicatorId}`]: '38',
        fileTitle1: 'Två poliser på perrongen',
      },
      { file1: { filename: 'patrull.jpg', data: photo, type: 'image/jpeg' } },
    );
    expect(response.statusCode, response.body.match(/error-summary[\s\S]*?<\/ul>/)?.[0]).toBe(303);
    const entry = await db().selectFrom('coop_entries').selectAll().where('activity_id', '=', policeActivity).where('title', '=', 'Patrull vid stationen').executeTakeFirstOrThrow();
    expect(entry).toMatchObject({ visibility: 'public', author_role: 'Kommunpolis', assessment_to: 'green' });
    expect(Number(entry.progress_to)).toBe(80);
    const values = await db().selectFrom('coop_indicator_values').select('value').where('entry_id', '=', entry.id).execute();
    expect(values.map((v) => Number(v.value))).toEqual([38]);
    const files = await db().selectFrom('coop_entry_files').select(['kind', 'title']).where('entry_id', '=', entry.id).execute();
    expect(files).toEqual([{ kind: 'image', title: 'Två poliser på perrongen' }]);
    const audit = await db().selectFrom('audit_log').select('action').where('entity_id', '=', entry.id).execute();
    expect(audit.map((a) => a.action)).toEqual(['cooperation.follow_up_added']);

    const page = await police.get(`${base}/aktiviteter/${policeActivity}`);
    expect(page.body).toContain('Patrull vid stationen');
    expect(page.body).toContain('alt="Två poliser på perrongen"');
  });

  it('adds a follow-up on a löfte itself, text only, audited', async () => {
    const url = `${base}/loften/${currentPromise}/uppfoljning`;
    const form = await coordinator.get(url);
    expect(form.body).toContain('value="Trygghetssamordnare"');
    expect(form.body).not.toContain('name="progress"');
    const response = await postMultipart(coordinator, url, url, { happenedOn: '2026-10-01', title: 'Dialogmöte i Kulturhuset', body: 'Ett trettiotal kom.', visibility: 'public', authorRole: 'Trygghetssamordnare' });
    expect(response.statusCode).toBe(303);
    const entry = await db().selectFrom('coop_entries').select(['id', 'activity_id']).where('promise_id', '=', currentPromise).where('title', '=', 'Dialogmöte i Kulturhuset').executeTakeFirstOrThrow();
    expect(entry.activity_id).toBeNull();
    expect((await db().selectFrom('audit_log').select('action').where('entity_id', '=', entry.id).execute()).map((a) => a.action)).toEqual(['cooperation.follow_up_added']);
    expect((await coordinator.get(`${base}/loften/${currentPromise}`)).body).toContain('Dialogmöte i Kulturhuset');
  });

  it('shows the staff pages in English', async () => {
    const client = new TestClient(t.app);
    await client.signIn('samordnare@vallentuna.example');
    await client.get('/sprak?till=en&tillbaka=%2F');
    const dashboard = await client.get(base);
    expect(dashboard.body).toContain('<html lang="en"');
    expect(dashboard.body).toContain('Cooperation and citizen promises');
    const form = await client.get(`${base}/aktiviteter/${kommunActivity}/uppfoljning`);
    expect(form.body).toContain('Who may read the follow-up');
    expect(form.body).toContain('value="Safety coordinator"');
  });

  it('marks internal entries on the staff timeline', async () => {
    const url = `${base}/aktiviteter/${kommunActivity}/uppfoljning`;
    const response = await postMultipart(coordinator, url, url, { happenedOn: '2026-11-21', title: 'Internt möte om tunnlarna', visibility: 'internal' });
    expect(response.statusCode).toBe(303);
    const page = await coordinator.get(`${base}/aktiviteter/${kommunActivity}`);
    const item = page.body.slice(page.body.indexOf('Internt möte om tunnlarna'));
    expect(item.slice(0, 600)).toContain('Bara inom samverkan');
  });

  it('publishes a löfte only for deciders, and shows why next to the promise that is not ready', async () => {
    const form = `${base}/loften/ny`;
    const created = await coordinator.submitForm(form, form, {
      title: 'Löfte utan aktivitet',
      periodStart: '2027-01-01',
      periodEnd: '2027-12-31',
      'items.0.party': 'police',
      'items.0.text': 'patrullera mer.',
      'items.1.party': 'kommun',
      'items.1.text': 'laga lampor.',
      'items.1.activityIds': kommunActivity,
    });
    expect(created.statusCode, created.body.match(/error-summary[\s\S]*?<\/ul>/)?.[0]).toBe(303);
    const url = String(created.headers.location);
    const page = await coordinator.get(url);
    // Coordinators do not decide by default: no publish button, and the post is refused.
    expect(page.body).not.toContain('Publicera löftet</button>');
    const admin = new TestClient(t.app);
    await admin.signIn('admin@vallentuna.example');
    const refused = await admin.submitForm(url, `${url}/publicera`, formFields((await admin.get(url)).body, `${url}/publicera`));
    expect(refused.statusCode).toBe(422);
    expect(refused.body).toContain('href="#field-items-0-activityIds"');
    expect(refused.body).toMatch(/id="field-items-0-activityIds"[^>]*data-invalid="true"/);
    expect(refused.body).toContain('Koppla löftet till minst en aktivitet');
  });
});
