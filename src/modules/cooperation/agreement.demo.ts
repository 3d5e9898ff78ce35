// Vallentuna's samverkansöverenskommelse with lokalpolisområde Täby, written through the
// module's own services so the demo follows the same rules as staff: version 1 for 2017–2018
// (decided in December 2016, with the lokal lägesbild, the 2017 åtgärdsplan, an uppföljningsplan
// and a kommunikationsplan as annexes), version 2 for 2019–2024, and version 3 for 2025–2026,
// in force today; each new version supersedes the one before. All text is our own wording.
import { renderPdf } from '../../platform/pdf/pdf.js';
import type { Actor } from '../../platform/auth/index.js';
import { prepareUpload } from '../../platform/files/index.js';
import type { DemoSeedContext } from '../../platform/module.js';
import { findKommunById } from '../../platform/tenants/index.js';
import { listCooperationOrganisations } from './cooperation.organisations.js';
import type { CooperationDemoIds } from './cooperation.demo.js';
import { listPlanChoices, type AgreementVersionRow } from './agreement.repository.js';
import { agreementInputSchema, type AgreementInput } from './agreement.schemas.js';
import { addAnnexDocument, changeAgreementStatus, createAgreement, decideAgreement, saveAgreementDraft, startNewAgreementVersion } from './agreement.service.js';

export interface AgreementDemoIds {
  agreement: string;
}

export const demoAgreementSlug = 'tryggare-vallentuna';

function actorFor(seed: DemoSeedContext, key: 'coordinator' | 'admin'): Actor {
  const role = key === 'admin' ? ('administrator' as const) : ('coordinator' as const);
  return {
    userId: seed.users[key]!,
    name: key,
    email: `${key}@demo.example`,
    isPlatformAdmin: false,
    kommunId: seed.kommunId,
    roles: [{ role, organisationId: seed.kommunId, organisationKind: 'kommun', organisationName: 'Vallentuna kommun' }],
    grants: seed.ctx.registry.grants,
  };
}

/** A short, tagged demo annex through the kernel's PDF renderer: the first line is its title. */
async function onePagePdf(lines: string[], createdAt: string): Promise<Buffer> {
  const [title = '', ...rest] = lines;
  return renderPdf({
    title,
    lang: 'sv',
    author: 'Vallentuna kommun',
    createdAt: new Date(`${createdAt}T10:00:00Z`),
    blocks: [{ kind: 'heading', level: 1, text: title }, ...rest.filter((line) => line !== '').map((text) => ({ kind: 'paragraph' as const, text }))],
  });
}

const at = (date: string) => new Date(`${date}T10:00:00Z`);

const purpose2017 =
  'Vallentuna kommun och lokalpolisområde Täby vill att fler ska känna sig trygga i Vallentuna och att brottsligheten ska minska. Överenskommelsen beskriver hur vi arbetar tillsammans: vi utgår från en gemensam lägesbild, kommer överens om konkreta aktiviteter och berättar öppet för invånarna vad vi gör och hur det går.';
const goals2017 =
  '- Färre invånare ska känna sig otrygga i centrum och vid stationen på kvällar och helger.\n- Fler vuxna ska finnas ute där unga samlas.\n- Skolorna ska vara trygga platser för elever och personal.\n- Invånarna ska veta vad kommunen och polisen gör och kunna påverka det.';

