// The cooperation part of the Vallentuna demo, written through the module's own services so the
// demo exercises the same rules as staff do: the 2017 plan with the five activities from the
// December 2016 announcement and follow-ups across 2017; the 2017, 2018 and 2019–2020 löften;
// and a current plan and löfte (2025–2026) with recent follow-ups, so the public pages look alive.
// All text is our own wording; figures are invented but plausible.
import type { Actor } from '../../platform/auth/index.js';
import type { DemoSeedContext } from '../../platform/module.js';
import { findKommunById } from '../../platform/tenants/index.js';
import type { ActivityInput, EntryInput, IndicatorInput } from './cooperation.schemas.js';
import { activityInputSchema, entryInputSchema, indicatorInputSchema, planInputSchema } from './cooperation.schemas.js';
import { addActivityFollowUp } from './entry.service.js';
import { createIndicator } from './indicator.service.js';
import { changePlanStatus, createActivity, createPlan } from './plan.service.js';
import { promiseInputSchema, type PromiseItem } from './promise.schemas.js';
import { createPromise, endPromise, publishPromise } from './promise.service.js';

export interface CooperationDemoIds {
  plan2017: string;
  currentPlan: string;
  promise2017: string;
  currentPromise: string;
  /** The 2017 activities in the announcement's order. */
  activities2017: string[];
  currentActivities: string[];
}

function actorFor(seed: DemoSeedContext, key: 'coordinator' | 'police' | 'admin'): Actor {
  const kommunName = 'Vallentuna kommun';
  const roles =
    key === 'police'
      ? [{ role: 'police' as const, organisationId: seed.policeAreaId, organisationKind: 'lokalpolisomrade' as const, organisationName: 'Lokalpolisområde Täby' }]
      : [{ role: key === 'admin' ? ('administrator' as const) : ('coordinator' as const), organisationId: seed.kommunId, organisationKind: 'kommun' as const, organisationName: kommunName }];
  return { userId: seed.users[key]!, name: key, email: `${key}@demo.example`, isPlatformAdmin: false, kommunId: seed.kommunId, roles, grants: seed.ctx.registry.grants };
}

interface DemoActivity {
  key: string;
  activity: Partial<ActivityInput> & { title: string; startsOn: string; responsibleParty: ActivityInput['responsibleParty']; activityType: ActivityInput['activityType'] };
  places?: string[];
  indicators?: IndicatorInput[];
  /** Entries in date order; `values` name indicators by their position (0-based). */
  entries?: (Omit<Partial<EntryInput>, 'values'> & { happenedOn: string; title: string; values?: [number, number][] })[];
}

const iso = (d: Date) => d.toISOString().slice(0, 10);
const daysBefore = (now: Date, days: number) => iso(new Date(now.getTime() - days * 86_400_000));
const at = (date: string) => new Date(`${date}T10:00:00Z`);

