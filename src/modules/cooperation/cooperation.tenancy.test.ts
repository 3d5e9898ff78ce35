// The cooperation under attack, over HTTP against the real app: three kommuner on one app, where
// Vallentuna and Täby share Lokalpolisområde Täby and Solna has a police area of its own. Each
// attacker goes through the doors they would try (staff pages, the JSON API, exports, feeds,
// files), naming Vallentuna's rows by id from their own kommun's addresses and from Vallentuna's,
// and every attempt ends in 404 (or 403 for a party's own rule) with the database unchanged.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { allModules } from '../../app/modules.js';
import { csrfTokenFrom, type TestClient } from '../../../test/app.js';
import { dialects } from '../../../test/databases.js';
import { createWorld, ids, people, worldPassword, type Person, type World } from '../../../test/security/world.js';
import type { Actor } from '../../platform/auth/index.js';
import { createGrantTable } from '../../platform/auth/roles.js';
import { insertMembership, insertUser } from '../../platform/auth/user.repository.js';
import { demoPassword, hashPassword } from '../../platform/auth/passwords.js';
import { demoId } from '../../platform/demo.js';
import { prepareUpload } from '../../platform/files/index.js';
import { startNewAgreementVersion } from './agreement.service.js';
import { activityInputSchema, entryInputSchema, planInputSchema } from './cooperation.schemas.js';
import { addActivityFollowUp } from './entry.service.js';
import { createActivity, createPlan } from './plan.service.js';
import { startNewPromiseVersion } from './promise.service.js';
import { formFields, postMultipart } from './staff.test-support.js';

const kommunActivity = demoId('coop:activity:2025-2026:lighting-now');
const policeActivity = demoId('coop:activity:2025-2026:patrols-now');
const currentPromise = demoId('coop:promise:2025-2026');
const agreement = demoId('coop:agreement:main');
const tinyPdf = Buffer.from('%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n', 'latin1');
const internalTitle = 'Intern anteckning om gångtunnlarna';

const coopTables = [
  'coop_plans',
  'coop_activities',
  'coop_activity_places',
  'coop_indicators',
  'coop_indicator_values',
  'coop_promises',
  'coop_promise_versions',
  'coop_promise_activities',
  'coop_entries',
  'coop_entry_files',
  'coop_agreements',
  'coop_agreement_versions',
] as const;

/** Who the world lacks: a police officer of Solna's own area (added here), and the demo's volunteer of Vallentuna's night walkers. */
const extra = {
  solnaPolice: { email: 'polis@solna-polis.example', password: worldPassword },
  vallentunaVolunteer: { email: 'volontar@vallentuna.example', password: demoPassword },
} as const;
type Attacker = Person | keyof typeof extra;