function baseInput(planId: string | undefined, policeAreaId: string): Record<string, unknown> {
  return {
    title: 'Samverkansöverenskommelse mellan Vallentuna kommun och lokalpolisområde Täby 2017–2018',
    slug: demoAgreementSlug,
    periodStart: '2017-01-01',
    periodEnd: '2018-12-31',
    purpose: purpose2017,
    goals: goals2017,
    policeAreaId,
    groups: [
      { name: 'Styrgrupp', members: 'kommundirektör, lokalpolisområdeschef, förvaltningschefer för samhällsbyggnad och socialtjänst', meetingRhythm: 'två gånger per år' },
      { name: 'Samverkansgrupp', members: 'trygghetssamordnare, kommunpoliser, fältassistenter, representant för skolan', meetingRhythm: 'en gång i månaden' },
      { name: 'Lägesbildsmöte', members: 'trygghetssamordnare och kommunpolis', meetingRhythm: 'varje vecka' },
    ],
    signatories: [
      { role: 'Kommunstyrelsens ordförande', organisation: 'Vallentuna kommun' },
      { role: 'Lokalpolisområdeschef', organisation: 'Lokalpolisområde Täby' },
    ],
    annexes: planId ? [{ kind: 'action_plan', title: 'Åtgärdsplan för trygghet 2017', planId }] : [],
    implementationPeriod: 'Aktiviteterna genomförs under 2017 enligt åtgärdsplanen; en ny plan tas fram för 2018.',
    followUpPeriod: 'Samverkansgruppen följer upp varje kvartal; styrgruppen gör en samlad uppföljning i december.',
    updatePeriod: 'Överenskommelsen ses över inför varje nytt år och revideras senast hösten 2018.',
  };
}

/** Saves the draft with its annexes in the given order of titles (uploads land last otherwise). */
async function reorderAnnexes(seed: DemoSeedContext, actor: Actor, draft: AgreementVersionRow, input: Record<string, unknown>, titles: string[], now: Date): Promise<AgreementVersionRow> {
  const annexes = titles.map((title) => draft.content.annexes.find((a) => a.title === title)!).map((a) => ({ kind: a.kind, title: a.title, planId: a.planId ?? '', path: a.path, fileId: a.document?.fileId ?? '' }));
  const parsed: AgreementInput = agreementInputSchema.parse({ ...input, annexes, partnerIds: draft.content.partners.map((p) => p.id) });
  return saveAgreementDraft(seed.ctx, actor, seed.kommunId, draft.agreementId, parsed, draft.lockVersion, { now });
}

async function textDocument(filename: string, lines: string[]) {
  return prepareUpload('document', { filename, data: Buffer.from(`${lines.join('\n')}\n`, 'utf8') });
}