const activities2017: DemoActivity[] = [
  {
    key: 'police-visible',
    activity: {
      title: 'Synlig polis på platser som upplevs otrygga',
      problem: 'Många svarade i trygghetsundersökningen att de undviker centrum och stationen på kvällen.',
      cause: 'Få vuxna och ingen synlig polis på de platserna under kvällar och helger.',
      description: 'Kommunpoliserna patrullerar till fots på de platser som invånarna pekat ut, på de tider då otryggheten är störst. Polisen finns också i Kulturhuset en gång i veckan.',
      operationalGoal: 'Minst 40 timmar synlig polis i månaden på de utvalda platserna.',
      startsOn: '2017-01-01',
      endsOn: '2017-12-31',
      followUpMethod: 'Polisen redovisar timmar per plats varje månad; trygghetsundersökningen upprepas i slutet av året.',
      responsibleParty: 'police',
      responsibleRole: 'Kommunpolis',
      activityType: 'situational',
      theme: 'Polisnärvaro',
    },
    places: ['centrum', 'station', 'kulturhuset'],
    indicators: [
      { name: 'Timmar synlig polis på utvalda platser', unit: 'timmar/månad', baseline: 10, baselineOn: '2016-10-01', target: 40, direction: 'increase' },
      { name: 'Andel som känner sig otrygga vid stationen på kvällen', unit: '%', baseline: 38, baselineOn: '2016-09-01', target: 30, direction: 'decrease' },
    ],
    entries: [
      { happenedOn: '2017-01-31', title: 'Första månaden med fotpatrull', body: 'Kommunpoliserna har patrullerat i centrum och vid stationen fredag och lördag kväll.', status: 'in_progress', progress: 10, values: [[0, 22]] },
      { happenedOn: '2017-03-31', title: 'Fler timmar under våren', body: 'Patrullerna har utökats till torsdagar. Många har kommit fram och pratat.', progress: 30, assessment: 'green', assessmentText: 'Vi ligger i fas med målet för timmar.', values: [[0, 36]] },
      { happenedOn: '2017-06-30', title: 'Sommarens tider anpassade', body: 'Under sommaren flyttades patrullerna till senare tider, då fler är ute.', progress: 55, values: [[0, 44]] },
      { happenedOn: '2017-09-30', title: 'Hösten: färre poliser under två veckor', body: 'Två veckor i september gick patrullerna inte att bemanna fullt på grund av andra händelser i området.', progress: 70, assessment: 'yellow', assessmentText: 'Målet för timmar nåddes inte i september.', values: [[0, 31]] },
      { happenedOn: '2017-12-31', title: 'Året sammanfattat', body: 'Polisen var synlig på de utvalda platserna i genomsnitt 39 timmar i månaden. Trygghetsundersökningen visar att färre känner sig otrygga vid stationen.', status: 'done', progress: 100, assessment: 'green', assessmentText: 'Genomförd enligt plan, nästan hela målet nått.', values: [[0, 42], [1, 31]] },
    ],
  },
  {
    key: 'lighting',
    activity: {
      title: 'Bättre gatu- och vägbelysning',
      problem: 'Mörka gångvägar nämns oftast när invånarna beskriver var de känner sig otrygga.',
      cause: 'Gammal belysning, trasiga armaturer och buskage som skymmer ljuset.',
      description: 'Gatuenheten går igenom belysningen längs de gångvägar som pekats ut, byter trasiga armaturer och röjer buskage.',
      operationalGoal: '120 armaturer bytta eller lagade under året.',
      startsOn: '2017-02-01',
      endsOn: '2017-12-31',
      followUpMethod: 'Gatuenheten redovisar antal åtgärdade armaturer varje kvartal.',
      responsibleParty: 'kommun',
      responsibleRole: 'Gatuenheten',
      activityType: 'situational',
      theme: 'Fysisk miljö',
    },
    places: ['ekebyparken', 'station'],
    indicators: [{ name: 'Gatlampor bytta eller lagade', unit: 'st', baseline: 0, baselineOn: '2017-01-01', target: 120, direction: 'increase' }],
    entries: [
      { happenedOn: '2017-03-31', title: 'Inventering klar', body: 'Alla utpekade gångvägar är inventerade. 140 armaturer behöver åtgärdas.', status: 'in_progress', progress: 15, values: [[0, 18]] },
      { happenedOn: '2017-06-30', title: 'Gångvägen vid sjön har fått ny belysning', body: 'Hela gångvägen längs Vallentunasjön har nya LED-armaturer.', progress: 45, assessment: 'green', assessmentText: 'Arbetet går enligt plan.', values: [[0, 57]] },
      { happenedOn: '2017-09-30', title: 'Leveransförsening', body: 'Armaturerna till stationsområdet kommer sex veckor senare än beställt.', status: 'delayed', progress: 60, assessment: 'yellow', assessmentText: 'Försening av leverans, arbetet vid stationen flyttas till november.', values: [[0, 81]] },
      { happenedOn: '2017-12-15', title: 'Stationsområdet klart', body: 'Belysningen vid stationen och parkeringen är utbytt.', status: 'done', progress: 100, assessment: 'green', assessmentText: 'Målet nått trots förseningen.', values: [[0, 126]] },
    ],
  },
  {
    key: 'night-walks',
    activity: {
      title: 'Fler nattvandrare på platser som upplevs otrygga',
      problem: 'Få vuxna ute på fredags- och lördagskvällar där unga samlas.',
      cause: 'Nattvandringen har för få frivilliga och ingen samordning med polisen.',
      description: 'Kommunen stöttar föreningen som samordnar nattvandringen med utbildning, västar och fika, och polisen berättar inför varje helg var vandringarna gör mest nytta.',
      operationalGoal: 'Nattvandring varje fredag och lördag, minst tolv vandringar i månaden.',
      startsOn: '2017-01-15',
      responsibleParty: 'joint',
      responsibleRole: 'Trygghetssamordnaren och kommunpolisen',
      activityType: 'situational',
      theme: 'Vuxennärvaro',
    },
    places: ['centrum', 'torggatan'],
    indicators: [{ name: 'Nattvandringar per månad', unit: 'st/månad', baseline: 4, baselineOn: '2016-11-01', target: 12, direction: 'increase' }],
    entries: [
      { happenedOn: '2017-02-28', title: 'Informationskväll för nya nattvandrare', body: 'Ett trettiotal föräldrar kom till informationskvällen i Kulturhuset.', status: 'in_progress', progress: 20, values: [[0, 6]] },
      { happenedOn: '2017-05-31', title: 'Vandringar varje helg', body: 'Nu går nattvandrare ute både fredag och lördag.', progress: 50, assessment: 'green', assessmentText: 'Fler frivilliga än väntat.', values: [[0, 10]] },
      { happenedOn: '2017-10-31', title: 'Målet nått', body: 'I oktober gick tretton vandringar.', progress: 80, values: [[0, 13]] },
    ],
  },
  {
    key: 'schools',
    activity: {
      title: 'Tryggare skolor: mot mobbning och för föräldrastöd',
      problem: 'Elever beskriver otrygghet på skolgården och på vägen hem.',
      cause: 'Kunskapen om föräldrastöd är liten och arbetet mot mobbning ser olika ut mellan skolorna.',
      description: 'Skolorna arbetar förebyggande mot mobbning, och kommunen sprider kunskap om de föräldrastödsprogram som finns.',
      operationalGoal: 'Alla tolv skolor har fått information om föräldrastöd och har en uppdaterad plan mot kränkande behandling.',
      startsOn: '2017-01-01',
      endsOn: '2017-12-31',
      responsibleParty: 'kommun',
      responsibleRole: 'Barn- och ungdomsförvaltningen',
      activityType: 'social',
      theme: 'Barn och unga',
    },
    indicators: [{ name: 'Skolor som fått information om föräldrastöd', unit: 'st', baseline: 0, baselineOn: '2017-01-01', target: 12, direction: 'increase' }],
    entries: [
      { happenedOn: '2017-04-30', title: 'Information på föräldramöten', body: 'Fem skolor har haft föräldrastöd på föräldramöten under våren.', status: 'in_progress', progress: 40, values: [[0, 5]] },
      { happenedOn: '2017-11-30', title: 'Alla skolor nådda', body: 'Samtliga skolor har fått informationen, och planerna mot kränkande behandling är uppdaterade.', status: 'done', progress: 100, assessment: 'green', assessmentText: 'Genomförd.', values: [[0, 12]] },
    ],
  },
  {
    key: 'social-intervention',
    activity: {
      title: 'Utreda sociala insatsgrupper',
      problem: 'Ett fåtal unga riskerar att dras in i kriminalitet.',
      cause: 'Insatserna från skola, socialtjänst och polis är inte samordnade.',
      description: 'Kommunen och polisen utreder om sociala insatsgrupper passar i Vallentuna. Planen följer utredningen, aldrig enskilda personer.',
      operationalGoal: 'Ett beslutsunderlag till kommunstyrelsen före årets slut.',
      startsOn: '2017-03-01',
      endsOn: '2017-12-31',
      responsibleParty: 'joint',
      responsibleRole: 'Socialförvaltningen och kommunpolisen',
      activityType: 'social',
      theme: 'Barn och unga',
    },
    entries: [
      { happenedOn: '2017-06-15', title: 'Studiebesök i en grannkommun', body: 'Vi har besökt en kommun som redan har sociala insatsgrupper för att lära av deras erfarenheter.', status: 'in_progress', progress: 40 },
      { happenedOn: '2017-12-10', title: 'Beslutsunderlaget lämnat', body: 'Utredningen är klar och lämnad till kommunstyrelsen.', status: 'done', progress: 100, assessment: 'green', assessmentText: 'Utredningen blev klar i tid.' },
    ],
  },
];

