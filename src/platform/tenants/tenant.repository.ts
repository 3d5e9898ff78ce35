import type { ExpressionBuilder, SelectQueryBuilder } from 'kysely';
import type { Db } from '../db/database.js';
import type { OrganisationTable, Tables } from '../db/tables.js';
import type { BoundaryBounds, BoundaryGeometry } from './tenant.boundary.js';
import { parseKommunSettings, type KommunSettings } from './tenant.settings.js';

export type OrganisationKind = OrganisationTable['kind'];

/** What pages know of a kommun's boundary without reading it whole. */
export interface BoundarySummary {
  /** Where the outline comes from, shown under maps (e.g. "approximate, drawn for the demo"). */
  source: string;
  bounds: BoundaryBounds;
  positions: number;
}

export interface Kommun {
  id: string;
  slug: string;
  name: string;
  settings: KommunSettings;
  boundary: BoundarySummary | null;
  updatedAt: string;
}

export interface Organisation {
  id: string;
  kind: OrganisationKind;
  slug: string | null;
  name: string;
  kommunId: string | null;
  partnerType: string | null;
}

function parseBoundarySummary(json: string | null): BoundarySummary | null {
  if (!json) return null;
  try {
    const value = JSON.parse(json) as Partial<BoundarySummary>;
    const b = value.bounds;
    if (!b || ![b.minLon, b.minLat, b.maxLon, b.maxLat].every((n) => typeof n === 'number')) return null;
    return { source: typeof value.source === 'string' ? value.source : '', bounds: b, positions: Number(value.positions) || 0 };
  } catch {
    return null;
  }
}

function toKommun(row: Pick<OrganisationTable, 'id' | 'slug' | 'name' | 'settings' | 'updated_at'> & { boundary_summary: string | null }): Kommun {
  return { id: row.id, slug: row.slug ?? '', name: row.name, settings: parseKommunSettings(row.settings), boundary: parseBoundarySummary(row.boundary_summary), updatedAt: row.updated_at };
}

export async function findKommunBySlug(db: Db, slug: string): Promise<Kommun | undefined> {
  const row = await db
    .selectFrom('organisations')
    .select(['id', 'slug', 'name', 'settings', 'boundary_summary', 'updated_at'])
    .where('kind', '=', 'kommun')
    .where('slug', '=', slug)
    .executeTakeFirst();
  return row ? toKommun(row) : undefined;
}

export async function findKommunById(db: Db, id: string): Promise<Kommun | undefined> {
  const row = await db
    .selectFrom('organisations')
    .select(['id', 'slug', 'name', 'settings', 'boundary_summary', 'updated_at'])
    .where('kind', '=', 'kommun')
    .where('id', '=', id)
    .executeTakeFirst();
  return row ? toKommun(row) : undefined;
}

/** Kommuner are few (≤ 290), so the list is bounded without pagination. */
export async function listKommuner(db: Db): Promise<Kommun[]> {
  const rows = await db
    .selectFrom('organisations')
    .select(['id', 'slug', 'name', 'settings', 'boundary_summary', 'updated_at'])
    .where('kind', '=', 'kommun')
    .orderBy('name')
    .limit(1000)
    .execute();
  return rows.map(toKommun);
}

export async function slugExists(db: Db, slug: string): Promise<boolean> {
  const row = await db.selectFrom('organisations').select('id').where('slug', '=', slug).executeTakeFirst();
  return row !== undefined;
}

export async function insertOrganisation(
  db: Db,
  org: {
    id: string;
    kind: OrganisationKind;
    slug: string | null;
    name: string;
    kommunId: string | null;
    partnerType: string | null;
    settings: object;
    now: string;
  },
): Promise<void> {
  await db
    .insertInto('organisations')
    .values({
      id: org.id,
      kind: org.kind,
      slug: org.slug,
      name: org.name,
      kommun_id: org.kommunId,
      partner_type: org.partnerType,
      settings: JSON.stringify(org.settings),
      created_at: org.now,
      updated_at: org.now,
    })
    .execute();
}

export async function updateKommunSettings(db: Db, id: string, name: string, settings: KommunSettings, now: string): Promise<void> {
  await db
    .updateTable('organisations')
    .set({ name, settings: JSON.stringify(settings), updated_at: now })
    .where('id', '=', id)
    .where('kind', '=', 'kommun')
    .execute();
}

/** The kommun's boundary geometry, or undefined when none is stored. */
export async function findKommunBoundary(db: Db, kommunId: string): Promise<BoundaryGeometry | undefined> {
  const row = await db.selectFrom('organisations').select('boundary').where('kind', '=', 'kommun').where('id', '=', kommunId).executeTakeFirst();
  if (!row?.boundary) return undefined;
  try {
    return JSON.parse(row.boundary) as BoundaryGeometry;
  } catch {
    return undefined;
  }
}

/** Stores (or with null, removes) the boundary and its summary. */
export async function updateKommunBoundary(db: Db, kommunId: string, boundary: { geometry: BoundaryGeometry; summary: BoundarySummary } | null, now: string): Promise<void> {
  await db
    .updateTable('organisations')
    .set({ boundary: boundary ? JSON.stringify(boundary.geometry) : null, boundary_summary: boundary ? JSON.stringify(boundary.summary) : null, updated_at: now })
    .where('id', '=', kommunId)
    .where('kind', '=', 'kommun')
    .execute();
}