describe.each(dialects)('cooperation across kommuner and parties on %s', (dialect) => {
  let world: World;
  const clients = new Map<Attacker, { client: TestClient; token: string }>();
  let draftPlan: { id: string; slug: string; activitySlug: string };
  let internalFileId: string;
  let kommunActivitySlug: string;
  let draftAgreementVersion: { no: number; lockVersion: number };
  let draftPromiseLock: number;

  beforeAll(async () => {
    world = await createWorld(dialect);
    const ctx = world.t.ctx;
    const now = '2026-01-05T08:00:00.000Z';
    const passwordHash = await hashPassword(worldPassword);
    const solnaPolice = demoId('world:user:solna-police');
    await insertUser(ctx.db, { id: solnaPolice, email: extra.solnaPolice.email, name: 'Polisen i Solna', passwordHash, status: 'active', isPlatformAdmin: false, isDemo: false, now });
    await insertMembership(ctx.db, { id: demoId('world:membership:solna-police'), userId: solnaPolice, organisationId: ids.lpoSolna, role: 'police', now });

    // What Vallentuna keeps from the public: a draft plan, an internal follow-up with a file, a
    // draft of the next löfte version and of the next agreement version.
    const coordinator: Actor = {
      userId: people.vallentunaCoordinator.id,
      name: 'Samordnaren',
      email: people.vallentunaCoordinator.email,
      isPlatformAdmin: false,
      kommunId: ids.vallentuna,
      roles: [{ role: 'coordinator', organisationId: ids.vallentuna, organisationKind: 'kommun', organisationName: 'Vallentuna kommun' }],
      grants: createGrantTable(allModules),
    };
    const plan = await createPlan(ctx, coordinator, ids.vallentuna, planInputSchema.parse({ title: 'Vallentunas hemliga plan', periodStart: '2027-01-01', periodEnd: '2027-12-31' }));
    const hidden = await createActivity(ctx, coordinator, ids.vallentuna, plan.id, activityInputSchema.parse({ title: 'Hemlig aktivitet', startsOn: '2027-01-01', responsibleParty: 'kommun', activityType: 'social' }));
    draftPlan = { id: plan.id, slug: plan.slug, activitySlug: hidden.slug };
    const file = await prepareUpload('document', { filename: 'intern.pdf', data: tinyPdf });
    const entry = await addActivityFollowUp(
      ctx,
      coordinator,
      ids.vallentuna,
      kommunActivity,
      entryInputSchema.parse({ happenedOn: new Date().toISOString().slice(0, 10), title: internalTitle, body: 'Bara för personalen.', visibility: 'internal' }),
      [{ file, title: 'Internt underlag' }],
    );
    internalFileId = (await ctx.db.selectFrom('coop_entry_files').select('file_id').where('entry_id', '=', entry.id).executeTakeFirstOrThrow()).file_id;
    kommunActivitySlug = (await ctx.db.selectFrom('coop_activities').select('slug').where('id', '=', kommunActivity).executeTakeFirstOrThrow()).slug;
    draftPromiseLock = (await startNewPromiseVersion(ctx, coordinator, ids.vallentuna, currentPromise)).lockVersion;
    const draft = await startNewAgreementVersion(ctx, coordinator, ids.vallentuna, agreement);
    draftAgreementVersion = { no: draft.versionNo, lockVersion: draft.lockVersion };
  }, 120_000);
  afterAll(async () => world.t.close());

  async function as(who: Attacker) {
    let known = clients.get(who);
    if (!known) {
      let client: TestClient;
      if (who in extra) {
        const { email, password } = extra[who as keyof typeof extra];
        client = world.anonymous();
        await client.signIn(email, password);
      } else {
        client = await world.as(who as Person);
      }
      known = { client, token: csrfTokenFrom((await client.get('/vallentuna/')).body) };
      clients.set(who, known);
    }
    return known;
  }

  /** A JSON call with the person's session and CSRF token. */
  async function api(who: Attacker, method: 'GET' | 'POST' | 'PUT', url: string, payload?: Record<string, unknown>) {
    const { client, token } = await as(who);
    return world.t.app.inject({ method, url, headers: { cookie: client.jar.header(), 'x-csrf-token': token }, ...(payload ? { payload } : {}) });
  }

  /** A form post with the person's session and CSRF token. */
  async function form(who: Attacker, url: string, fields: Record<string, string>) {
    const { client, token } = await as(who);
    return client.post(url, { ...fields, _csrf: token });
  }

  /** Everything the cooperation stores for Vallentuna, with its audit trail and files. */
  async function storedVallentuna() {
    const db = world.t.ctx.db;
    const stored: Record<string, unknown> = {};
    for (const table of coopTables) {
      const rows = await db.selectFrom(table).selectAll().where('kommun_id', '=', ids.vallentuna).execute();
      stored[table] = rows.map((r) => JSON.stringify(r)).sort();
    }
    stored.audit = Number((await db.selectFrom('audit_log').select((eb) => eb.fn.countAll().as('n')).where('kommun_id', '=', ids.vallentuna).executeTakeFirstOrThrow()).n);
    stored.files = Number((await db.selectFrom('files').select((eb) => eb.fn.countAll().as('n')).where('kommun_id', '=', ids.vallentuna).executeTakeFirstOrThrow()).n);
    return stored;
  }

  /** Valid bodies for the writes, so that nothing but the access check stands in the way. */
  async function validBodies() {
    const { client } = await as('vallentunaCoordinator');
    const editUrl = `/vallentuna/admin/samverkan/aktiviteter/${kommunActivity}/redigera`;
    const activityForm = formFields((await client.get(editUrl)).body, editUrl);
    delete activityForm._csrf;
    const activityJson = (await api('vallentunaCoordinator', 'GET', `/api/v1/vallentuna/cooperation/plans/2025-2026`)).json();
    const lockOf = async (id: string) => (await world.t.ctx.db.selectFrom('coop_activities').select('lock_version').where('id', '=', id).executeTakeFirstOrThrow()).lock_version;
    const input = (id: string) => {
      const a = activityJson.data.activities.find((x: { id: string }) => x.id === id);
      return { title: 'Kapad', startsOn: a.startsOn, responsibleParty: a.responsibleParty, activityType: a.activityType };
    };
    return {
      activityForm: { ...activityForm, title: 'Kapad' },
      activityUpdate: async (id: string) => ({ input: input(id), lockVersion: await lockOf(id) }),
      followUpForm: { happenedOn: '2026-01-10', title: 'Kapad uppföljning', visibility: 'public' },
      followUpJson: { happenedOn: '2026-01-10', title: 'Kapad uppföljning', visibility: 'public' },
      plan: { title: 'Kapad plan', periodStart: '2027-01-01', periodEnd: '2027-12-31' },
      decision: { decidedByBody: 'Kapad nämnd', decidedOn: '2026-01-10', diarienummer: 'KS 2026/1', lockVersion: String(draftAgreementVersion.lockVersion) },
    };
  }

  describe('a Täby coordinator', () => {
    it('reads nothing internal of Vallentuna, through Täby’s addresses with Vallentuna ids or through Vallentuna’s', async () => {
      const { client } = await as('tabyCoordinator');
      const get = async (url: string) => (await client.get(url)).statusCode;
      const answers = {
        tabyActivity: await get(`/taby/admin/samverkan/aktiviteter/${kommunActivity}`),
        tabyActivityEdit: await get(`/taby/admin/samverkan/aktiviteter/${kommunActivity}/redigera`),
        tabyFollowUpForm: await get(`/taby/admin/samverkan/aktiviteter/${kommunActivity}/uppfoljning`),
        tabyPlan: await get(`/taby/admin/samverkan/planer/${draftPlan.id}`),
        tabyPromise: await get(`/taby/admin/samverkan/loften/${currentPromise}`),
        tabyAgreement: await get(`/taby/admin/samverkan/overenskommelser/${agreement}`),
        tabyFile: await get(`/taby/filer/${internalFileId}`),
        tabyApiPlan: (await api('tabyCoordinator', 'GET', `/api/v1/taby/cooperation/plans/${draftPlan.slug}`)).statusCode,
        dashboard: await get('/vallentuna/admin/samverkan'),
        activity: await get(`/vallentuna/admin/samverkan/aktiviteter/${kommunActivity}`),
        plan: await get(`/vallentuna/admin/samverkan/planer/${draftPlan.id}`),
        agreements: await get('/vallentuna/admin/samverkan/overenskommelser'),
        file: await get(`/vallentuna/filer/${internalFileId}`),
        publicDraft: await get(`/vallentuna/atgardsplaner/${draftPlan.slug}`),
        apiDraft: (await api('tabyCoordinator', 'GET', `/api/v1/vallentuna/cooperation/plans/${draftPlan.slug}`)).statusCode,
        draftExport: await get(`/vallentuna/atgardsplaner/${draftPlan.slug}/export/aktiviteter.csv`),
        draftActivity: await get(`/vallentuna/atgardsplaner/${draftPlan.slug}/${draftPlan.activitySlug}`),
        draftActivityValues: await get(`/vallentuna/atgardsplaner/${draftPlan.slug}/${draftPlan.activitySlug}/matvarden`),
        tabyActivityValues: await get(`/taby/atgardsplaner/2025-2026/${kommunActivitySlug}/matvarden`),
      };
      expect(answers).toEqual(Object.fromEntries(Object.keys(answers).map((k) => [k, 404])));
      // What Vallentuna shows everyone, the Täby coordinator sees too, but not a row more.
      const followUps = await api('tabyCoordinator', 'GET', '/api/v1/vallentuna/cooperation/follow-ups');
      expect(followUps.statusCode).toBe(200);
      expect(followUps.body).not.toContain(internalTitle);
      for (const url of ['/vallentuna/samverkan/export/uppfoljningar.csv', '/vallentuna/atgardsplaner/2025-2026/export/uppfoljningar.json']) {
        const exported = await client.get(url);
        expect(exported.statusCode, url).toBe(200);
        expect(exported.body, url).not.toContain(internalTitle);
        expect(exported.body, url).not.toContain('internal');
      }
    });

    it('writes nothing into Vallentuna through Täby’s addresses naming Vallentuna ids', async () => {
      const bodies = await validBodies();
      const before = await storedVallentuna();
      // Deciding is for Täby's administrator by Täby's settings, so the decisions are tried as them:
      // otherwise the refusal would come from the decider rule and not from the kommun's rows.
      const answers = {
        editActivity: (await form('tabyCoordinator', `/taby/admin/samverkan/aktiviteter/${kommunActivity}/redigera`, bodies.activityForm)).statusCode,
        followUp: (await postMultipart((await as('tabyCoordinator')).client, '/taby/admin/samverkan', `/taby/admin/samverkan/aktiviteter/${kommunActivity}/uppfoljning`, bodies.followUpForm)).statusCode,
        apiEditActivity: (await api('tabyCoordinator', 'PUT', `/api/v1/taby/cooperation/activities/${kommunActivity}`, await bodies.activityUpdate(kommunActivity))).statusCode,
        apiFollowUp: (await api('tabyCoordinator', 'POST', `/api/v1/taby/cooperation/activities/${kommunActivity}/follow-ups`, bodies.followUpJson)).statusCode,
        apiActivity: (await api('tabyCoordinator', 'POST', `/api/v1/taby/cooperation/plans/${draftPlan.id}/activities`, (await bodies.activityUpdate(kommunActivity)).input)).statusCode,
        decidePlan: (await form('tabyAdmin', `/taby/admin/samverkan/planer/${draftPlan.id}/status`, { ...bodies.decision, to: 'decided', lockVersion: '1' })).statusCode,
        publishPromise: (await form('tabyAdmin', `/taby/admin/samverkan/loften/${currentPromise}/publicera`, { lockVersion: String(draftPromiseLock) })).statusCode,
        decideAgreement: (await form('tabyAdmin', `/taby/admin/samverkan/overenskommelser/${agreement}/besluta`, bodies.decision)).statusCode,
        apiPublish: (await api('tabyAdmin', 'POST', `/api/v1/taby/cooperation/promises/${currentPromise}/publish`, { lockVersion: draftPromiseLock })).statusCode,
      };
      expect(answers).toEqual(Object.fromEntries(Object.keys(answers).map((k) => [k, 404])));
      expect(await storedVallentuna()).toEqual(before);
    });

    it('writes nothing through Vallentuna’s own addresses, where the Täby roles count for nothing', async () => {
      const bodies = await validBodies();
      const before = await storedVallentuna();
      const answers = {
        createPlan: (await form('tabyCoordinator', '/vallentuna/admin/samverkan/planer/ny', bodies.plan)).statusCode,
        editActivity: (await form('tabyCoordinator', `/vallentuna/admin/samverkan/aktiviteter/${kommunActivity}/redigera`, bodies.activityForm)).statusCode,
        followUp: (await form('tabyCoordinator', `/vallentuna/admin/samverkan/aktiviteter/${kommunActivity}/uppfoljning`, bodies.followUpForm)).statusCode,
        publishPromise: (await form('tabyCoordinator', `/vallentuna/admin/samverkan/loften/${currentPromise}/publicera`, { lockVersion: String(draftPromiseLock) })).statusCode,
        decideAgreement: (await form('tabyCoordinator', `/vallentuna/admin/samverkan/overenskommelser/${agreement}/besluta`, bodies.decision)).statusCode,
        apiCreatePlan: (await api('tabyCoordinator', 'POST', '/api/v1/vallentuna/cooperation/plans', bodies.plan)).statusCode,
        apiEditActivity: (await api('tabyCoordinator', 'PUT', `/api/v1/vallentuna/cooperation/activities/${kommunActivity}`, await bodies.activityUpdate(kommunActivity))).statusCode,
        apiFollowUp: (await api('tabyCoordinator', 'POST', `/api/v1/vallentuna/cooperation/activities/${kommunActivity}/follow-ups`, bodies.followUpJson)).statusCode,
        apiPublish: (await api('tabyCoordinator', 'POST', `/api/v1/vallentuna/cooperation/promises/${currentPromise}/publish`, { lockVersion: draftPromiseLock })).statusCode,
      };
      expect(answers).toEqual(Object.fromEntries(Object.keys(answers).map((k) => [k, 404])));
      expect(await storedVallentuna()).toEqual(before);
    });
  });

  describe('a police officer of the area Vallentuna and Täby share', () => {
    it('touches no Vallentuna row by id while working in Täby', async () => {
      const bodies = await validBodies();
      const before = await storedVallentuna();
      const { client } = await as('kommunpolis');
      const answers = {
        activity: (await client.get(`/taby/admin/samverkan/aktiviteter/${policeActivity}`)).statusCode,
        editActivity: (await form('kommunpolis', `/taby/admin/samverkan/aktiviteter/${policeActivity}/redigera`, bodies.activityForm)).statusCode,
        followUp: (await postMultipart(client, '/taby/admin/samverkan', `/taby/admin/samverkan/aktiviteter/${policeActivity}/uppfoljning`, bodies.followUpForm)).statusCode,
        apiEditActivity: (await api('kommunpolis', 'PUT', `/api/v1/taby/cooperation/activities/${policeActivity}`, await bodies.activityUpdate(policeActivity))).statusCode,
        apiFollowUp: (await api('kommunpolis', 'POST', `/api/v1/taby/cooperation/activities/${policeActivity}/follow-ups`, bodies.followUpJson)).statusCode,
        publishPromise: (await form('kommunpolis', `/taby/admin/samverkan/loften/${currentPromise}/publicera`, { lockVersion: String(draftPromiseLock) })).statusCode,
        file: (await client.get(`/taby/filer/${internalFileId}`)).statusCode,
      };
      expect(answers).toEqual(Object.fromEntries(Object.keys(answers).map((k) => [k, 404])));
      expect(await storedVallentuna()).toEqual(before);
    });

    it('posts a follow-up on a Vallentuna police activity in Vallentuna, where the area serves too', async () => {
      const { client } = await as('kommunpolis');
      const page = `/vallentuna/admin/samverkan/aktiviteter/${policeActivity}/uppfoljning`;
      const posted = await postMultipart(client, page, page, { happenedOn: '2026-01-12', title: 'Polisens egen uppföljning', visibility: 'public' });
      expect(posted.statusCode).toBe(303);
      const stored = await world.t.ctx.db.selectFrom('coop_entries').select(['kommun_id', 'activity_id']).where('title', '=', 'Polisens egen uppföljning').execute();
      expect(stored).toEqual([{ kommun_id: ids.vallentuna, activity_id: policeActivity }]);
    });
  });

  it('gives a Solna police officer nothing in Vallentuna, by either kommun’s addresses', async () => {
    const bodies = await validBodies();
    const before = await storedVallentuna();
    const { client } = await as('solnaPolice');
    const answers = {
      dashboard: (await client.get('/vallentuna/admin/samverkan')).statusCode,
      activity: (await client.get(`/vallentuna/admin/samverkan/aktiviteter/${policeActivity}`)).statusCode,
      plan: (await client.get(`/vallentuna/admin/samverkan/planer/${draftPlan.id}`)).statusCode,
      file: (await client.get(`/vallentuna/filer/${internalFileId}`)).statusCode,
      apiDraft: (await api('solnaPolice', 'GET', `/api/v1/vallentuna/cooperation/plans/${draftPlan.slug}`)).statusCode,
      editActivity: (await form('solnaPolice', `/vallentuna/admin/samverkan/aktiviteter/${policeActivity}/redigera`, bodies.activityForm)).statusCode,
      followUp: (await form('solnaPolice', `/vallentuna/admin/samverkan/aktiviteter/${policeActivity}/uppfoljning`, bodies.followUpForm)).statusCode,
      apiFollowUp: (await api('solnaPolice', 'POST', `/api/v1/vallentuna/cooperation/activities/${policeActivity}/follow-ups`, bodies.followUpJson)).statusCode,
      solnaActivity: (await client.get(`/solna/admin/samverkan/aktiviteter/${policeActivity}`)).statusCode,
      solnaApiEdit: (await api('solnaPolice', 'PUT', `/api/v1/solna/cooperation/activities/${policeActivity}`, await bodies.activityUpdate(policeActivity))).statusCode,
      solnaApiFollowUp: (await api('solnaPolice', 'POST', `/api/v1/solna/cooperation/activities/${policeActivity}/follow-ups`, bodies.followUpJson)).statusCode,
      solnaFile: (await client.get(`/solna/filer/${internalFileId}`)).statusCode,
    };
    expect(answers).toEqual(Object.fromEntries(Object.keys(answers).map((k) => [k, 404])));
    expect(await storedVallentuna()).toEqual(before);
  });

  it.each(['partnerReporter', 'vallentunaVolunteer'] as const)('answers a Vallentuna %s 404 on the staff pages and the API writes', async (who) => {
    const bodies = await validBodies();
    const before = await storedVallentuna();
    const { client } = await as(who);
    const answers = {
      dashboard: (await client.get('/vallentuna/admin/samverkan')).statusCode,
      activity: (await client.get(`/vallentuna/admin/samverkan/aktiviteter/${kommunActivity}`)).statusCode,
      plan: (await client.get(`/vallentuna/admin/samverkan/planer/${draftPlan.id}`)).statusCode,
      agreement: (await client.get(`/vallentuna/admin/samverkan/overenskommelser/${agreement}`)).statusCode,
      file: (await client.get(`/vallentuna/filer/${internalFileId}`)).statusCode,
      editActivity: (await form(who, `/vallentuna/admin/samverkan/aktiviteter/${kommunActivity}/redigera`, bodies.activityForm)).statusCode,
      apiCreatePlan: (await api(who, 'POST', '/api/v1/vallentuna/cooperation/plans', bodies.plan)).statusCode,
      apiEditActivity: (await api(who, 'PUT', `/api/v1/vallentuna/cooperation/activities/${kommunActivity}`, await bodies.activityUpdate(kommunActivity))).statusCode,
      apiFollowUp: (await api(who, 'POST', `/api/v1/vallentuna/cooperation/activities/${kommunActivity}/follow-ups`, bodies.followUpJson)).statusCode,
      apiPublish: (await api(who, 'POST', `/api/v1/vallentuna/cooperation/promises/${currentPromise}/publish`, { lockVersion: draftPromiseLock })).statusCode,
    };
    expect(answers).toEqual(Object.fromEntries(Object.keys(answers).map((k) => [k, 404])));
    expect(await storedVallentuna()).toEqual(before);
  });

  it('shows an anonymous visitor no draft, no internal entry, no internal file and no internal row in exports and feeds', async () => {
    const visitor = world.anonymous();
    const get = (url: string) => visitor.get(url);
    const hidden = {
      draftPlan: (await get(`/vallentuna/atgardsplaner/${draftPlan.slug}`)).statusCode,
      draftPlanApi: (await get(`/api/v1/vallentuna/cooperation/plans/${draftPlan.slug}`)).statusCode,
      draftPlanExport: (await get(`/vallentuna/atgardsplaner/${draftPlan.slug}/export/aktiviteter.json`)).statusCode,
      draftPromiseVersion: (await get(`/vallentuna/medborgarloften/2025-2026/versioner/2`)).statusCode,
      draftAgreementVersion: (await get(`/vallentuna/samverkansoverenskommelser/tryggare-vallentuna/versioner/${draftAgreementVersion.no}`)).statusCode,
      internalFile: (await get(`/vallentuna/filer/${internalFileId}`)).statusCode,
    };
    expect(hidden).toEqual(Object.fromEntries(Object.keys(hidden).map((k) => [k, 404])));
    const shown = [
      `/vallentuna/atgardsplaner/2025-2026/${kommunActivitySlug}`,
      '/vallentuna/atgardsplaner/2025-2026/export/uppfoljningar.csv',
      '/vallentuna/atgardsplaner/2025-2026/export/uppfoljningar.json',
      '/vallentuna/samverkan/export/uppfoljningar.csv',
      '/vallentuna/samverkan/export/uppfoljningar.json',
      '/api/v1/vallentuna/cooperation/follow-ups',
      '/vallentuna/uppfoljning.atom',
    ];
    for (const url of shown) {
      const answer = await get(url);
      expect(answer.statusCode, url).toBe(200);
      expect(answer.body, url).not.toContain(internalTitle);
      expect(answer.body, url).not.toContain(internalFileId);
    }
    // The same addresses do carry the entry for the kommun's staff: the public ones were filtered.
    const { client } = await as('vallentunaCoordinator');
    expect((await client.get('/vallentuna/samverkan/export/uppfoljningar.csv')).body).toContain(internalTitle);
    expect((await client.get(`/vallentuna/filer/${internalFileId}`)).statusCode).toBe(200);
  });

  it.each(['tabyCoordinator', 'kommunpolis', 'partnerReporter', 'solnaPolice'] as const)(
    'gives a %s no PDF of a draft plan and no subscription to Vallentuna’s löfte through another kommun’s address',
    async (who) => {
      const subscriptions = async () => Number((await world.t.ctx.db.selectFrom('email_subscriptions').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
      const before = { stored: await storedVallentuna(), subscriptions: await subscriptions() };
      const { client } = await as(who);
      const answers = {
        draftPdf: (await client.get(`/vallentuna/atgardsplaner/${draftPlan.slug}/atgardsplan.pdf`)).statusCode,
        planPdfElsewhere: (await client.get('/taby/atgardsplaner/2025-2026/atgardsplan.pdf')).statusCode,
        promisePdfElsewhere: (await client.get('/taby/medborgarloften/2025-2026/medborgarlofte.pdf')).statusCode,
        subscribeFormElsewhere: (await client.get('/taby/medborgarloften/2025-2026/prenumerera')).statusCode,
        subscribeElsewhere: (await form(who, '/taby/medborgarloften/2025-2026/prenumerera', { email: 'kapad@example.se' })).statusCode,
        activitySubscribeElsewhere: (await form(who, `/taby/atgardsplaner/2025-2026/${kommunActivitySlug}/prenumerera`, { email: 'kapad@example.se' })).statusCode,
        draftActivitySubscribe: (await form(who, `/vallentuna/atgardsplaner/${draftPlan.slug}/${kommunActivitySlug}/prenumerera`, { email: 'kapad@example.se' })).statusCode,
      };
      expect(answers).toEqual(Object.fromEntries(Object.keys(answers).map((k) => [k, 404])));
      expect({ stored: await storedVallentuna(), subscriptions: await subscriptions() }).toEqual(before);
    },
  );

  describe('each party edits its own activities', () => {
    it('refuses the kommun’s coordinator a police activity, with 403 and nothing changed', async () => {
      const bodies = await validBodies();
      const before = await storedVallentuna();
      const url = `/vallentuna/admin/samverkan/aktiviteter/${policeActivity}/redigera`;
      const { client } = await as('vallentunaCoordinator');
      const fields = formFields((await client.get(url)).body, url);
      const answers = {
        edit: (await form('vallentunaCoordinator', url, { ...fields, title: 'Kapad' })).statusCode,
        followUp: (await postMultipart(client, '/vallentuna/admin/samverkan', `/vallentuna/admin/samverkan/aktiviteter/${policeActivity}/uppfoljning`, bodies.followUpForm)).statusCode,
        apiEdit: (await api('vallentunaCoordinator', 'PUT', `/api/v1/vallentuna/cooperation/activities/${policeActivity}`, await bodies.activityUpdate(policeActivity))).statusCode,
        apiFollowUp: (await api('vallentunaCoordinator', 'POST', `/api/v1/vallentuna/cooperation/activities/${policeActivity}/follow-ups`, bodies.followUpJson)).statusCode,
      };
      expect(answers).toEqual({ edit: 403, followUp: 403, apiEdit: 403, apiFollowUp: 403 });
      expect(await storedVallentuna()).toEqual(before);
    });

    it('refuses the police a kommun activity, with 403 and nothing changed', async () => {
      const bodies = await validBodies();
      const before = await storedVallentuna();
      const { client } = await as('kommunpolis');
      const answers = {
        edit: (await form('kommunpolis', `/vallentuna/admin/samverkan/aktiviteter/${kommunActivity}/redigera`, bodies.activityForm)).statusCode,
        followUp: (await postMultipart(client, '/vallentuna/admin/samverkan', `/vallentuna/admin/samverkan/aktiviteter/${kommunActivity}/uppfoljning`, bodies.followUpForm)).statusCode,
        apiEdit: (await api('kommunpolis', 'PUT', `/api/v1/vallentuna/cooperation/activities/${kommunActivity}`, await bodies.activityUpdate(kommunActivity))).statusCode,
        apiFollowUp: (await api('kommunpolis', 'POST', `/api/v1/vallentuna/cooperation/activities/${kommunActivity}/follow-ups`, bodies.followUpJson)).statusCode,
      };
      expect(answers).toEqual({ edit: 403, followUp: 403, apiEdit: 403, apiFollowUp: 403 });
      expect(await storedVallentuna()).toEqual(before);
    });
  });
});
