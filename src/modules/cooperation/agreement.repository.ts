// The only SQL for samverkansöverenskommelser and their versions. The public sees every version
// that is not a draft (the history of what was decided is public), never a draft; the
// cooperation's staff see drafts too. Updates take the version the editor loaded and change
// nothing when another save came first (the caller turns that into a conflict).
import { updateAtVersion } from './cooperation.versioning.js';
import { sql } from 'kysely';
import type { Db } from '../../platform/db/database.js';
import type { CoopReader } from './cooperation.policy.js';
import type { AgreementStatus, CalendarDate, CoopAgreementTable, CoopAgreementVersionTable } from './cooperation.tables.js';
import { readAgreementContent, type AgreementContent } from './agreement.schemas.js';

export interface AgreementVersionRow {
  id: string;
  agreementId: string;
  kommunId: string;
  slug: string;
  versionNo: number;
  latestVersionNo: number;
  status: AgreementStatus;
  title: string;
  periodStart: CalendarDate;
  periodEnd: CalendarDate;
  content: AgreementContent;
  decidedByBody: string;
  decidedOn: CalendarDate | null;
  diarienummer: string;
  changeNote: string;
  lockVersion: number;
  createdAt: string;
  updatedAt: string;
}

type Joined = CoopAgreementVersionTable & Pick<CoopAgreementTable, 'slug' | 'latest_version_no'>;

function toVersionRow(row: Joined): AgreementVersionRow {
  return {
    id: row.id,
    agreementId: row.agreement_id,
    kommunId: row.kommun_id,
    slug: row.slug,
    versionNo: Number(row.version_no),
    latestVersionNo: Number(row.latest_version_no),
    status: row.status,
    title: row.title,
    periodStart: row.period_start,
    periodEnd: row.period_end,
    content: readAgreementContent(row.content_json),
    decidedByBody: row.decided_by_body,
    decidedOn: row.decided_on,
    diarienummer: row.diarienummer,
    changeNote: row.change_note,
    lockVersion: Number(row.lock_version),
    createdAt: String(row.created_at),
    updatedAt: String(row.updated_at),
  };
}

/** Versions of the reader's kommun that the reader may see: drafts only for the cooperation's staff. */
function versions(db: Db, reader: CoopReader) {
  let query = db
    .selectFrom('coop_agreement_versions as v')
    .innerJoin('coop_agreements as a', 'a.id', 'v.agreement_id')
    .selectAll('v')
    .select(['a.slug', 'a.latest_version_no'])
    .where('v.kommun_id', '=', reader.kommunId)
    .where('a.kommun_id', '=', reader.kommunId);
  if (!reader.seesInternal) query = query.where('v.status', '!=', 'draft');
  return query;
}

export type AgreementRef = { id: string } | { slug: string };

function byRef<Q extends ReturnType<typeof versions>>(query: Q, ref: AgreementRef): Q {
  return ('id' in ref ? query.where('a.id', '=', ref.id) : query.where('a.slug', '=', ref.slug)) as Q;
}

export async function insertAgreement(db: Db, row: CoopAgreementTable): Promise<void> {
  await db.insertInto('coop_agreements').values(row).execute();
}

export async function insertAgreementVersion(db: Db, row: CoopAgreementVersionTable): Promise<void> {
  await db.insertInto('coop_agreement_versions').values(row).execute();
}

/** The latest version the reader may see: for staff the newest (their draft, if any). */
export async function findLatestAgreementVersion(db: Db, reader: CoopReader, ref: AgreementRef): Promise<AgreementVersionRow | undefined> {
  const row = await byRef(versions(db, reader), ref).orderBy('v.version_no', 'desc').limit(1).executeTakeFirst();
  return row ? toVersionRow(row) : undefined;
}

/**
 * The version residents see as "the agreement": the one in force, else the newest decided one
 * (decided and not yet in force, ended, or superseded). Never a draft, whoever reads.
 */
export async function findShownAgreementVersion(db: Db, kommunId: string, ref: AgreementRef): Promise<AgreementVersionRow | undefined> {
  const row = await byRef(versions(db, { kommunId, seesInternal: false }), ref)
    .orderBy(sql`case when v.status = 'in_force' then 0 else 1 end`)
    .orderBy('v.version_no', 'desc')
    .limit(1)
    .executeTakeFirst();
  return row ? toVersionRow(row) : undefined;
}

export async function findAgreementVersion(db: Db, reader: CoopReader, ref: AgreementRef, versionNo: number): Promise<AgreementVersionRow | undefined> {
  const row = await byRef(versions(db, reader), ref).where('v.version_no', '=', versionNo).executeTakeFirst();
  return row ? toVersionRow(row) : undefined;
}

