// The demo's reports: a few hundred from the last two years, generated deterministically (the same
// rows on every machine and every start on the same day). They gather around the demo's places,
// more at night by the station and the Kulturhus, in every state from waiting for review to fixed,
// and the lighting reports by the lake are linked to the 2017 plan's lighting activity.
import type { Insertable } from 'kysely';
import type { DemoSeedContext } from '../../platform/module.js';
import { cooperationModule } from '../cooperation/index.js';
import { defaultCategories } from './report.categories.js';
import { h3CellOf, roundToGrid, type Point } from './report.location.js';
import { referenceAlphabet } from './report.reference.js';
import type { ReportEventTable, ReportStatus, ReportTable } from './report.tables.js';
import { allDays, allParts, maskOfDays, maskOfParts } from './report.when.js';

export interface ReportsDemoIds {
  /** Published reports' references, newest first, for tests and sample pages. */
  publishedReferences: string[];
  /** A report waiting for review. */
  pendingReference: string;
}

/** A small deterministic generator (mulberry32), so the demo never depends on Math.random. */
function generator(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface Spot {
  place: string;
  /** How many of the demo's reports are here, relatively. */
  weight: number;
  /** Spread around the place, in metres. */
  spread: number;
  categories: [string, number][];
  /** Share of reports about evenings and nights. */
  night: number;
}

const spots: Spot[] = [
  { place: 'station', weight: 30, spread: 120, categories: [['ordningsstorning', 4], ['belysning', 2], ['klotter', 3], ['otrygg-plats', 4], ['nedskrapning', 1]], night: 0.85 },
  { place: 'kulturhuset', weight: 22, spread: 90, categories: [['otrygg-plats', 3], ['ordningsstorning', 3], ['klotter', 2], ['belysning', 1], ['nedskrapning', 1]], night: 0.75 },
  { place: 'torggatan', weight: 16, spread: 70, categories: [['klotter', 3], ['nedskrapning', 3], ['ordningsstorning', 2], ['otrygg-plats', 1]], night: 0.55 },
  { place: 'centrum', weight: 14, spread: 150, categories: [['trafik', 3], ['nedskrapning', 2], ['skymd-sikt', 1], ['annat', 1]], night: 0.4 },
  { place: 'ekebyparken', weight: 18, spread: 250, categories: [['belysning', 6], ['skymd-sikt', 4], ['otrygg-plats', 2], ['nedskrapning', 1]], night: 0.8 },
];

const texts: Record<string, string[]> = {
  belysning: ['Flera lampor längs gångvägen är släckta och det blir helt mörkt efter skymningen.', 'En gatlampa blinkar och slocknar hela tiden.', 'Gångvägen saknar belysning på en lång sträcka.'],
  'skymd-sikt': ['Buskarna har vuxit över gångvägen så att man inte ser vem som kommer.', 'Häcken vid tunneln skymmer sikten helt.'],
  klotter: ['Nytt klotter på väggen vid cykelstället.', 'Krossat glas och sönderslagen skylt vid entrén.'],
  nedskrapning: ['Papperskorgarna är överfulla och skräpet blåser runt.', 'Mycket skräp och glas efter helgen.'],
  'otrygg-plats': ['Platsen känns öde och otrygg på kvällarna.', 'Det är svårt att se vart man ska gå, och ingen är i närheten.'],
  ordningsstorning: ['Högljudda samlingar sent på kvällarna som gör att man undviker platsen.', 'Stök och mopeder som kör runt på torget på natten.'],
  trafik: ['Bilar kör fort förbi övergångsstället.', 'Mopeder kör på gångbanan.'],
  annat: ['Trasigt staket som gör att barn kan springa ut i vägen.'],
};

const responses: Partial<Record<ReportStatus, string>> = {
  confirmed: 'Tack för rapporten. Vi har tittat på platsen och tar med den i det fortsatta arbetet.',
  action_scheduled: 'Åtgärden är planerad och görs inom de närmaste veckorna.',
  fixed: 'Nu är det åtgärdat. Tack för att du hörde av dig!',
  not_responsible: 'Platsen ägs av fastighetsbolaget. Vi har skickat vidare rapporten till dem.',
  closed_no_action: 'Vi har besökt platsen och ser inget att åtgärda just nu. Hör gärna av dig igen om det blir sämre.',
};

function pick<T>(random: () => number, items: readonly [T, number][]): T {
  const total = items.reduce((sum, [, w]) => sum + w, 0);
  let r = random() * total;
  for (const [item, w] of items) {
    r -= w;
    if (r <= 0) return item;
  }
  return items[items.length - 1]![0];
}

function offset(point: Point, random: () => number, metres: number): Point {
  const angle = random() * 2 * Math.PI;
  const distance = Math.sqrt(random()) * metres;
  return {
    lat: Number((point.lat + (Math.cos(angle) * distance) / 111_320).toFixed(6)),
    lon: Number((point.lon + (Math.sin(angle) * distance) / (111_320 * Math.cos((point.lat * Math.PI) / 180))).toFixed(6)),
  };
}

export async function seedReportsDemo(seed: DemoSeedContext): Promise<ReportsDemoIds> {
  const { ctx, kommunId, now } = seed;
  const random = generator(20161212);
  const positions = await ctx.db.selectFrom('places').select(['id', 'lat', 'lon']).where('kommun_id', '=', kommunId).execute();
  const placeById = new Map(positions.map((p) => [p.id, p]));
  let lightingActivity: string | null = null;
  try {
    lightingActivity = seed.of(cooperationModule).activities2017[1] ?? null;
  } catch {
    lightingActivity = null;
  }
  const sensitive = new Set(defaultCategories.filter((c) => c.sensitive).map((c) => c.code));
  const reports: Insertable<ReportTable>[] = [];
  const events: Insertable<ReportEventTable>[] = [];
  const count = 320;
  const dayMs = 86_400_000;
  for (let i = 0; i < count; i += 1) {
    const spot = pick(random, spots.map((s) => [s, s.weight] as [Spot, number]));
    const placeId = seed.places[spot.place];
    const place = placeId ? placeById.get(placeId) : undefined;
    if (!place || !placeId) continue;
    const category = pick(random, spot.categories);
    const point = offset({ lat: place.lat, lon: place.lon }, random, spot.spread);
    // Spread over two years, more recent ones a little more often.
    const ageDays = Math.floor(730 * random() ** 1.3);
    const created = new Date(now.getTime() - ageDays * dayMs - Math.floor(random() * dayMs));
    const isNight = random() < spot.night;
    const parts = isNight ? maskOfParts(random() < 0.6 ? ['evening', 'night'] : ['night']) : random() < 0.15 ? allParts : maskOfParts(['day']);
    const days = parts === allParts ? allDays : random() < 0.5 ? maskOfDays(['fri', 'sat']) : allDays;
    const pending = ageDays < 6 && random() < 0.6;
    const status: ReportStatus = pending
      ? 'new'
      : ageDays < 30
        ? pick(random, [['new', 2], ['confirmed', 3], ['investigating', 1], ['action_scheduled', 1]])
        : pick(random, [['fixed', 5], ['closed_no_action', 2], ['not_responsible', 1], ['confirmed', 1], ['action_scheduled', 1], ['duplicate', 1]]);
    const id = seed.demoId(`report:${i}`);
    const referenceSource = seed.demoId(`report-reference:${i}`).replace(/-/g, '');
    const reference = Array.from({ length: 8 }, (_, k) => referenceAlphabet[Number.parseInt(referenceSource.slice(k * 2, k * 2 + 2), 16) % 32]).join('');
    const textList = texts[category] ?? texts.annat!;
    const description = textList[Math.floor(random() * textList.length)]!;
    const shown = sensitive.has(category) ? roundToGrid(point, 250) : point;
    const createdIso = created.toISOString();
    const publishedIso = new Date(created.getTime() + (1 + Math.floor(random() * 3)) * dayMs).toISOString();
    const closed = ['fixed', 'closed_no_action', 'not_responsible', 'duplicate'].includes(status);
    const changedIso = new Date(Math.min(now.getTime() - dayMs / 2, created.getTime() + (3 + Math.floor(random() * 40)) * dayMs)).toISOString();
    reports.push({
      id,
      kommun_id: kommunId,
      reference,
      category_code: category,
      status,
      moderation: pending ? 'pending' : 'published',
      lat: point.lat,
      lon: point.lon,
      public_lat: pending ? null : shown.lat,
      public_lon: pending ? null : shown.lon,
      h3_cell: h3CellOf(point),
      place_id: placeId,
      location_text: '',
      when_parts: parts,
      when_days: days,
      observed_on: null,
      description,
      public_description: pending ? null : description,
      answers_json: '{}',
      supporters: pending ? 0 : Math.floor(random() ** 3 * 12),
      assigned_organisation_id: null,
      duplicate_of_id: null,
      activity_id: category === 'belysning' && spot.place === 'ekebyparken' ? lightingActivity : null,
      source: 'web',
      open311_client_id: null,
      idempotency_key: null,
      client_hash: null,
      has_contact: false,
      locale: 'sv',
      created_at: createdIso,
      updated_at: status === 'new' ? (pending ? createdIso : publishedIso) : changedIso,
      published_at: pending ? null : publishedIso,
      closed_at: closed ? changedIso : null,
      fixed_question_at: null,
      contact_deleted_at: null,
      version: 1,
    });
    const event = (n: number, kind: ReportEventTable['kind'], eventStatus: ReportStatus, at: string, body = '') =>
      events.push({ id: seed.demoId(`report-event:${i}:${n}`), report_id: id, kommun_id: kommunId, kind, status: eventStatus, is_public: true, body, actor_user_id: null, organisation_id: null, created_at: at });
    event(0, 'submitted', 'new', createdIso);
    if (!pending) event(1, 'published', 'new', publishedIso);
    if (status !== 'new') {
      event(2, 'status', status, changedIso);
      const response = responses[status];
      if (response) event(3, 'response', status, changedIso, response);
    }
  }
  await ctx.db.transaction().execute(async (trx) => {
    for (let i = 0; i < reports.length; i += 100) await trx.insertInto('reports').values(reports.slice(i, i + 100)).execute();
    for (let i = 0; i < events.length; i += 200) await trx.insertInto('report_events').values(events.slice(i, i + 200)).execute();
  });
  const published = reports.filter((r) => r.moderation === 'published').sort((a, b) => (a.created_at < b.created_at ? 1 : -1));
  const pending = reports.find((r) => r.moderation === 'pending');
  return { publishedReferences: published.map((r) => r.reference), pendingReference: pending?.reference ?? published[0]!.reference };
}
