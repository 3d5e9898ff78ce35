import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { kommunActor } from '../../../test/actors.js';
import { dialects, createTestContext, type TestContext } from '../../../test/databases.js';
import { seedDemo } from '../../platform/demo.js';
import type { Actor } from '../../platform/auth/index.js';
import { ConflictError, ForbiddenError, ValidationError } from '../../platform/http/errors.js';
import { changeModuleSettings, findKommunById, type Kommun } from '../../platform/tenants/index.js';
import { StaleEditError } from './cooperation.errors.js';
import { findShownAgreementVersion, listAgreementVersions, listAgreements } from './agreement.repository.js';
import { agreementInputSchema } from './agreement.schemas.js';
import { changeAgreementStatus, createAgreement, decideAgreement, saveAgreementDraft, startNewAgreementVersion } from './agreement.service.js';

const publicOf = (kommunId: string) => ({ kommunId, seesInternal: false });
const staffOf = (kommunId: string) => ({ kommunId, seesInternal: true });

describe.each(dialects)('agreement services on %s', (dialect) => {
  let ctx: TestContext;
  let kommunId: string;
  let policeAreaId: string;
  let kommun: Kommun;
  let coordinator: Actor;
  let admin: Actor;

  beforeAll(async () => {
    ctx = await createTestContext(dialect);
    const seed = await seedDemo(ctx);
    kommunId = seed.kommunId;
    policeAreaId = seed.policeAreaId;
    kommun = (await findKommunById(ctx.db, kommunId))!;
    coordinator = kommunActor(seed, 'coordinator', 'coordinator');
    admin = kommunActor(seed, 'admin', 'administrator');
  });
  afterAll(async () => ctx.destroy());

  const input = (overrides: Record<string, unknown> = {}) =>
    agreementInputSchema.parse({
      title: 'Överenskommelse 2027–2028',
      periodStart: '2027-01-01',
      periodEnd: '2028-12-31',
      purpose: 'Ett tryggare Vallentuna.',
      policeAreaId,
      groups: [{ name: 'Styrgrupp', members: 'kommundirektör, lokalpolisområdeschef', meetingRhythm: 'fyra gånger per år' }],
      signatories: [{ role: 'Kommunstyrelsens ordförande', organisation: 'Vallentuna kommun' }],
      ...overrides,
    });
  const decision = { decidedByBody: 'Kommunstyrelsen', decidedOn: '2026-12-07', diarienummer: 'KS 2026/9' };

  it('takes a draft through save, conflict, decision, a new version and supersession, with drafts never public', async () => {
    const created = await createAgreement(ctx, coordinator, kommunId, input());
    expect(created).toMatchObject({ versionNo: 1, status: 'draft', slug: 'overenskommelse-2027-2028' });
    expect(created.content.policeArea?.name).toBe('Lokalpolisområde Täby');
    expect(await findShownAgreementVersion(ctx.db, kommunId, { id: created.agreementId })).toBeUndefined();

    const saved = await saveAgreementDraft(ctx, coordinator, kommunId, created.agreementId, input({ goals: 'Färre ska känna sig otrygga.' }), created.lockVersion);
    const stale = saveAgreementDraft(ctx, coordinator, kommunId, created.agreementId, input({ goals: 'En annan text.' }), created.lockVersion);
    await expect(stale).rejects.toBeInstanceOf(StaleEditError);
    expect(((await stale.catch((e: unknown) => e)) as StaleEditError<{ content: { goals: string } }>).current.content.goals).toBe('Färre ska känna sig otrygga.');

    await expect(decideAgreement(ctx, coordinator, kommun, created.agreementId, decision, saved.lockVersion)).rejects.toBeInstanceOf(ForbiddenError);
    const decided = await decideAgreement(ctx, admin, kommun, created.agreementId, decision, saved.lockVersion);
    expect(decided).toMatchObject({ status: 'decided', decidedByBody: 'Kommunstyrelsen', decidedOn: '2026-12-07', diarienummer: 'KS 2026/9' });
    await expect(saveAgreementDraft(ctx, coordinator, kommunId, created.agreementId, input({ title: 'Ändrad i efterhand' }), decided.lockVersion)).rejects.toMatchObject({
      messageKey: 'cooperation.agreement.errors.decidedIsFinal',
    });
    const inForce = await changeAgreementStatus(ctx, admin, kommun, created.agreementId, 'in_force', decided.lockVersion);

    const draft = await startNewAgreementVersion(ctx, coordinator, kommunId, created.agreementId);
    expect(draft).toMatchObject({ versionNo: 2, status: 'draft', decidedOn: null, title: 'Överenskommelse 2027–2028' });
    expect((await startNewAgreementVersion(ctx, coordinator, kommunId, created.agreementId)).id).toBe(draft.id);
    const v2 = await saveAgreementDraft(ctx, coordinator, kommunId, created.agreementId, input({ title: 'Överenskommelse 2027–2029', periodEnd: '2029-12-31' }), draft.lockVersion);
    expect((await listAgreementVersions(ctx.db, publicOf(kommunId), { id: created.agreementId })).map((v) => v.versionNo)).toEqual([1]);
    expect((await listAgreementVersions(ctx.db, staffOf(kommunId), { id: created.agreementId })).map((v) => v.versionNo)).toEqual([2, 1]);
    expect((await findShownAgreementVersion(ctx.db, kommunId, { id: created.agreementId }))?.versionNo).toBe(inForce.versionNo);

    const v2decided = await decideAgreement(ctx, admin, kommun, created.agreementId, { ...decision, decidedOn: '2027-06-01' }, v2.lockVersion);
    // Decided but not yet in force: the one in force is still what residents see first.
    expect((await findShownAgreementVersion(ctx.db, kommunId, { id: created.agreementId }))?.versionNo).toBe(1);
    await changeAgreementStatus(ctx, admin, kommun, created.agreementId, 'in_force', v2decided.lockVersion);
    const history = await listAgreementVersions(ctx.db, publicOf(kommunId), { id: created.agreementId });
    expect(history.map((v) => [v.versionNo, v.status])).toEqual([
      [2, 'in_force'],
      [1, 'superseded'],
    ]);
    expect((await listAgreements(ctx.db, publicOf(kommunId))).find((a) => a.agreementId === created.agreementId)?.title).toBe('Överenskommelse 2027–2029');
  });

  it('lets coordinators decide when the kommun sets deciders to coordinators', async () => {
    const created = await createAgreement(ctx, coordinator, kommunId, input({ title: 'Samordnarna beslutar' }));
    await expect(decideAgreement(ctx, coordinator, kommun, created.agreementId, decision, created.lockVersion)).rejects.toBeInstanceOf(ForbiddenError);
    await changeModuleSettings(ctx, admin, kommunId, 'cooperation', { deciders: 'coordinators' });
    try {
      // The route's kommun is stale on purpose: the service reads the setting as stored now.
      const decided = await decideAgreement(ctx, coordinator, kommun, created.agreementId, decision, created.lockVersion);
      expect(decided.status).toBe('decided');
    } finally {
      await changeModuleSettings(ctx, admin, kommunId, 'cooperation', { deciders: 'administrators' });
    }
  });

  it('refuses to decide without a police area, a plan of another kommun, and a document the draft does not hold', async () => {
    const created = await createAgreement(ctx, coordinator, kommunId, input({ title: 'Utan polis', policeAreaId: '' }));
    await expect(decideAgreement(ctx, admin, kommun, created.agreementId, decision, created.lockVersion)).rejects.toMatchObject({ fields: { _form: 'cooperation.agreement.errors.noPoliceArea' } });
    const foreign = '01890000-0000-7000-8000-000000000000';
    await expect(
      saveAgreementDraft(ctx, coordinator, kommunId, created.agreementId, input({ annexes: [{ kind: 'action_plan', title: 'Plan', planId: foreign }] }), created.lockVersion),
    ).rejects.toMatchObject({ fields: { 'annexes.0.planId': 'cooperation.agreement.errors.unknownPlan' } });
    await expect(
      saveAgreementDraft(ctx, coordinator, kommunId, created.agreementId, input({ annexes: [{ kind: 'other', title: 'Stulen fil', fileId: foreign }] }), created.lockVersion),
    ).rejects.toBeInstanceOf(ValidationError);
    expect(agreementInputSchema.safeParse({ title: 'Bakvänd', periodStart: '2027-12-31', periodEnd: '2027-01-01' }).error?.issues[0]?.message).toBe('cooperation.errors.periodEndBeforeStart');
    expect(agreementInputSchema.safeParse({ title: 'Länk bort', periodStart: '2027-01-01', periodEnd: '2027-12-31', annexes: [{ kind: 'other', title: 'x', path: '//evil.example/' }] }).success).toBe(false);
  });

  it('seeds Vallentuna’s agreement with three versions, the latest in force', async () => {
    const rows = await listAgreements(ctx.db, publicOf(kommunId));
    const demo = rows.find((r) => r.slug === 'tryggare-vallentuna')!;
    expect(demo).toMatchObject({ versionNo: 3, status: 'in_force', periodStart: '2025-01-01' });
    const history = await listAgreementVersions(ctx.db, publicOf(kommunId), { id: demo.agreementId });
    expect(history.map((v) => v.status)).toEqual(['in_force', 'superseded', 'superseded']);
    expect(history[2]!.content.annexes.map((a) => a.kind)).toEqual(['situation_picture', 'action_plan', 'follow_up_plan', 'communication_plan']);
    await expect(startNewAgreementVersion(ctx, coordinator, kommunId, demo.agreementId).then((d) => changeAgreementStatus(ctx, admin, kommun, demo.agreementId, 'ended', d.lockVersion))).rejects.toBeInstanceOf(ConflictError);
  });
});
