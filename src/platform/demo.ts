// The Vallentuna demo: created once, on the first start in demo mode, and identical on every
// fresh start (ids derive from names, dates from fixed values or from the start day), so tests
// and the README can rely on it. Each module adds its own part through seedDemo.
import { createHash } from 'node:crypto';
import type { AppContext } from './context.js';
import { hashPassword, demoPassword } from './auth/passwords.js';
import { insertMembership, insertUser } from './auth/user.repository.js';
import { insertOrganisation, linkPoliceArea, updateKommunBoundary } from './tenants/tenant.repository.js';
import { boundsOfBoundary, countPositions, type BoundaryGeometry } from './tenants/tenant.boundary.js';
import { createPlace } from './places/index.js';
import type { DemoSeedContext, ModuleManifest } from './module.js';
import { kommunSettingsSchema } from './tenants/tenant.settings.js';

/** A UUID-shaped id derived from a name, so the demo has the same ids on every machine. */
export function demoId(name: string): string {
  const hex = createHash('sha256').update(`samtrygg-demo:${name}`).digest('hex');
  // Version 8 ("custom") UUID with the RFC 4122 variant.
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-8${hex.slice(13, 16)}-${((Number.parseInt(hex.slice(16, 17), 16) & 0x3) | 0x8).toString(16)}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/**
 * An approximate outline of Vallentuna kommun, drawn by hand for the demo from the kommun's rough
 * extent (about 59.43–59.65 N, 17.90–18.30 E). It is NOT the official boundary, and the demo says
 * so under every map; a real kommun uploads Lantmäteriet's or OpenStreetMap's boundary instead.
 */
export const demoBoundary: BoundaryGeometry = {
  type: 'Polygon',
  coordinates: [
    [
      [17.93, 59.47], [17.96, 59.44], [18.03, 59.43], [18.1, 59.44], [18.16, 59.46], [18.22, 59.49], [18.27, 59.52], [18.3, 59.56],
      [18.27, 59.6], [18.2, 59.63], [18.1, 59.65], [18.0, 59.63], [17.93, 59.6], [17.9, 59.55], [17.91, 59.5], [17.93, 59.47],
    ],
  ],
};
export const demoBoundarySource = 'ungefärlig gräns ritad för demon, inte den officiella kommungränsen';

export const demoAccounts = [
  { key: 'admin', email: 'admin@vallentuna.example', name: 'Administratören', org: 'kommun', role: 'administrator', platformAdmin: true },
  { key: 'coordinator', email: 'samordnare@vallentuna.example', name: 'Trygghetssamordnaren', org: 'kommun', role: 'coordinator', platformAdmin: false },
  { key: 'police', email: 'kommunpolis@taby-polis.example', name: 'Kommunpolisen', org: 'police', role: 'police', platformAdmin: false },
  { key: 'policeChief', email: 'polischef@taby-polis.example', name: 'Lokalpolisområdeschefen', org: 'police', role: 'police_administrator', platformAdmin: false },
  { key: 'partner', email: 'rapportor@skolan.example', name: 'Rapportören på skolan', org: 'school', role: 'partner_reporter', platformAdmin: false },
  { key: 'streetUnit', email: 'gatuenheten@vallentuna.example', name: 'Handläggaren på gatuenheten', org: 'streetUnit', role: 'partner_reporter', platformAdmin: false },
  { key: 'volunteerCoordinator', email: 'nattvandring@vallentuna.example', name: 'Nattvandringssamordnaren', org: 'nightwalk', role: 'volunteer_coordinator', platformAdmin: false },
  { key: 'volunteer', email: 'volontar@vallentuna.example', name: 'Volontären', org: 'nightwalk', role: 'volunteer', platformAdmin: false },
] as const;

export const demoPlaces = [
  { key: 'kulturhuset', name: 'Kulturhuset', lat: 59.53452, lon: 18.08051, description: 'Kommunens kulturhus med bibliotek. Polisen finns här en gång i veckan för att träffa invånare.' },
  { key: 'torggatan', name: 'Torggatan, gången vid Coop och Ica', lat: 59.53391, lon: 18.07917, description: 'Gågatan mellan butikerna i centrum, där dialogen "Prata trygghet med oss!" hölls.' },
  { key: 'station', name: 'Vallentuna station', lat: 59.53428, lon: 18.07655, description: 'Roslagsbanans station i centrala Vallentuna.' },
  { key: 'centrum', name: 'Vallentuna centrum', lat: 59.53358, lon: 18.07801, description: 'Centrumområdet med torg, butiker och busshållplatser.', polygon: [[18.0755, 59.5322], [18.0812, 59.5322], [18.0812, 59.5350], [18.0755, 59.5350], [18.0755, 59.5322]] },
  { key: 'ekebyparken', name: 'Parken vid Vallentunasjön', lat: 59.5305, lon: 18.0705, description: 'Grönområde och gångväg längs sjön; belysningen har diskuterats i trygghetsundersökningar.' },
] as const;

export async function seedDemoIfEmpty(ctx: AppContext, modules: readonly ModuleManifest[] = ctx.registry.modules, now: Date = new Date()): Promise<boolean> {
  const existing = await ctx.db.selectFrom('organisations').select('id').limit(1).executeTakeFirst();
  if (existing) return false;
  await seedDemo(ctx, modules, now);
  return true;
}

export async function seedDemo(ctx: AppContext, modules: readonly ModuleManifest[] = ctx.registry.modules, now: Date = new Date()): Promise<DemoSeedContext> {
  // "Today" for the demo is the start of the current day, so a fresh start on the same day
  // produces identical rows.
  const today = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()));
  const created = '2016-09-01T08:00:00.000Z';
  const kommunId = demoId('org:vallentuna');
  const policeAreaId = demoId('org:lpo-taby');
  const orgIds = { kommun: kommunId, police: policeAreaId, school: demoId('org:school'), housing: demoId('org:housing'), nightwalk: demoId('org:nightwalk'), streetUnit: demoId('org:street-unit') };

  await ctx.db.transaction().execute(async (trx) => {
    await insertOrganisation(trx, {
      id: kommunId,
      kind: 'kommun',
      slug: 'vallentuna',
      name: 'Vallentuna kommun',
      kommunId: null,
      partnerType: null,
      settings: kommunSettingsSchema.parse({
        primaryColour: '#005a8c',
        contact: { email: 'trygghet@vallentuna.example', phone: '08-587 850 00', address: 'Tuna torg 1, 186 86 Vallentuna', website: '' },
        languages: ['sv', 'en'],
        requireTotpForRoles: [],
        accessibilityStatement: { lastReviewed: '2026-11-01', knownIssuesSv: '', knownIssuesEn: '' },
      }),
      now: created,
    });
    await insertOrganisation(trx, { id: policeAreaId, kind: 'lokalpolisomrade', slug: null, name: 'Lokalpolisområde Täby', kommunId: null, partnerType: null, settings: {}, now: created });
    await linkPoliceArea(trx, policeAreaId, kommunId);
    await updateKommunBoundary(
      trx,
      kommunId,
      { geometry: demoBoundary, summary: { source: demoBoundarySource, bounds: boundsOfBoundary(demoBoundary), positions: countPositions(demoBoundary) } },
      created,
    );
    await insertOrganisation(trx, { id: orgIds.school, kind: 'partner', slug: null, name: 'Hagaskolan', kommunId, partnerType: 'school', settings: {}, now: created });
    await insertOrganisation(trx, { id: orgIds.housing, kind: 'partner', slug: null, name: 'Vallentunahem', kommunId, partnerType: 'housing', settings: {}, now: created });
    // A unit of the kommun's own administration that reports are assigned to (street lighting).
    await insertOrganisation(trx, { id: orgIds.streetUnit, kind: 'partner', slug: null, name: 'Gatu- och parkenheten', kommunId, partnerType: 'kommun_unit', settings: {}, now: created });
    await insertOrganisation(trx, { id: orgIds.nightwalk, kind: 'partner', slug: null, name: 'Nattvandrarna i Vallentuna', kommunId, partnerType: 'association', settings: {}, now: created });

    const passwordHash = await hashPassword(demoPassword);
    for (const account of demoAccounts) {
      const userId = demoId(`user:${account.key}`);
      await insertUser(trx, { id: userId, email: account.email, name: account.name, passwordHash, status: 'active', isPlatformAdmin: account.platformAdmin, isDemo: true, now: created });
      await insertMembership(trx, { id: demoId(`membership:${account.key}`), userId, organisationId: orgIds[account.org], role: account.role, now: created });
    }
  });

  const places: Record<string, string> = {};
  for (const place of demoPlaces) {
    const id = demoId(`place:${place.key}`);
    await createPlace(
      ctx,
      null,
      kommunId,
      { name: place.name, description: place.description, lat: place.lat, lon: place.lon, polygon: 'polygon' in place ? JSON.stringify(place.polygon) : '' },
      { id, now: new Date(created), system: true },
    );
    places[place.key] = id;
  }

  const results = new Map<string, unknown>();
  const seed: DemoSeedContext = {
    of<T>(module: ModuleManifest<T>): T {
      if (!results.has(module.name)) throw new Error(`The demo of ${module.name} has not been seeded (is it listed before the module asking?)`);
      return results.get(module.name) as T;
    },
    ctx,
    demoId,
    kommunId,
    policeAreaId,
    users: Object.fromEntries(demoAccounts.map((a) => [a.key, demoId(`user:${a.key}`)])),
    places,
    now: today,
  };
  for (const module of modules) {
    if (module.seedDemo) results.set(module.name, await module.seedDemo(seed));
  }
  return seed;
}
