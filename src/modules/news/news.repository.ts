// The only file with SQL for news and pages.
import type { ExpressionBuilder } from 'kysely';
import type { Db } from '../../platform/db/database.js';
import type { Tables } from '../../platform/db/tables.js';
import { preparedQuery, preparedQueryByShape } from '../../platform/db/prepared.js';
import type { OrganisationKind } from '../../platform/tenants/tenant.repository.js';
import type { ContentItemTable } from './news.tables.js';

export type ContentKind = ContentItemTable['kind'];
export type ContentStatus = ContentItemTable['status'];

/** The organisation an item is published by, as pages name it. */
export interface Publisher {
  id: string;
  name: string;
  kind: OrganisationKind;
}

export interface ContentRow {
  id: string;
  kommunId: string;
  kind: ContentKind;
  slug: string;
  title: string;
  summary: string;
  bodyMd: string;
  bodyHtml: string;
  easyBodyMd: string;
  easyBodyHtml: string;
  imageFileId: string | null;
  imageAlt: string;
  imageCredit: string;
  status: ContentStatus;
  publishedAt: string | null;
  contentUpdatedAt: string;
  updatedAt: string;
  publisher: Publisher;
  reviewNote: string;
  reviewRequestedBy: string | null;
}

export interface TranslationRow {
  locale: string;
  title: string;
  summary: string;
  bodyMd: string;
  bodyHtml: string;
}

export interface AttachmentRow {
  id: string;
  fileId: string;
  title: string;
  position: number;
  filename: string;
  contentType: string;
  sizeBytes: number;
}

/** An item's row with its publisher's name and kind (selectItems). */
type ItemWithPublisher = ContentItemTable & { publisher_name: string; publisher_kind: OrganisationKind };

function toContentRow(row: ItemWithPublisher): ContentRow {
  return {
    id: row.id,
    kommunId: row.kommun_id,
    kind: row.kind,
    slug: row.slug,
    title: row.title,
    summary: row.summary,
    bodyMd: row.body_md,
    bodyHtml: row.body_html,
    easyBodyMd: row.easy_body_md,
    easyBodyHtml: row.easy_body_html,
    imageFileId: row.image_file_id,
    imageAlt: row.image_alt,
    imageCredit: row.image_credit,
    status: row.status,
    publishedAt: row.published_at,
    contentUpdatedAt: row.content_updated_at,
    updatedAt: row.updated_at,
    publisher: { id: row.publisher_organisation_id, name: row.publisher_name, kind: row.publisher_kind },
    reviewNote: row.review_note,
    reviewRequestedBy: row.review_requested_by,
  };
}

/**
 * Items with their publisher (the organisations row is found by its primary key). Conditions
 * name their table: organisations has an id, a kind and a kommun_id of its own.
 */
function selectItems(db: Db) {
  return db
    .selectFrom('content_items')
    .innerJoin('organisations as publisher', 'publisher.id', 'content_items.publisher_organisation_id')
    .selectAll('content_items')
    .select(['publisher.name as publisher_name', 'publisher.kind as publisher_kind']);
}

/**
 * Who reads, for staff queries: the kommun, and whether drafts are visible to them (built by
 * contentReader in news.policy.ts). Each staff query filters on it, so a reader built for
 * someone without news.read_drafts finds published items only, whatever the route forgot.
 */
export interface ContentReader {
  kommunId: string;
  seesDrafts: boolean;
}

function visibleStatuses(reader: ContentReader): ContentStatus[] {
  return reader.seesDrafts ? ['draft', 'in_review', 'published'] : ['published'];
}

/** The kommun's item ids: translations and attachments have no kommun of their own, so their writes go through this. */
function itemIdsOfKommun(db: Db, kommunId: string) {
  return db.selectFrom('content_items').select('content_items.id').where('content_items.kommun_id', '=', kommunId);
}

export async function insertContentItem(db: Db, row: ContentItemTable): Promise<void> {
  await db.insertInto('content_items').values(row).execute();
}

// The publisher is chosen when the item is written and stays: what was published on the police's
// behalf does not become the kommun's by an edit.
export async function updateContentItem(db: Db, kommunId: string, id: string, changes: Partial<Omit<ContentItemTable, 'id' | 'kommun_id' | 'kind' | 'publisher_organisation_id'>>): Promise<void> {
  await db.updateTable('content_items').set(changes).where('kommun_id', '=', kommunId).where('id', '=', id).execute();
}