export async function linkPoliceArea(db: Db, policeAreaId: string, kommunId: string): Promise<void> {
  await db
    .insertInto('police_area_kommuner')
    .values({ police_area_id: policeAreaId, kommun_id: kommunId })
    .onConflict((oc) => oc.doNothing())
    .execute();
}

/** The kommun's organisations in SQL: the kommun, its partner organisations and the police areas serving it. */
export function isOrganisationOfKommun(eb: ExpressionBuilder<Tables, 'organisations'>, kommunId: string) {
  return eb.or([
    eb('organisations.id', '=', kommunId),
    eb('organisations.kommun_id', '=', kommunId),
    eb('organisations.id', 'in', eb.selectFrom('police_area_kommuner').select('police_area_kommuner.police_area_id').where('police_area_kommuner.kommun_id', '=', kommunId)),
  ]);
}

/** Whether the organisation works in the kommun: the kommun itself, one of its partners, or a police area serving it. */
export async function isOrganisationWorkingIn(db: Db, kommunId: string, organisationId: string): Promise<boolean> {
  const row = await db
    .selectFrom('organisations')
    .select('organisations.id')
    .where('organisations.id', '=', organisationId)
    .where((eb) => isOrganisationOfKommun(eb, kommunId))
    .executeTakeFirst();
  return row !== undefined;
}

/** Organisation ids worked out in SQL (e.g. selectOrganisationIdsInScope), for a query to use as a subquery. */
export type OrganisationIdsQuery = SelectQueryBuilder<Tables, 'organisations', { id: string }>;

/** The ids of the kommun's organisations of one kind (listOrganisationsOfKommun), as a subquery. */
export function selectOrganisationIdsOfKommun(db: Db, kommunId: string, kind: OrganisationKind): OrganisationIdsQuery {
  return db
    .selectFrom('organisations')
    .select('organisations.id')
    .where((eb) => eb.and([isOrganisationOfKommun(eb, kommunId), eb('organisations.kind', '=', kind)]));
}

/** The organisations working in a kommun: itself, its partners and the police areas covering it. */
export async function listOrganisationsOfKommun(db: Db, kommunId: string): Promise<Organisation[]> {
  const rows = await db
    .selectFrom('organisations')
    .select(['id', 'kind', 'slug', 'name', 'kommun_id', 'partner_type'])
    .where((eb) => isOrganisationOfKommun(eb, kommunId))
    .orderBy('kind')
    .orderBy('name')
    .limit(1000)
    .execute();
  return rows.map((r) => ({
    id: r.id,
    kind: r.kind,
    slug: r.slug,
    name: r.name,
    kommunId: r.kommun_id,
    partnerType: r.partner_type,
  }));
}

export async function listPoliceAreas(db: Db): Promise<Organisation[]> {
  const rows = await db
    .selectFrom('organisations')
    .select(['id', 'kind', 'slug', 'name', 'kommun_id', 'partner_type'])
    .where('kind', '=', 'lokalpolisomrade')
    .orderBy('name')
    .limit(1000)
    .execute();
  return rows.map((r) => ({ id: r.id, kind: r.kind, slug: r.slug, name: r.name, kommunId: r.kommun_id, partnerType: r.partner_type }));
}

export async function findPoliceAreaById(db: Db, id: string): Promise<Organisation | undefined> {
  const r = await db
    .selectFrom('organisations')
    .select(['id', 'kind', 'slug', 'name', 'kommun_id', 'partner_type'])
    .where('kind', '=', 'lokalpolisomrade')
    .where('id', '=', id)
    .executeTakeFirst();
  return r ? { id: r.id, kind: r.kind, slug: r.slug, name: r.name, kommunId: r.kommun_id, partnerType: r.partner_type } : undefined;
}

/** Which police areas cover which kommun, for the platform overview (bounded like listKommuner). */
export async function listPoliceAreaLinks(db: Db): Promise<{ kommunId: string; policeAreaId: string; policeAreaName: string }[]> {
  const rows = await db
    .selectFrom('police_area_kommuner')
    .innerJoin('organisations', 'organisations.id', 'police_area_kommuner.police_area_id')
    .select(['police_area_kommuner.kommun_id', 'police_area_kommuner.police_area_id', 'organisations.name'])
    .orderBy('organisations.name')
    .limit(5000)
    .execute();
  return rows.map((r) => ({ kommunId: r.kommun_id, policeAreaId: r.police_area_id, policeAreaName: r.name }));
}

export { isUniqueViolation } from '../db/errors.js';

/** The kommun an organisation belongs to: itself, a partner's kommun, or none for a police area. */
export async function findKommunIdOfOrganisation(db: Db, organisationId: string): Promise<string | null> {
  const row = await db.selectFrom('organisations').select(['id', 'kind', 'kommun_id']).where('id', '=', organisationId).executeTakeFirst();
  if (!row) return null;
  return row.kind === 'kommun' ? row.id : row.kind === 'partner' ? row.kommun_id : null;
}