/** An agreement's versions the reader may see, newest first (a handful; capped all the same). */
export async function listAgreementVersions(db: Db, reader: CoopReader, ref: AgreementRef): Promise<AgreementVersionRow[]> {
  const rows = await byRef(versions(db, reader), ref).orderBy('v.version_no', 'desc').limit(200).execute();
  return rows.map(toVersionRow);
}

/**
 * A kommun's agreements, newest period first, each as one version: the public gets the version
 * it is shown (findShownAgreementVersion's rule), staff the latest. A kommun has a few
 * agreements with a few versions each, so the versions are read in one query (capped) and the
 * one to show is picked here rather than by a correlated subquery per agreement.
 */
export async function listAgreements(db: Db, reader: CoopReader, limit = 100): Promise<AgreementVersionRow[]> {
  const rows = (await versions(db, reader).orderBy('v.agreement_id').orderBy('v.version_no', 'desc').limit(2000).execute()).map(toVersionRow);
  const chosen = new Map<string, AgreementVersionRow>();
  for (const row of rows) {
    const current = chosen.get(row.agreementId);
    if (!current) chosen.set(row.agreementId, row);
    else if (!reader.seesInternal && row.status === 'in_force' && current.status !== 'in_force') chosen.set(row.agreementId, row);
  }
  return [...chosen.values()].sort((a, b) => b.periodStart.localeCompare(a.periodStart) || b.agreementId.localeCompare(a.agreementId)).slice(0, limit);
}

export async function agreementSlugTaken(db: Db, kommunId: string, slug: string, exceptId?: string): Promise<boolean> {
  let query = db.selectFrom('coop_agreements').select('id').where('kommun_id', '=', kommunId).where('slug', '=', slug);
  if (exceptId) query = query.where('id', '!=', exceptId);
  return (await query.executeTakeFirst()) !== undefined;
}

export async function updateAgreementVersionIf(db: Db, kommunId: string, versionId: string, lockVersion: number, patch: Partial<CoopAgreementVersionTable>): Promise<boolean> {
  return updateAtVersion(db, 'coop_agreement_versions', kommunId, versionId, lockVersion, patch);
}

export async function updateAgreementHead(db: Db, kommunId: string, agreementId: string, patch: Partial<CoopAgreementTable>): Promise<void> {
  await db.updateTable('coop_agreements').set(patch).where('kommun_id', '=', kommunId).where('id', '=', agreementId).execute();
}

/** Every older decided or in-force version of the agreement becomes superseded by the one put in force. */
export async function supersedeOlderVersions(db: Db, kommunId: string, agreementId: string, versionNo: number, now: string): Promise<void> {
  await db
    .updateTable('coop_agreement_versions')
    .set((eb) => ({ status: 'superseded', updated_at: now, lock_version: eb('lock_version', '+', 1) }))
    .where('kommun_id', '=', kommunId)
    .where('agreement_id', '=', agreementId)
    .where('version_no', '<', versionNo)
    .where('status', 'in', ['decided', 'in_force'])
    .execute();
}

/** The kommun's plans an annex may link to, newest first; drafts too, for staff choosing. */
export async function listPlanChoices(db: Db, kommunId: string): Promise<{ id: string; slug: string; title: string; status: string }[]> {
  return db.selectFrom('coop_plans').select(['id', 'slug', 'title', 'status']).where('kommun_id', '=', kommunId).orderBy('period_start', 'desc').orderBy('id', 'desc').limit(200).execute();
}

/** Plans by id, for showing annex links; the public gets only plans it may read (decided on). */
export async function findLinkedPlans(db: Db, reader: CoopReader, ids: readonly string[]): Promise<Map<string, { slug: string; title: string }>> {
  if (ids.length === 0) return new Map();
  let query = db.selectFrom('coop_plans').select(['id', 'slug', 'title']).where('kommun_id', '=', reader.kommunId).where('id', 'in', [...ids]);
  if (!reader.seesInternal) query = query.where('status', '!=', 'draft');
  const rows = await query.execute();
  return new Map(rows.map((r) => [r.id, { slug: r.slug, title: r.title }]));
}

/** The version a file was uploaded to, with its status and content, for the file owner's checks. */
export async function findVersionOwningFile(db: Db, kommunId: string, versionId: string): Promise<{ status: AgreementStatus; content: AgreementContent } | undefined> {
  const row = await db
    .selectFrom('coop_agreement_versions')
    .select(['status', 'content_json'])
    .where('kommun_id', '=', kommunId)
    .where('id', '=', versionId)
    .executeTakeFirst();
  return row ? { status: row.status, content: readAgreementContent(row.content_json) } : undefined;
}
