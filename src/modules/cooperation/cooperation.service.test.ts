import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { kommunActor } from '../../../test/actors.js';
import { dialects, createTestContext, type TestContext } from '../../../test/databases.js';
import { seedDemo } from '../../platform/demo.js';
import type { Actor } from '../../platform/auth/index.js';
import { ConflictError, ForbiddenError, ValidationError } from '../../platform/http/errors.js';
import { findKommunById, type Kommun } from '../../platform/tenants/index.js';
import { StaleEditError } from './cooperation.errors.js';
import { activityInputSchema, entryInputSchema, indicatorInputSchema, planInputSchema } from './cooperation.schemas.js';
import type { CooperationDemoIds } from './cooperation.demo.js';
import { listTimeline } from './entry.repository.js';
import { addActivityFollowUp } from './entry.service.js';
import { valuesOfIndicators } from './indicator.repository.js';
import { createIndicator } from './indicator.service.js';
import { findActivityById, findPlanBySlug, listActivitiesOfPlan } from './plan.repository.js';
import { changePlanStatus, createActivity, createPlan, deleteActivity, updateActivity } from './plan.service.js';
import { findCurrentPromiseVersion, findCurrentPublishedPromise, listPromises, listPromiseVersions } from './promise.repository.js';
import { currentPromiseOf } from './public.service.js';
import { promiseInputSchema } from './promise.schemas.js';
import { createPromise, publishPromise, savePromiseDraft, startNewPromiseVersion } from './promise.service.js';
import { cooperationModule } from './index.js';

const publicOf = (kommunId: string) => ({ kommunId, seesInternal: false });
const staffOf = (kommunId: string) => ({ kommunId, seesInternal: true });