/**
 * updateContentItem for a change of state: only while the item is still in the state (and, when
 * given, at the version) the caller decided on. In one statement, so that two people acting at
 * once (a reviewer publishing while the author edits, two reviewers) cannot both succeed: on
 * PostgreSQL the second waits for the first and then finds the row changed. False when nothing
 * was changed.
 */
export async function updateContentItemIf(
  db: Db,
  kommunId: string,
  id: string,
  expected: { status: ContentStatus; contentUpdatedAt?: string },
  changes: Partial<Omit<ContentItemTable, 'id' | 'kommun_id' | 'kind' | 'publisher_organisation_id'>>,
): Promise<boolean> {
  let query = db.updateTable('content_items').set(changes).where('kommun_id', '=', kommunId).where('id', '=', id).where('status', '=', expected.status);
  if (expected.contentUpdatedAt !== undefined) query = query.where('content_updated_at', '=', expected.contentUpdatedAt);
  const result = await query.executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** Writes the item's text in one language; nothing when the item is not the kommun's. */
export async function upsertTranslation(db: Db, kommunId: string, contentId: string, t: TranslationRow, now: string): Promise<void> {
  await db
    .insertInto('content_translations')
    .columns(['content_id', 'locale', 'title', 'summary', 'body_md', 'body_html', 'updated_at'])
    .expression(
      db
        .selectFrom('content_items')
        .select((eb) => [
          'content_items.id',
          eb.val(t.locale).as('locale'),
          eb.val(t.title).as('title'),
          eb.val(t.summary).as('summary'),
          eb.val(t.bodyMd).as('body_md'),
          eb.val(t.bodyHtml).as('body_html'),
          eb.val(now).as('updated_at'),
        ])
        .where('content_items.id', '=', contentId)
        .where('content_items.kommun_id', '=', kommunId),
    )
    .onConflict((oc) =>
      oc.columns(['content_id', 'locale']).doUpdateSet({ title: t.title, summary: t.summary, body_md: t.bodyMd, body_html: t.bodyHtml, updated_at: now }),
    )
    .execute();
}

export async function deleteTranslation(db: Db, kommunId: string, contentId: string, locale: string): Promise<void> {
  await db
    .deleteFrom('content_translations')
    .where('content_id', '=', contentId)
    .where('locale', '=', locale)
    .where('content_id', 'in', itemIdsOfKommun(db, kommunId))
    .execute();
}

/** Adds an attachment row to the kommun's item; nothing when the item is not the kommun's. */
export async function insertAttachment(db: Db, kommunId: string, a: { id: string; contentId: string; fileId: string; title: string; position: number }): Promise<void> {
  await db
    .insertInto('content_attachments')
    .columns(['id', 'content_id', 'file_id', 'title', 'position'])
    .expression(
      db
        .selectFrom('content_items')
        .select((eb) => [eb.val(a.id).as('id'), 'content_items.id', eb.val(a.fileId).as('file_id'), eb.val(a.title).as('title'), eb.val(a.position).as('position')])
        .where('content_items.id', '=', a.contentId)
        .where('content_items.kommun_id', '=', kommunId),
    )
    .execute();
}

/** Removes an attachment of the kommun's item; returns its file's id (for the caller to let go of), if it was there. */
export async function deleteAttachment(db: Db, kommunId: string, contentId: string, attachmentId: string): Promise<string | undefined> {
  const row = await db
    .selectFrom('content_attachments')
    .select('file_id')
    .where('content_id', '=', contentId)
    .where('id', '=', attachmentId)
    .where('content_id', 'in', itemIdsOfKommun(db, kommunId))
    .executeTakeFirst();
  if (!row) return undefined;
  await db
    .deleteFrom('content_attachments')
    .where('content_id', '=', contentId)
    .where('id', '=', attachmentId)
    .where('content_id', 'in', itemIdsOfKommun(db, kommunId))
    .execute();
  return row.file_id;
}

/** Whether `fileId` is the main image of a published item of the kommun (anyone may see it). */
export async function isImageOfPublishedItem(db: Db, kommunId: string, contentId: string, fileId: string): Promise<boolean> {
  const row = await db
    .selectFrom('content_items')
    .select('id')
    .where('id', '=', contentId)
    .where('kommun_id', '=', kommunId)
    .where('status', '=', 'published')
    .where('image_file_id', '=', fileId)
    .executeTakeFirst();
  return row !== undefined;
}

/** Whether `fileId` is an attachment of a published item of the kommun (anyone may see it). */
export async function isAttachmentOfPublishedItem(db: Db, kommunId: string, contentId: string, fileId: string): Promise<boolean> {
  const row = await db
    .selectFrom('content_attachments')
    .innerJoin('content_items', 'content_items.id', 'content_attachments.content_id')
    .select('content_attachments.id')
    .where('content_attachments.content_id', '=', contentId)
    .where('content_attachments.file_id', '=', fileId)
    .where('content_items.kommun_id', '=', kommunId)
    .where('content_items.status', '=', 'published')
    .executeTakeFirst();
  return row !== undefined;
}

/** For writes, after the service's permission check: the item of the kommun, drafts included. */
export async function findContentById(db: Db, kommunId: string, id: string): Promise<ContentRow | undefined> {
  const row = await selectItems(db).where('content_items.kommun_id', '=', kommunId).where('content_items.id', '=', id).executeTakeFirst();
  return row ? toContentRow(row) : undefined;
}

/** For staff reads: the item of the reader's kommun, if it is one they may see. */
export async function findContentForReader(db: Db, reader: ContentReader, id: string): Promise<ContentRow | undefined> {
  const row = await selectItems(db)
    .where('content_items.kommun_id', '=', reader.kommunId)
    .where('content_items.id', '=', id)
    .where('content_items.status', 'in', visibleStatuses(reader))
    .executeTakeFirst();
  return row ? toContentRow(row) : undefined;
}

const publishedBySlug = preparedQuery((db, v: { kommunId: string; kind: ContentKind; slug: string }) =>
  selectItems(db)
    .where('content_items.kommun_id', '=', v.kommunId)
    .where('content_items.kind', '=', v.kind)
    .where('content_items.slug', '=', v.slug)
    .where('content_items.status', '=', 'published'),
);

/** Public lookup: drafts do not exist for this query. */
export async function findPublishedBySlug(db: Db, kommunId: string, kind: ContentKind, slug: string): Promise<ContentRow | undefined> {
  const [row] = await publishedBySlug(db, { kommunId, kind, slug });
  return row ? toContentRow(row) : undefined;
}

export async function slugTaken(db: Db, kommunId: string, kind: ContentKind, slug: string, exceptId?: string): Promise<boolean> {
  let query = db.selectFrom('content_items').select('id').where('kommun_id', '=', kommunId).where('kind', '=', kind).where('slug', '=', slug);
  if (exceptId) query = query.where('id', '!=', exceptId);
  return (await query.executeTakeFirst()) !== undefined;
}

export interface PublishedCursor {
  publishedAt: string;
  id: string;
}

export interface ListItem {
  id: string;
  slug: string;
  title: string;
  summary: string;
  publishedAt: string;
  contentUpdatedAt: string;
  imageFileId: string | null;
  imageAlt: string;
  publisher: Publisher;
}

interface ListShape {
  limit: number;
  after: boolean;
  before: boolean;
}

// The public pages' queries are prepared (platform/db/prepared.ts): building them with Kysely on
// every request cost the app more CPU than running them did (profiled under `npm run bench`).
const publishedList = preparedQueryByShape(
  (db, v: { kommunId: string; kind: ContentKind; afterAt: string; afterId: string; beforeAt: string; beforeId: string }, shape: ListShape) => {
    let query = db
      .selectFrom('content_items')
      .innerJoin('organisations as publisher', 'publisher.id', 'content_items.publisher_organisation_id')
      .select([
        'content_items.id',
        'content_items.slug',
        'content_items.title',
        'content_items.summary',
        'content_items.published_at',
        'content_items.content_updated_at',
        'content_items.image_file_id',
        'content_items.image_alt',
        'content_items.publisher_organisation_id',
        'publisher.name as publisher_name',
        'publisher.kind as publisher_kind',
      ])
      .where('content_items.kommun_id', '=', v.kommunId)
      .where('content_items.kind', '=', v.kind)
      .where('content_items.status', '=', 'published');
    if (shape.after) {
      // A row-value comparison, which both databases turn into one range scan of the index; the
      // same condition spelt with OR made SQLite walk every newer item (page 25 cost 3× page 1).
      query = query.where((eb) => eb(eb.refTuple('content_items.published_at', 'content_items.id'), '<', eb.tuple(v.afterAt, v.afterId)));
    }
    if (shape.before) {
      query = query.where((eb) => eb(eb.refTuple('content_items.published_at', 'content_items.id'), '>', eb.tuple(v.beforeAt, v.beforeId)));
      return query.orderBy('content_items.published_at', 'asc').orderBy('content_items.id', 'asc').limit(shape.limit);
    }
    return query.orderBy('content_items.published_at', 'desc').orderBy('content_items.id', 'desc').limit(shape.limit);
  },
  (shape) => `${shape.limit} ${String(shape.after)} ${String(shape.before)}`,
);

/**
 * Published items newest first. Keyset pagination on (published_at, id) walks the index
 * content_items_public_idx, so page 10,000 costs the same as page 1.
 */
export async function listPublished(
  db: Db,
  kommunId: string,
  kind: ContentKind,
  options: { limit: number; after?: PublishedCursor | undefined; before?: PublishedCursor | undefined },
): Promise<ListItem[]> {
  const { after, before } = options;
  const rows = await publishedList(
    db,
    { kommunId, kind, afterAt: after?.publishedAt ?? '', afterId: after?.id ?? '', beforeAt: before?.publishedAt ?? '', beforeId: before?.id ?? '' },
    { limit: options.limit, after: after !== undefined, before: before !== undefined },
  );
  return before ? rows.reverse().map(toListItem) : rows.map(toListItem);
}

function toListItem(
  r: Pick<ItemWithPublisher, 'id' | 'slug' | 'title' | 'summary' | 'published_at' | 'content_updated_at' | 'image_file_id' | 'image_alt' | 'publisher_organisation_id' | 'publisher_name' | 'publisher_kind'>,
): ListItem {
  return {
    id: r.id,
    slug: r.slug,
    title: r.title,
    summary: r.summary,
    publishedAt: r.published_at ?? r.content_updated_at,
    contentUpdatedAt: r.content_updated_at,
    imageFileId: r.image_file_id,
    imageAlt: r.image_alt,
    publisher: { id: r.publisher_organisation_id, name: r.publisher_name, kind: r.publisher_kind },
  };
}

// Every kind, so that code adding a kind must name it here too.
const everyKind: Record<ContentKind, true> = { news: true, page: true };

/**
 * Drafts (news and pages) of the kommun, for the staff overview (which runs it); none for a reader
 * who may not see drafts. Naming every kind lets the count walk content_items_public_idx
 * (kommun_id, kind, status, …) instead of reading every item of the kommun.
 */
export function selectDraftCount(db: Db, reader: ContentReader) {
  return db
    .selectFrom('content_items')
    .select((eb) => eb.fn.countAll().as('n'))
    .where('kommun_id', '=', reader.kommunId)
    .where('kind', 'in', Object.keys(everyKind) as ContentKind[])
    .where('status', '=', 'draft')
    .where('status', 'in', visibleStatuses(reader));
}

/**
 * Where a reader holds news.publish in the kommun, for the review queries (built by reviewerScope
 * in news.policy.ts). Review is by the other party: a right held in the kommun reviews what police
 * areas publish; one held in a police area that serves the kommun reviews what the kommun
 * publishes. That the police area serves the kommun is checked here, in the SQL, so a reader
 * built with some other area's role reviews nothing.
 */
export interface ReviewerScope {
  kommunId: string;
  inKommun: boolean;
  policeAreaIds: string[];
}

/** Items of the kommun waiting for review that the reviewer's party may review. */
function reviewableBy(eb: ExpressionBuilder<Tables, 'content_items'>, reviewer: ReviewerScope) {
  const policeAreas = eb.selectFrom('organisations').select('organisations.id').where('organisations.kind', '=', 'lokalpolisomrade');
  const reached = [];
  if (reviewer.inKommun) reached.push(eb('content_items.publisher_organisation_id', 'in', policeAreas));
  if (reviewer.policeAreaIds.length > 0) {
    reached.push(
      eb.and([
        eb('content_items.publisher_organisation_id', 'not in', policeAreas),
        eb.exists(
          eb
            .selectFrom('police_area_kommuner')
            .select('police_area_kommuner.police_area_id')
            .where('police_area_kommuner.kommun_id', '=', reviewer.kommunId)
            .where('police_area_kommuner.police_area_id', 'in', reviewer.policeAreaIds),
        ),
      ]),
    );
  }
  return eb.and([eb('content_items.kommun_id', '=', reviewer.kommunId), eb('content_items.status', '=', 'in_review'), eb.or(reached)]);
}

/**
 * Items waiting for this reviewer, for the staff overview (which runs it). Naming every kind lets
 * it walk content_items_public_idx (kommun_id, kind, status, …) to the few items in review.
 */
export function selectAwaitingReviewCount(db: Db, reviewer: ReviewerScope) {
  return db
    .selectFrom('content_items')
    .select((eb) => eb.fn.countAll().as('n'))
    .where('content_items.kind', 'in', Object.keys(everyKind) as ContentKind[])
    .where((eb) => reviewableBy(eb, reviewer));
}

/** The items waiting for this reviewer, most recently changed first (few at a time: they wait for someone). */
export async function listAwaitingReview(db: Db, reviewer: ReviewerScope, options: { limit: number; after?: { updatedAt: string; id: string } | undefined }): Promise<ContentRow[]> {
  let query = selectItems(db)
    .where('content_items.kind', 'in', Object.keys(everyKind) as ContentKind[])
    .where((eb) => reviewableBy(eb, reviewer));
  const { after } = options;
  if (after) query = query.where((eb) => editedBefore(eb, after));
  const rows = await query.orderBy('content_items.updated_at', 'desc').orderBy('content_items.id', 'desc').limit(options.limit).execute();
  return rows.map(toContentRow);
}

/** The item, if it waits for review and the reviewer's party may review it; for the service's checks. */
export async function findContentForReviewer(db: Db, reviewer: ReviewerScope, id: string): Promise<ContentRow | undefined> {
  const row = await selectItems(db)
    .where('content_items.id', '=', id)
    .where((eb) => reviewableBy(eb, reviewer))
    .executeTakeFirst();
  return row ? toContentRow(row) : undefined;
}

/** Whether the organisation works in the kommun (itself, a partner, a police area serving it): only those publish there. */
/** Staff list: the items of a kind the reader may see (drafts too, with the right), most recently edited first. */
export async function listForStaff(
  db: Db,
  reader: ContentReader,
  kind: ContentKind,
  options: { limit: number; after?: { updatedAt: string; id: string } | undefined },
): Promise<ContentRow[]> {
  let query = selectItems(db)
    .where('content_items.kommun_id', '=', reader.kommunId)
    .where('content_items.kind', '=', kind)
    .where('content_items.status', 'in', visibleStatuses(reader));
  const { after } = options;
  if (after) query = query.where((eb) => editedBefore(eb, after));
  const rows = await query.orderBy('content_items.updated_at', 'desc').orderBy('content_items.id', 'desc').limit(options.limit).execute();
  return rows.map(toContentRow);
}

/** Keyset condition of the staff lists, which walk (updated_at, id) newest first. */
function editedBefore(eb: ExpressionBuilder<Tables, 'content_items'>, after: { updatedAt: string; id: string }) {
  return eb(eb.refTuple('content_items.updated_at', 'content_items.id'), '<', eb.tuple(after.updatedAt, after.id));
}

/** Translations into `locale` of the kommun's items. Content is written in Swedish, so Swedish readers need no lookup. */
export async function findTranslations(db: Db, kommunId: string, contentIds: string[], locale: string): Promise<Map<string, TranslationRow>> {
  if (contentIds.length === 0 || locale === 'sv') return new Map();
  const rows = await db
    .selectFrom('content_translations')
    .selectAll()
    .where('content_id', 'in', contentIds)
    .where('locale', '=', locale)
    .where('content_id', 'in', itemIdsOfKommun(db, kommunId))
    .execute();
  return new Map(rows.map((r) => [r.content_id, { locale: r.locale, title: r.title, summary: r.summary, bodyMd: r.body_md, bodyHtml: r.body_html }]));
}

const attachmentsOf = preparedQuery((db, v: { kommunId: string; contentId: string }) =>
  db
    .selectFrom('content_attachments')
    .innerJoin('content_items', 'content_items.id', 'content_attachments.content_id')
    .innerJoin('files', 'files.id', 'content_attachments.file_id')
    .select(['content_attachments.id', 'content_attachments.file_id', 'content_attachments.title', 'content_attachments.position', 'files.filename', 'files.content_type', 'files.size_bytes'])
    .where('content_attachments.content_id', '=', v.contentId)
    .where('content_items.kommun_id', '=', v.kommunId)
    .orderBy('content_attachments.position')
    .limit(100),
);

export async function findAttachments(db: Db, kommunId: string, contentId: string): Promise<AttachmentRow[]> {
  const rows = await attachmentsOf(db, { kommunId, contentId });
  return rows.map((r) => ({
    id: r.id,
    fileId: r.file_id,
    title: r.title,
    position: r.position,
    filename: r.filename,
    contentType: r.content_type,
    sizeBytes: Number(r.size_bytes),
  }));
}

/** Pages with a lättläst version, for the kommun's lättläst index. */
export async function listEasyReadPages(db: Db, kommunId: string): Promise<{ slug: string; title: string; kind: ContentKind }[]> {
  const rows = await db
    .selectFrom('content_items')
    .select(['slug', 'title', 'kind'])
    .where('kommun_id', '=', kommunId)
    .where('status', '=', 'published')
    .where('easy_body_md', '!=', '')
    .orderBy('title')
    .limit(200)
    .execute();
  return rows;
}