function currentActivities(now: Date): DemoActivity[] {
  return [
    {
      key: 'patrols-now',
      activity: {
        title: 'Uniformerad patrull på utvalda platser och tider',
        problem: 'Otryggheten är störst vid stationen och i centrum sena kvällar.',
        cause: 'Samlingar av grupper och få vuxna i rörelse.',
        description: 'Polisen patrullerar enligt ett schema som bygger på invånarnas rapporter och polisens lägesbild, och redovisar varje månad.',
        operationalGoal: 'Minst 30 patrulltimmar i månaden på platserna.',
        startsOn: '2025-01-01',
        endsOn: '2026-12-31',
        responsibleParty: 'police',
        responsibleRole: 'Kommunpolis',
        activityType: 'situational',
        theme: 'Polisnärvaro',
      },
      places: ['station', 'centrum'],
      indicators: [{ name: 'Patrulltimmar på utvalda platser', unit: 'timmar/månad', baseline: 12, baselineOn: '2024-12-01', target: 30, direction: 'increase' }],
      entries: [
        { happenedOn: daysBefore(now, 300), title: 'Schemat har börjat gälla', status: 'in_progress', progress: 30, values: [[0, 24]] },
        { happenedOn: daysBefore(now, 120), title: 'Fler timmar under sommaren', progress: 60, assessment: 'green', assessmentText: 'Över målet under sommarmånaderna.', values: [[0, 34]] },
        { happenedOn: daysBefore(now, 12), title: 'Redovisning för förra månaden', body: 'Patrullerna har legat på 31 timmar i snitt.', progress: 85, values: [[0, 31]] },
      ],
    },
    {
      key: 'lighting-now',
      activity: {
        title: 'Belysning vid gångtunnlar och cykelvägar',
        problem: 'Invånare rapporterar mörka gångtunnlar under vägarna.',
        cause: 'Gammal belysning och skymd sikt.',
        operationalGoal: 'Alla tio utpekade gångtunnlar har bättre belysning.',
        startsOn: '2025-03-01',
        endsOn: '2026-10-31',
        responsibleParty: 'kommun',
        responsibleRole: 'Gatuenheten',
        activityType: 'situational',
        theme: 'Fysisk miljö',
      },
      places: ['ekebyparken'],
      indicators: [{ name: 'Gångtunnlar med ny belysning', unit: 'st', baseline: 0, baselineOn: '2025-03-01', target: 10, direction: 'increase' }],
      entries: [
        { happenedOn: daysBefore(now, 250), title: 'Upphandling klar', status: 'in_progress', progress: 20, values: [[0, 0]] },
        { happenedOn: daysBefore(now, 60), title: 'Sex tunnlar klara, fyra återstår', status: 'delayed', progress: 60, assessment: 'yellow', assessmentText: 'Fyra tunnlar blir klara först efter planens slutdatum.', values: [[0, 6]] },
      ],
    },
    {
      key: 'youth-now',
      activity: {
        title: 'Ungas psykiska hälsa och färre unga som dricker alkohol',
        problem: 'Unga mår sämre och fler testar alkohol tidigt.',
        cause: 'Få trygga mötesplatser och lite stöd till föräldrar.',
        operationalGoal: 'Fritidsgården har öppet fyra kvällar i veckan och föräldrar erbjuds stöd.',
        startsOn: '2025-01-01',
        responsibleParty: 'joint',
        responsibleRole: 'Fritidsförvaltningen och kommunpolisen',
        activityType: 'social',
        theme: 'Barn och unga',
      },
      entries: [{ happenedOn: daysBefore(now, 30), title: 'Fritidsgården har utökade öppettider', status: 'in_progress', progress: 50, assessment: 'green', assessmentText: 'Enligt plan.' }],
    },
    {
      key: 'app-now',
      activity: {
        title: 'Fler rapporterar otrygga platser',
        problem: 'Kommunen får veta för sent var det är mörkt, skräpigt eller trasigt.',
        cause: 'Få känner till att man kan rapportera.',
        operationalGoal: 'Dubbelt så många rapporter som 2024.',
        startsOn: '2025-01-01',
        endsOn: '2026-12-31',
        responsibleParty: 'kommun',
        responsibleRole: 'Trygghetssamordnaren',
        activityType: 'situational',
        theme: 'Dialog',
      },
      indicators: [{ name: 'Rapporter om otrygga platser per kvartal', unit: 'st/kvartal', baseline: 40, baselineOn: '2024-12-31', target: 80, direction: 'increase' }],
      entries: [{ happenedOn: daysBefore(now, 45), title: 'Kampanj i skolor och på biblioteket', status: 'in_progress', progress: 40, values: [[0, 58]] }],
    },
  ];
}