describe.each(dialects)('cooperation services on %s', (dialect) => {
  let ctx: TestContext;
  let kommunId: string;
  let kommun: Kommun;
  let coordinator: Actor;
  let admin: Actor;
  let police: Actor;
  let volunteer: Actor;
  let demo: CooperationDemoIds;

  beforeAll(async () => {
    ctx = await createTestContext(dialect);
    const seed = await seedDemo(ctx);
    kommunId = seed.kommunId;
    kommun = (await findKommunById(ctx.db, kommunId))!;
    coordinator = kommunActor(seed, 'coordinator', 'coordinator');
    admin = kommunActor(seed, 'admin', 'administrator');
    volunteer = kommunActor(seed, 'volunteer', 'volunteer');
    police = {
      ...kommunActor(seed, 'police', 'police'),
      roles: [{ role: 'police', organisationId: seed.policeAreaId, organisationKind: 'lokalpolisomrade', organisationName: 'Lokalpolisområde Täby' }],
    };
    demo = seed.of(cooperationModule);
  });
  afterAll(async () => ctx.destroy());

  const plan = (title: string) => planInputSchema.parse({ title, periodStart: '2027-01-01', periodEnd: '2027-12-31' });
  const activity = (title: string, responsibleParty: 'kommun' | 'police' | 'joint' = 'kommun') =>
    activityInputSchema.parse({ title, startsOn: '2027-01-01', responsibleParty, activityType: 'situational' });

  it('seeds the 2017 plan with its five activities and follow-ups the public can read', async () => {
    const plan2017 = await findPlanBySlug(ctx.db, publicOf(kommunId), '2017');
    expect(plan2017?.status).toBe('ended');
    const activities = await listActivitiesOfPlan(ctx.db, publicOf(kommunId), plan2017!.id);
    expect(activities.map((a) => a.title)).toHaveLength(5);
    expect(activities[0]!.status).toBe('done');
    const { rows } = await listTimeline(ctx.db, publicOf(kommunId), { activityId: demo.activities2017[0]! }, 10);
    expect(rows.length).toBe(5);
    expect(rows[0]!.statusTo).toBe('done');
  });

  it('keeps a draft plan and its activities from the public', async () => {
    const draft = await createPlan(ctx, coordinator, kommunId, plan('Utkast till plan'));
    await createActivity(ctx, coordinator, kommunId, draft.id, activity('Hemlig aktivitet'));
    expect(await findPlanBySlug(ctx.db, publicOf(kommunId), draft.slug)).toBeUndefined();
    expect(await listActivitiesOfPlan(ctx.db, publicOf(kommunId), draft.id)).toEqual([]);
    expect(await listActivitiesOfPlan(ctx.db, staffOf(kommunId), draft.id)).toHaveLength(1);
  });

  it('refuses a period that ends before it starts, and saves nothing', async () => {
    expect(planInputSchema.safeParse({ title: 'Bakvänd', periodStart: '2027-12-31', periodEnd: '2027-01-01' }).error?.issues[0]?.message).toBe('cooperation.errors.periodEndBeforeStart');
    expect(planInputSchema.safeParse({ title: 'Ogiltig', periodStart: '2027-02-30', periodEnd: '2027-12-31' }).success).toBe(false);
  });

  it('lets only the owning side edit an activity: the police edit police activities, the kommun its own', async () => {
    const p = await createPlan(ctx, coordinator, kommunId, plan('Partsplan'));
    const policeActivity = await createActivity(ctx, coordinator, kommunId, p.id, activity('Polisens aktivitet', 'police'));
    await expect(updateActivity(ctx, coordinator, kommunId, policeActivity.id, activity('Ändrad av kommunen', 'police'), policeActivity.lockVersion)).rejects.toBeInstanceOf(ForbiddenError);
    const changed = await updateActivity(ctx, police, kommunId, policeActivity.id, activity('Ändrad av polisen', 'police'), policeActivity.lockVersion);
    expect(changed.title).toBe('Ändrad av polisen');
    await expect(updateActivity(ctx, police, kommunId, policeActivity.id, activity('Lämnas över', 'kommun'), changed.lockVersion)).rejects.toBeInstanceOf(ValidationError);
    await expect(createActivity(ctx, volunteer, kommunId, p.id, activity('Volontär'))).rejects.toBeInstanceOf(ForbiddenError);
  });

  it('detects a concurrent edit: the second save gets the stored version and changes nothing', async () => {
    const p = await createPlan(ctx, coordinator, kommunId, plan('Samtidig plan'));
    const a = await createActivity(ctx, coordinator, kommunId, p.id, activity('Original'));
    await updateActivity(ctx, coordinator, kommunId, a.id, activity('Första sparningen'), a.lockVersion);
    const second = updateActivity(ctx, coordinator, kommunId, a.id, activity('Andra sparningen'), a.lockVersion);
    await expect(second).rejects.toBeInstanceOf(StaleEditError);
    const error = (await second.catch((e: unknown) => e)) as StaleEditError<{ title: string }>;
    expect(error.current.title).toBe('Första sparningen');
    expect((await findActivityById(ctx.db, staffOf(kommunId), a.id))?.title).toBe('Första sparningen');
  });

  it('records status, progress and figures as a follow-up entry, so the timeline is the history', async () => {
    const p = await createPlan(ctx, coordinator, kommunId, plan('Uppföljningsplan'));
    const a = await createActivity(ctx, coordinator, kommunId, p.id, activity('Belysning', 'police'));
    const indicator = await createIndicator(ctx, police, kommunId, a.id, indicatorInputSchema.parse({ name: 'Lampor', unit: 'st', target: 10, direction: 'increase' }));
    await addActivityFollowUp(
      ctx,
      police,
      kommunId,
      a.id,
      entryInputSchema.parse({ happenedOn: '2027-02-01', title: 'Fyra lampor lagade', visibility: 'public', status: 'in_progress', progress: 40, assessment: 'green', assessmentText: 'Enligt plan', values: [{ indicatorId: indicator.id, value: '4' }] }),
    );
    const after = await findActivityById(ctx.db, staffOf(kommunId), a.id);
    expect(after).toMatchObject({ status: 'in_progress', progress: 40, assessment: 'green', lastPublicUpdateOn: '2027-02-01' });
    const { rows } = await listTimeline(ctx.db, staffOf(kommunId), { activityId: a.id }, 10);
    expect(rows[0]).toMatchObject({ statusFrom: 'not_started', statusTo: 'in_progress', progressFrom: 0, progressTo: 40 });
    const values = await valuesOfIndicators(ctx.db, staffOf(kommunId), [indicator.id]);
    expect(values.get(indicator.id)?.map((v) => [v.measuredOn, v.value])).toEqual([['2027-02-01', 4]]);
  });

  it('refuses a value with the wrong unit, a traffic light without words and progress over 100, storing nothing', async () => {
    const p = await createPlan(ctx, coordinator, kommunId, plan('Felplan'));
    const a = await createActivity(ctx, coordinator, kommunId, p.id, activity('Felaktivitet'));
    const indicator = await createIndicator(ctx, coordinator, kommunId, a.id, indicatorInputSchema.parse({ name: 'Vandringar', unit: 'st/månad', direction: 'increase' }));
    const base = { happenedOn: '2027-03-01', title: 'Fel', visibility: 'public' };
    await expect(addActivityFollowUp(ctx, coordinator, kommunId, a.id, entryInputSchema.parse({ ...base, values: [{ indicatorId: indicator.id, value: 3, unit: 'timmar' }] }))).rejects.toBeInstanceOf(ValidationError);
    await expect(addActivityFollowUp(ctx, coordinator, kommunId, a.id, entryInputSchema.parse({ ...base, assessment: 'red' }))).rejects.toBeInstanceOf(ValidationError);
    expect(entryInputSchema.safeParse({ ...base, progress: '101' }).error?.issues[0]?.message).toBe('cooperation.errors.progress');
    expect((await listTimeline(ctx.db, staffOf(kommunId), { activityId: a.id }, 10)).rows).toEqual([]);
    expect((await valuesOfIndicators(ctx.db, staffOf(kommunId), [indicator.id])).get(indicator.id)).toEqual([]);
  });

  it('refuses to delete an activity that has follow-ups', async () => {
    await expect(deleteActivity(ctx, police, kommunId, demo.activities2017[0]!)).rejects.toBeInstanceOf(ConflictError);
    expect(await findActivityById(ctx.db, staffOf(kommunId), demo.activities2017[0]!)).toBeDefined();
  });

  it('refuses to publish a löfte whose promise has no activity, or an activity of an undecided plan', async () => {
    const p = await createPlan(ctx, coordinator, kommunId, plan('Löftesplan'));
    const a = await createActivity(ctx, coordinator, kommunId, p.id, activity('Löftesaktivitet'));
    const input = promiseInputSchema.parse({ title: 'Löfte 2027', periodStart: '2027-01-01', periodEnd: '2027-12-31', items: [{ party: 'kommun', text: 'göra något' }] });
    const created = await createPromise(ctx, coordinator, kommunId, input);
    await expect(publishPromise(ctx, admin, kommun, created.promiseId, created.lockVersion)).rejects.toMatchObject({ fields: { 'items.0.activityIds': 'cooperation.errors.promiseItemWithoutActivity' } });
    const linked = await savePromiseDraft(ctx, coordinator, kommunId, created.promiseId, { ...input, items: [{ party: 'kommun', text: 'göra något', activityIds: [a.id] }] }, created.lockVersion);
    await expect(publishPromise(ctx, admin, kommun, created.promiseId, linked.lockVersion)).rejects.toMatchObject({ fields: { 'items.0.activityIds': 'cooperation.errors.promiseActivityNotPublic' } });
    expect(await findCurrentPromiseVersion(ctx.db, publicOf(kommunId), { id: created.promiseId })).toBeUndefined();
    const current = await changePlanStatus(ctx, admin, kommun, p.id, 'decided', { decidedByBody: 'Kommunstyrelsen', decidedOn: '2026-12-01', diarienummer: 'KS 2026/1' }, p.lockVersion);
    expect(current.status).toBe('decided');
    await expect(publishPromise(ctx, coordinator, kommun, created.promiseId, linked.lockVersion)).rejects.toBeInstanceOf(ForbiddenError);
    const published = await publishPromise(ctx, admin, kommun, created.promiseId, linked.lockVersion);
    expect(published.status).toBe('published');
    expect((await findCurrentPromiseVersion(ctx.db, publicOf(kommunId), { id: created.promiseId }))?.title).toBe('Löfte 2027');
  });

  it('never changes a published löfte: a change is a new version, and the old one stays in the public history', async () => {
    const v1 = (await findCurrentPromiseVersion(ctx.db, staffOf(kommunId), { id: demo.currentPromise }))!;
    expect(v1.status).toBe('published');
    await expect(savePromiseDraft(ctx, coordinator, kommunId, demo.currentPromise, promiseInputSchema.parse({ title: 'Ändrad', periodStart: v1.periodStart, periodEnd: v1.periodEnd, ...v1.content }), v1.lockVersion)).rejects.toBeInstanceOf(ConflictError);
    const draft = await startNewPromiseVersion(ctx, coordinator, kommunId, demo.currentPromise);
    expect(draft.versionNo).toBe(2);
    const saved = await savePromiseDraft(ctx, coordinator, kommunId, demo.currentPromise, promiseInputSchema.parse({ title: 'Medborgarlöfte 2025–2026 (reviderat)', periodStart: v1.periodStart, periodEnd: v1.periodEnd, ...v1.content, changeNote: 'Nytt löfte om belysning' }), draft.lockVersion);
    expect((await findCurrentPromiseVersion(ctx.db, publicOf(kommunId), { id: demo.currentPromise }))?.versionNo).toBe(1);
    await publishPromise(ctx, admin, kommun, demo.currentPromise, saved.lockVersion);
    const history = await listPromiseVersions(ctx.db, publicOf(kommunId), demo.currentPromise);
    expect(history.map((v) => [v.versionNo, v.status])).toEqual([[2, 'published'], [1, 'superseded']]);
  });

  it('finds the current löfte for the home page in SQL exactly as the landing page picks it from all löften', async () => {
    const all = await listPromises(ctx.db, publicOf(kommunId));
    for (const today of ['2010-01-01', '2017-06-01', '2019-01-01', '2023-06-01', '2026-06-01', '2027-06-01', '2035-01-01']) {
      const expected = currentPromiseOf(all, today);
      expect((await findCurrentPublishedPromise(ctx.db, kommunId, today))?.id, today).toBe(expected?.id);
    }
    // Published now: the demo's 2025–2026 löfte and "Löfte 2027" from the tests above (the demo's
    // older löften have ended). A day inside a period finds its löfte; a day outside every
    // period finds the newest.
    const title = async (today: string) => (await findCurrentPublishedPromise(ctx.db, kommunId, today))?.title;
    expect(await title('2026-06-01')).toMatch(/^Medborgarlöfte 2025–2026/);
    expect(await title('2027-06-01')).toBe('Löfte 2027');
    expect(await title('2023-06-01')).toBe('Löfte 2027');
  });
});