export async function seedAgreementDemo(seed: DemoSeedContext, ids: CooperationDemoIds): Promise<AgreementDemoIds> {
  const coordinator = actorFor(seed, 'coordinator');
  const admin = actorFor(seed, 'admin');
  const kommun = (await findKommunById(seed.ctx.db, seed.kommunId))!;
  const id = seed.demoId('coop:agreement:main');
  const plans = new Map((await listPlanChoices(seed.ctx.db, seed.kommunId)).map((p) => [p.slug, p.id]));
  const organisations = await listCooperationOrganisations(seed.ctx.db, seed.kommunId);
  const nightWalkers = organisations.find((o) => o.name.startsWith('Nattvandrarna'));

  // ---- version 1: 2017–2018 ------------------------------------------------------------------
  const input1 = baseInput(ids.plan2017, seed.policeAreaId);
  let v = await createAgreement(seed.ctx, coordinator, seed.kommunId, agreementInputSchema.parse(input1), { id, now: at('2016-11-14') });
  const upload = async (kind: 'situation_picture' | 'follow_up_plan' | 'communication_plan', title: string, file: Awaited<ReturnType<typeof prepareUpload>>, date: string) => {
    v = await addAnnexDocument(seed.ctx, coordinator, seed.kommunId, id, { kind, title }, file, v.lockVersion, { now: at(date) });
  };
  await upload(
    'situation_picture',
    'Lokal lägesbild hösten 2016',
    await prepareUpload('document', {
      filename: 'lokal-lagesbild-2016.pdf',
      data: await onePagePdf([
        'Lokal lägesbild Vallentuna, hösten 2016',
        'Vallentuna kommun och lokalpolisområde Täby',
        '',
        'Trygghetsundersökningen: många känner sig otrygga i centrum och vid stationen på kvällen.',
        'Mörka gångvägar nämns oftast som skäl att välja en annan väg.',
        'Unga samlas vid stationen fredag och lördag kväll; få vuxna är ute.',
        'Anmälda brott: skadegörelse och klotter i centrum ökar något.',
        '',
        'Demodokument i Samtrygg.',
      ], '2016-11-16'),
    }),
    '2016-11-16',
  );
  await upload(
    'follow_up_plan',
    'Uppföljningsplan 2017',
    await textDocument('uppfoljningsplan-2017.txt', [
      'Uppföljningsplan 2017',
      '',
      'Varje aktivitet i åtgärdsplanen har en ansvarig och ett mått.',
      'Samverkansgruppen går igenom måtten varje kvartal och skriver en kort uppföljning.',
      'Trygghetsundersökningen upprepas i november 2017.',
      'Styrgruppen får en samlad rapport i december.',
    ]),
    '2016-11-16',
  );
  await upload(
    'communication_plan',
    'Kommunikationsplan 2017',
    await textDocument('kommunikationsplan-2017.txt', [
      'Kommunikationsplan 2017',
      '',
      'Vi berättar om arbetet på kommunens webbplats och i lokaltidningen.',
      'Polisen finns i Kulturhuset varje vecka för att prata med invånare.',
      'Ett öppet möte om trygghet hålls på Torggatan i december 2016.',
      'Uppföljningen publiceras varje kvartal.',
    ]),
    '2016-11-16',
  );
  v = await reorderAnnexes(seed, coordinator, v, input1, ['Lokal lägesbild hösten 2016', 'Åtgärdsplan för trygghet 2017', 'Uppföljningsplan 2017', 'Kommunikationsplan 2017'], at('2016-11-20'));
  v = await decideAgreement(seed.ctx, admin, kommun, id, { decidedByBody: 'Kommunstyrelsen i Vallentuna och lokalpolisområdeschefen i Täby', decidedOn: '2016-12-05', diarienummer: 'KS 2016/412' }, v.lockVersion, { now: at('2016-12-05') });
  v = await changeAgreementStatus(seed.ctx, admin, kommun, id, 'in_force', v.lockVersion, { now: at('2017-01-01') });

  // ---- version 2: 2019–2024 ------------------------------------------------------------------
  v = await startNewAgreementVersion(seed.ctx, coordinator, seed.kommunId, id, { now: at('2018-10-01') });
  const keep = (title: string) => v.content.annexes.find((a) => a.title === title)!;
  const input2 = {
    ...input1,
    title: 'Samverkansöverenskommelse mellan Vallentuna kommun och lokalpolisområde Täby 2019–2024',
    periodStart: '2019-01-01',
    periodEnd: '2024-12-31',
    goals: `${goals2017}\n- Barn och unga ska ha goda förutsättningar och färre ska använda alkohol och droger.`,
    groups: [
      { name: 'Styrgrupp', members: 'kommundirektör, lokalpolisområdeschef, förvaltningschefer för samhällsbyggnad, socialtjänst och utbildning', meetingRhythm: 'två gånger per år' },
      { name: 'Samverkansgrupp', members: 'trygghetssamordnare, kommunpoliser, fältassistenter, representant för skolan', meetingRhythm: 'varannan vecka' },
      { name: 'Lägesbildsmöte', members: 'trygghetssamordnare och kommunpolis', meetingRhythm: 'varje vecka' },
    ],
    annexes: [
      { kind: 'action_plan', title: 'Åtgärdsplan för trygghet 2019–2020', planId: plans.get('2019-2020') ?? ids.plan2017 },
      { kind: 'follow_up_plan', title: keep('Uppföljningsplan 2017').title, fileId: keep('Uppföljningsplan 2017').document!.fileId },
      { kind: 'communication_plan', title: keep('Kommunikationsplan 2017').title, fileId: keep('Kommunikationsplan 2017').document!.fileId },
    ],
    implementationPeriod: 'Aktiviteterna genomförs enligt åtgärdsplaner på två år i taget.',
    followUpPeriod: 'Samverkansgruppen följer upp varje halvår; styrgruppen varje år i december.',
    updatePeriod: 'Överenskommelsen ses över efter varje åtgärdsplan och revideras senast hösten 2024.',
    changeNote: 'Längre giltighetstid, ett nytt mål om barn och unga och tätare möten i samverkansgruppen.',
  };
  v = await saveAgreementDraft(seed.ctx, coordinator, seed.kommunId, id, agreementInputSchema.parse(input2), v.lockVersion, { now: at('2018-10-15') });
  v = await decideAgreement(seed.ctx, admin, kommun, id, { decidedByBody: 'Kommunstyrelsen i Vallentuna och lokalpolisområdeschefen i Täby', decidedOn: '2018-12-10', diarienummer: 'KS 2018/377' }, v.lockVersion, { now: at('2018-12-10') });
  v = await changeAgreementStatus(seed.ctx, admin, kommun, id, 'in_force', v.lockVersion, { now: at('2019-01-01') });

  // ---- version 3: 2025–2026, in force today -------------------------------------------------
  v = await startNewAgreementVersion(seed.ctx, coordinator, seed.kommunId, id, { now: at('2024-10-01') });
  const input3 = {
    ...input2,
    title: 'Samverkansöverenskommelse mellan Vallentuna kommun och lokalpolisområde Täby 2025–2026',
    periodStart: '2025-01-01',
    periodEnd: '2026-12-31',
    partnerIds: nightWalkers ? [nightWalkers.id] : [],
    annexes: [
      { kind: 'action_plan', title: 'Åtgärdsplan för trygghet 2025–2026', planId: ids.currentPlan },
      ...input2.annexes.slice(1),
      { kind: 'other', title: 'Medborgarlöfte 2025–2026', path: '/vallentuna/medborgarloften/2025-2026' },
    ],
    signatories: [...input1.signatories as object[], { role: 'Ordförande', organisation: 'Nattvandrarna i Vallentuna' }],
    implementationPeriod: 'Aktiviteterna genomförs under 2025 och 2026 enligt åtgärdsplanen.',
    followUpPeriod: 'Uppföljningen publiceras löpande i Samtrygg; styrgruppen gör en samlad uppföljning varje höst.',
    updatePeriod: 'Överenskommelsen revideras hösten 2026 inför nästa period.',
    changeNote: 'Nattvandrarna blir part, ny åtgärdsplan och löpande uppföljning i Samtrygg.',
  };
  v = await saveAgreementDraft(seed.ctx, coordinator, seed.kommunId, id, agreementInputSchema.parse(input3), v.lockVersion, { now: at('2024-10-20') });
  const lagesbild = await prepareUpload('document', {
    filename: 'lokal-lagesbild-2024.pdf',
    data: await onePagePdf([
      'Lokal lägesbild Vallentuna, hösten 2024',
      '',
      'Stationen och gångtunnlarna upplevs som otrygga på kvällen.',
      'Oro för ungas hälsa och för alkohol bland unga.',
      'Rapporterna i Tryggt och Snyggt gäller oftast belysning och klotter.',
      '',
      'Demodokument i Samtrygg.',
    ], '2024-10-21'),
  });
  v = await addAnnexDocument(seed.ctx, coordinator, seed.kommunId, id, { kind: 'situation_picture', title: 'Lokal lägesbild hösten 2024' }, lagesbild, v.lockVersion, { now: at('2024-10-21') });
  v = await decideAgreement(seed.ctx, admin, kommun, id, { decidedByBody: 'Kommunstyrelsen i Vallentuna och lokalpolisområdeschefen i Täby', decidedOn: '2024-12-09', diarienummer: 'KS 2024/298' }, v.lockVersion, { now: at('2024-12-09') });
  await changeAgreementStatus(seed.ctx, admin, kommun, id, 'in_force', v.lockVersion, { now: at('2025-01-01') });
  return { agreement: id };
}