async function seedPlan(
  seed: DemoSeedContext,
  key: string,
  plan: { title: string; slug: string; summary: string; periodStart: string; periodEnd: string; decidedOn: string },
  items: DemoActivity[]
): Promise<{ planId: string; activityIds: Map<string, string> }> {
  const coordinator = actorFor(seed, 'coordinator');
  const police = actorFor(seed, 'police');
  const admin = actorFor(seed, 'admin');
  const kommun = (await findKommunById(seed.ctx.db, seed.kommunId))!;
  const planId = seed.demoId(`coop:plan:${key}`);
  const created = at(plan.periodStart);
  await createPlan(seed.ctx, coordinator, seed.kommunId, planInputSchema.parse(plan), { id: planId, now: new Date(created.getTime() - 30 * 86_400_000) });
  const activityIds = new Map<string, string>();
  const pending: { id: string; owner: Actor; indicatorIds: string[]; entries: NonNullable<DemoActivity['entries']> }[] = [];
  for (const item of items) {
    const id = seed.demoId(`coop:activity:${key}:${item.key}`);
    activityIds.set(item.key, id);
    const input = activityInputSchema.parse({ ...item.activity, placeIds: (item.places ?? []).map((p) => seed.places[p]!) });
    await createActivity(seed.ctx, coordinator, seed.kommunId, planId, input, { id, now: new Date(created.getTime() - 29 * 86_400_000) });
    const owner = item.activity.responsibleParty === 'police' ? police : coordinator;
    const indicatorIds: string[] = [];
    for (const [index, indicator] of (item.indicators ?? []).entries()) {
      const indicatorId = seed.demoId(`coop:indicator:${key}:${item.key}:${index}`);
      await createIndicator(seed.ctx, owner, seed.kommunId, id, indicatorInputSchema.parse(indicator), { id: indicatorId, now: created });
      indicatorIds.push(indicatorId);
    }
    pending.push({ id, owner, indicatorIds, entries: item.entries ?? [] });
  }
  await changePlanStatus(seed.ctx, admin, kommun, planId, 'decided', { decidedByBody: 'Kommunstyrelsen och lokalpolisområde Täby', decidedOn: plan.decidedOn, diarienummer: '' }, 1, { now: at(plan.decidedOn) });
  await changePlanStatus(seed.ctx, admin, kommun, planId, 'in_force', undefined, 2, { now: at(plan.periodStart) });
  for (const { id, owner, indicatorIds, entries } of pending) {
    for (const [index, entry] of entries.entries()) {
      const input = entryInputSchema.parse({
        visibility: 'public',
        authorRole: owner === police ? 'Kommunpolis' : 'Trygghetssamordnare',
        ...entry,
        values: (entry.values ?? []).map(([position, value]) => ({ indicatorId: indicatorIds[position]!, value })),
      });
      await addActivityFollowUp(seed.ctx, owner, seed.kommunId, id, input, [], { id: seed.demoId(`coop:entry:${key}:${id}:${index}`), now: at(entry.happenedOn) });
    }
  }
  if (plan.periodEnd < iso(seed.now)) await changePlanStatus(seed.ctx, admin, kommun, planId, 'ended', undefined, 3, { now: at(plan.periodEnd) });
  return { planId, activityIds };
}

async function seedPromise(
  seed: DemoSeedContext,
  key: string,
  promise: { title: string; slug: string; periodStart: string; periodEnd: string; situation: string; items: PromiseItem[]; expectedEffect: string; followUp: string; publishedOn: string },
): Promise<string> {
  const coordinator = actorFor(seed, 'coordinator');
  const admin = actorFor(seed, 'admin');
  const kommun = (await findKommunById(seed.ctx.db, seed.kommunId))!;
  const id = seed.demoId(`coop:promise:${key}`);
  const input = promiseInputSchema.parse({
    ...promise,
    signatories: [
      { role: 'Lokalpolisområdeschef', organisation: 'Lokalpolisområde Täby' },
      { role: 'Kommunstyrelsens ordförande', organisation: 'Vallentuna kommun' },
    ],
  });
  await createPromise(seed.ctx, coordinator, seed.kommunId, input, { id, now: new Date(at(promise.publishedOn).getTime() - 14 * 86_400_000) });
  await publishPromise(seed.ctx, admin, kommun, id, 1, { now: at(promise.publishedOn) });
  if (promise.periodEnd < iso(seed.now)) await endPromise(seed.ctx, admin, kommun, id, { now: at(promise.periodEnd) });
  return id;
}

export async function seedCooperationDemo(seed: DemoSeedContext): Promise<CooperationDemoIds> {
  const plan2017 = await seedPlan(
    seed,
    '2017',
    {
      title: 'Åtgärdsplan för trygghet 2017',
      slug: '2017',
      summary: 'Kommunen och polisen i Vallentuna har lyssnat på invånarna i trygghetsundersökningar och möten. Det här är de aktiviteter vi har kommit överens om för 2017.',
      periodStart: '2017-01-01',
      periodEnd: '2017-12-31',
      decidedOn: '2016-12-05',
    },
    activities2017,
  );
  const a = (k: string) => plan2017.activityIds.get(k)!;
  const promise2017 = await seedPromise(seed, '2017', {
    title: 'Medborgarlöfte 2017',
    slug: '2017',
    periodStart: '2017-01-01',
    periodEnd: '2017-12-31',
    situation: 'I trygghetsundersökningen och på våra möten har många berättat att de känner sig otrygga i centrum och vid stationen på kvällar, och att mörka gångvägar gör att de väljer andra vägar.',
    items: [
      { party: 'police', text: 'synas mer på utvalda platser som upplevs som otrygga.', activityIds: [a('police-visible')] },
      { party: 'kommun', text: 'förbättra gatu- och vägbelysningen i kommunen.', activityIds: [a('lighting')] },
      { party: 'joint', text: 'arbeta aktivt för att den ideella nattvandringen växer på platser som upplevs som otrygga.', activityIds: [a('night-walks')] },
    ],
    expectedEffect: 'Fler känner sig trygga i centrum och vid stationen på kvällar och helger.',
    followUp: 'Vi redovisar arbetet här varje kvartal och på ett öppet möte i Kulturhuset i december.',
    publishedOn: '2016-12-12',
  });

  const plan2018 = await seedPlan(
    seed,
    '2018',
    { title: 'Åtgärdsplan för trygghet 2018', slug: '2018', summary: 'Fortsättningen på arbetet från 2017.', periodStart: '2018-01-01', periodEnd: '2018-12-31', decidedOn: '2017-12-11' },
    [
      { key: 'patrols', activity: { title: 'Patrullering på utvalda platser när det känns otryggt', startsOn: '2018-01-01', endsOn: '2018-12-31', responsibleParty: 'police', activityType: 'situational', theme: 'Polisnärvaro', responsibleRole: 'Kommunpolis' }, places: ['station', 'centrum'], entries: [{ happenedOn: '2018-12-20', title: 'Året sammanfattat', status: 'done', progress: 100, assessment: 'green', assessmentText: 'Genomförd.' }] },
      { key: 'neighbourhood', activity: { title: 'Stöd till grannsamverkan och nattvandring', startsOn: '2018-01-01', endsOn: '2018-12-31', responsibleParty: 'kommun', activityType: 'situational', theme: 'Vuxennärvaro', responsibleRole: 'Trygghetssamordnaren' }, entries: [{ happenedOn: '2018-12-15', title: 'Åtta nya grannsamverkansområden', status: 'done', progress: 100, assessment: 'green', assessmentText: 'Målet nått.' }] },
      { key: 'app', activity: { title: 'Sprida appen Tryggt och Snyggt', startsOn: '2018-01-01', endsOn: '2018-12-31', responsibleParty: 'kommun', activityType: 'situational', theme: 'Dialog', responsibleRole: 'Kommunikationsenheten' }, entries: [{ happenedOn: '2018-11-30', title: 'Kampanj i lokaltidningen och på bussarna', status: 'done', progress: 100, assessment: 'green', assessmentText: 'Genomförd.' }] },
    ],
  );
  const b = (k: string) => plan2018.activityIds.get(k)!;
  await seedPromise(seed, '2018', {
    title: 'Medborgarlöfte 2018',
    slug: '2018',
    periodStart: '2018-01-01',
    periodEnd: '2018-12-31',
    situation: 'Otryggheten har minskat något sedan 2017, men många upplever fortfarande vissa platser som otrygga vissa tider.',
    items: [
      { party: 'police', text: 'patrullera på utvalda platser de tider som upplevs som otrygga.', activityIds: [b('patrols')] },
      { party: 'kommun', text: 'stötta invånare som vill engagera sig i grannsamverkan och nattvandring.', activityIds: [b('neighbourhood')] },
      { party: 'kommun', text: 'göra appen Tryggt och Snyggt känd, så att fler rapporterar fel i den offentliga miljön.', activityIds: [b('app')] },
    ],
    expectedEffect: 'Fler känner sig trygga och fler fel i den offentliga miljön åtgärdas snabbt.',
    followUp: 'Redovisas på kommunens webbplats två gånger under året.',
    publishedOn: '2017-12-18',
  });

  const plan2019 = await seedPlan(
    seed,
    '2019-2020',
    { title: 'Åtgärdsplan för trygghet 2019–2020', slug: '2019-2020', summary: 'Två år med fokus på synlig polis, en trygg och snygg miljö och goda förutsättningar för barn och unga.', periodStart: '2019-01-01', periodEnd: '2020-12-31', decidedOn: '2018-12-10' },
    [
      { key: 'patrols', activity: { title: 'Uniformerad patrull enligt schema på utvalda platser', startsOn: '2019-01-01', endsOn: '2020-12-31', responsibleParty: 'police', activityType: 'situational', theme: 'Polisnärvaro', responsibleRole: 'Kommunpolis' }, places: ['station'], entries: [{ happenedOn: '2020-12-18', title: 'Två år sammanfattade', status: 'done', progress: 100, assessment: 'green', assessmentText: 'Genomförd.' }] },
      { key: 'app', activity: { title: 'Mer användning av Tryggt och Snyggt', startsOn: '2019-01-01', endsOn: '2020-12-31', responsibleParty: 'kommun', activityType: 'situational', theme: 'Dialog', responsibleRole: 'Gatuenheten' }, entries: [{ happenedOn: '2020-12-01', title: 'Antalet rapporter har ökat', status: 'done', progress: 100, assessment: 'green', assessmentText: 'Genomförd.' }] },
      { key: 'youth', activity: { title: 'Ungas psykiska hälsa, mindre alkohol och droger', startsOn: '2019-01-01', endsOn: '2020-12-31', responsibleParty: 'joint', activityType: 'social', theme: 'Barn och unga', responsibleRole: 'Socialförvaltningen och polisen' }, entries: [{ happenedOn: '2020-06-30', title: 'Pausat under pandemin', status: 'delayed', progress: 40, assessment: 'red', assessmentText: 'Mycket av arbetet gick inte att genomföra under pandemin.' }] },
    ],
  );
  const c = (k: string) => plan2019.activityIds.get(k)!;
  await seedPromise(seed, '2019-2020', {
    title: 'Medborgarlöfte 2019–2020',
    slug: '2019-2020',
    periodStart: '2019-01-01',
    periodEnd: '2020-12-31',
    situation: 'Invånarna vill se mer av polisen, en trygg och snygg miljö och goda förutsättningar för barn och unga.',
    items: [
      { party: 'police', text: 'patrullera uniformerat på utvalda platser och tider enligt ett schema.', activityIds: [c('patrols')] },
      { party: 'kommun', text: 'få fler att använda Tryggt och Snyggt för att rapportera.', activityIds: [c('app')] },
      { party: 'joint', text: 'stärka ungas psykiska hälsa och minska alkohol- och droganvändningen bland unga.', activityIds: [c('youth')] },
    ],
    expectedEffect: 'Större upplevd trygghet på de platser som pekats ut.',
    followUp: 'Redovisas varje halvår.',
    publishedOn: '2018-12-17',
  });

  const current = await seedPlan(
    seed,
    '2025-2026',
    { title: 'Åtgärdsplan för trygghet 2025–2026', slug: '2025-2026', summary: 'Den gällande planen. Den bygger på trygghetsundersökningen 2024 och på invånarnas rapporter om otrygga platser.', periodStart: '2025-01-01', periodEnd: '2026-12-31', decidedOn: '2024-12-09' },
    currentActivities(seed.now),
  );
  const d = (k: string) => current.activityIds.get(k)!;
  const currentPromise = await seedPromise(seed, '2025-2026', {
    title: 'Medborgarlöfte 2025–2026',
    slug: '2025-2026',
    periodStart: '2025-01-01',
    periodEnd: '2026-12-31',
    situation: 'Trygghetsundersökningen 2024 visar att stationen och gångtunnlarna upplevs som otrygga på kvällen, och att många oroar sig för ungas hälsa.',
    items: [
      { party: 'police', text: 'patrullera uniformerat vid stationen och i centrum de tider som invånarna pekat ut.', activityIds: [d('patrols-now')] },
      { party: 'kommun', text: 'förbättra belysningen i gångtunnlar och på cykelvägar.', activityIds: [d('lighting-now')] },
      { party: 'joint', text: 'ge unga fler trygga mötesplatser och föräldrar mer stöd.', activityIds: [d('youth-now')] },
    ],
    expectedEffect: 'Fler känner sig trygga vid stationen och i gångtunnlarna, och färre unga dricker alkohol.',
    followUp: 'Uppföljningen publiceras här löpande, och sammanfattas på ett öppet möte varje höst.',
    publishedOn: '2024-12-16',
  });

  return {
    plan2017: plan2017.planId,
    currentPlan: current.planId,
    promise2017,
    currentPromise,
    activities2017: activities2017.map((x) => a(x.key)),
    currentActivities: [...current.activityIds.values()],
  };
}
