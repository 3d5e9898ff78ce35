// Use cases for news and pages. Each re-checks permissions (routes only display abilities),
// writes its audit row in the same transaction as the change, and emits events after commit.
// Reads go through here too: the public ones see published items only, the staff ones what
// contentReader lets the actor see, filtered in SQL.
import { requirePermissionIn, type Actor, type RoleHolder } from '../../platform/auth/index.js';
import type { Db } from '../../platform/db/database.js';
import { writeAudit } from '../../platform/audit/audit.repository.js';
import type { AppContext } from '../../platform/context.js';
import { newId } from '../../platform/db/ids.js';
import { inTransaction } from '../../platform/db/transaction.js';
import { ConflictError, NotFoundError, ValidationError } from '../../platform/http/errors.js';
import { detachFile, storeFile, type PreparedFile } from '../../platform/files/index.js';
import { isOrganisationWorkingIn } from '../../platform/tenants/index.js';
import { renderMarkdown } from '../../platform/views/markdown.js';
import { newsAttachmentOwner, newsImageOwner } from './news.files.js';
import type { Locale } from '../../platform/i18n/i18n.js';
import { canReadDrafts, contentReader, publisherChoices } from './news.policy.js';
import { localise, toAuditView, type LocalisedContent } from './news.presenter.js';
import { checkMayPublish } from './news.review.service.js';
import {
  deleteAttachment,
  deleteTranslation,
  findAttachments,
  findContentById,
  findContentForReader,
  findPublishedBySlug,
  findTranslations,
  insertAttachment,
  insertContentItem,
  listEasyReadPages,
  listForStaff,
  listPublished,
  selectDraftCount,
  slugTaken,
  updateContentItem,
  updateContentItemIf,
  upsertTranslation,
  type AttachmentRow,
  type ContentKind,
  type ContentRow,
  type ListItem,
  type PublishedCursor,
  type TranslationRow,
} from './news.repository.js';
import { contentInputSchema, newsLimits, slugify, type ContentInput, type ContentPatch, type NewContentInput } from './news.schemas.js';
import { parseInput } from '../../platform/http/forms.js';

export const newsEvents = ['news.content_published', 'news.content_unpublished'] as const;
export interface ContentPublishedEvent {
  kommunId: string;
  contentId: string;
  kind: ContentRow['kind'];
}

/** A main image needs alt text and a photo credit; checked whenever an image is or will be set. */
function checkImageFields(input: ContentInput, hasImage: boolean): void {
  if (!hasImage) return;
  const fields: Record<string, string> = {};
  if (!input.imageAlt) fields.imageAlt = 'news.imageAltRequired';
  if (!input.imageCredit) fields.imageCredit = 'news.imageCreditRequired';
  if (Object.keys(fields).length > 0) throw new ValidationError(fields);
}

export interface ContentFiles {
  image?: PreparedFile | undefined;
  attachments?: { file: PreparedFile; title: string }[] | undefined;
}

/**
 * The organisation a new item is published by: one where the author's news.write is held, the
 * kommun unless they chose another (publisherChoices).
 */
async function choosePublisher(db: Db, actor: Actor, kommunId: string, requested: string | undefined): Promise<string> {
  const choices = publisherChoices(actor, kommunId);
  const chosen = requested === undefined ? choices[0] : choices.find((choice) => choice.id === requested);
  // The roles come loaded for this kommun; asking the database as well keeps an actor put
  // together by hand from publishing for an organisation that does not work here.
  if (!chosen || !(await isOrganisationWorkingIn(db, kommunId, chosen.id))) throw new ValidationError({ publisherOrganisationId: 'news.publisherNotYours' });
  return chosen.id;
}

export async function createContent(
  ctx: AppContext,
  actor: Actor,
  kommunId: string,
  input: NewContentInput,
  files: ContentFiles = {},
  options: { id?: string; now?: Date } = {},
): Promise<ContentRow> {
  requirePermissionIn(actor, kommunId, 'news.write');
  checkImageFields(input, files.image !== undefined);
  const now = (options.now ?? new Date()).toISOString();
  const id = options.id ?? newId();
  return inTransaction(ctx, async ({ trx }) => {
    const publisherId = await choosePublisher(trx, actor, kommunId, input.publisherOrganisationId);
    // A typed address must be free; one made from the title gets a number instead of an error
    // about a field the person left empty.
    const slug = input.slug || (await freeSlug(trx, kommunId, input.kind, slugify(input.title)));
    if (await slugTaken(trx, kommunId, input.kind, slug)) throw new ValidationError({ slug: 'validation.slugTaken' });
    const image = files.image ? await storeFile(trx, { kommunId, owner: newsImageOwner, ownerId: id, createdBy: actor.userId }, files.image) : null;
    await insertContentItem(trx, {
      id,
      kommun_id: kommunId,
      kind: input.kind,
      slug,
      title: input.title,
      summary: input.summary,
      body_md: input.body,
      body_html: renderMarkdown(input.body),
      easy_body_md: input.easyBody,
      easy_body_html: input.easyBody ? renderMarkdown(input.easyBody) : '',
      image_file_id: image?.id ?? null,
      image_alt: image ? input.imageAlt : '',
      image_credit: image ? input.imageCredit : '',
      status: 'draft',
      published_at: null,
      content_updated_at: now,
      created_by: actor.userId,
      updated_by: actor.userId,
      created_at: now,
      updated_at: now,
      publisher_organisation_id: publisherId,
      review_note: '',
      review_requested_by: null,
    });
    await saveEnglish(trx, kommunId, id, input, now);
    await addAttachments(trx, kommunId, actor, id, files.attachments ?? [], 0);
    const created = await findContentById(trx, kommunId, id);
    await writeAudit(trx, { actorUserId: actor.userId, kommunId, organisationId: kommunId, action: 'news.content_created', entityType: 'content', entityId: id, after: toAuditView(created) }, now);
    return created!;
  });
}

export async function updateContent(
  ctx: AppContext,
  actor: Actor,
  kommunId: string,
  id: string,
  input: ContentInput,
  files: ContentFiles & { removeImage?: boolean; removeAttachmentIds?: string[] } = {},
  options: { now?: Date } = {},
): Promise<ContentRow> {
  requirePermissionIn(actor, kommunId, 'news.write');
  const now = (options.now ?? new Date()).toISOString();
  return inTransaction(ctx, async ({ trx }) => {
    const before = await findContentById(trx, kommunId, id);
    if (!before) throw new NotFoundError();
    const keepsImage = !files.removeImage && (files.image !== undefined || before.imageFileId !== null);
    checkImageFields(input, keepsImage);
    const slug = input.slug || before.slug;
    if (slug !== before.slug && (await slugTaken(trx, kommunId, before.kind, slug, id))) throw new ValidationError({ slug: 'validation.slugTaken' });
    const image = files.image ? await storeFile(trx, { kommunId, owner: newsImageOwner, ownerId: id, createdBy: actor.userId }, files.image) : null;
    const imageFileId = image ? image.id : files.removeImage ? null : before.imageFileId;
    await updateContentItem(trx, kommunId, id, {
      slug,
      title: input.title,
      summary: input.summary,
      body_md: input.body,
      body_html: renderMarkdown(input.body),
      easy_body_md: input.easyBody,
      easy_body_html: input.easyBody ? renderMarkdown(input.easyBody) : '',
      image_file_id: imageFileId,
      image_alt: imageFileId ? input.imageAlt : '',
      image_credit: imageFileId ? input.imageCredit : '',
      content_updated_at: now,
      updated_by: actor.userId,
      updated_at: now,
    });
    await saveEnglish(trx, kommunId, id, input, now);
    // A replaced or removed image, and removed attachments, are deleted with the change: a file
    // no page shows must not stay reachable (nor take space) by its old address.
    if (before.imageFileId && before.imageFileId !== imageFileId) await detachFile(trx, { kommunId, owner: newsImageOwner, ownerId: id }, before.imageFileId);
    for (const attachmentId of files.removeAttachmentIds ?? []) {
      const fileId = await deleteAttachment(trx, kommunId, id, attachmentId);
      if (fileId) await detachFile(trx, { kommunId, owner: newsAttachmentOwner, ownerId: id }, fileId);
    }
    const existing = await findAttachments(trx, kommunId, id);
    await addAttachments(trx, kommunId, actor, id, files.attachments ?? [], existing.length);
    const after = await findContentById(trx, kommunId, id);
    await writeAudit(trx, { actorUserId: actor.userId, kommunId, organisationId: kommunId, action: 'news.content_updated', entityType: 'content', entityId: id, before: toAuditView(before), after: toAuditView(after) }, now);
    return after!;
  });
}

async function freeSlug(trx: AppContext['db'], kommunId: string, kind: ContentRow['kind'], base: string): Promise<string> {
  if (!(await slugTaken(trx, kommunId, kind, base))) return base;
  for (let n = 2; n <= 50; n += 1) {
    const candidate = `${base.slice(0, newsLimits.slug - String(n).length - 1)}-${n}`;
    if (!(await slugTaken(trx, kommunId, kind, candidate))) return candidate;
  }
  return base;
}

async function saveEnglish(trx: AppContext['db'], kommunId: string, id: string, input: ContentInput, now: string): Promise<void> {
  if (input.titleEn) {
    await upsertTranslation(trx, kommunId, id, { locale: 'en', title: input.titleEn, summary: input.summaryEn, bodyMd: input.bodyEn, bodyHtml: renderMarkdown(input.bodyEn, 'en') }, now);
  } else {
    await deleteTranslation(trx, kommunId, id, 'en');
  }
}

async function addAttachments(
  trx: AppContext['db'],
  kommunId: string,
  actor: Actor,
  contentId: string,
  attachments: { file: PreparedFile; title: string }[],
  startPosition: number,
): Promise<void> {
  if (startPosition + attachments.length > newsLimits.attachmentsPerItem) throw new ValidationError({ attachment: 'news.tooManyAttachments' });
  let position = startPosition;
  for (const attachment of attachments) {
    const stored = await storeFile(trx, { kommunId, owner: newsAttachmentOwner, ownerId: contentId, createdBy: actor.userId }, attachment.file);
    await insertAttachment(trx, kommunId, { id: newId(), contentId, fileId: stored.id, title: attachment.title || stored.filename, position });
    position += 1;
  }
}

export async function setContentPublished(
  ctx: AppContext,
  actor: Actor,
  kommunId: string,
  id: string,
  published: boolean,
  options: { now?: Date; publishedAt?: Date; expectedVersion?: string | undefined } = {},
): Promise<ContentRow> {
  requirePermissionIn(actor, kommunId, 'news.publish');
  const now = (options.now ?? new Date()).toISOString();
  return inTransaction(ctx, async ({ trx, afterCommit }) => {
    const before = await findContentById(trx, kommunId, id);
    if (!before) throw new NotFoundError();
    // Whoever publishes publishes what they read: an edit made since they opened the item is
    // theirs to read first (the form sends the version it showed).
    if (options.expectedVersion !== undefined && options.expectedVersion !== before.contentUpdatedAt) throw new ConflictError('news.changedSinceOpened');
    const afterReview = published && before.status !== 'published' ? await checkMayPublish(trx, actor, kommunId, before) : false;
    const changed = await updateContentItemIf(trx, kommunId, id, { status: before.status, contentUpdatedAt: before.contentUpdatedAt }, {
      status: published ? 'published' : 'draft',
      // The first publication date stays: unpublishing and republishing does not bump old news.
      published_at: published ? (before.publishedAt ?? (options.publishedAt ?? options.now ?? new Date()).toISOString()) : before.publishedAt,
      // A review ends with publication, and a request with the item taken back to draft.
      review_note: published ? '' : before.reviewNote,
      review_requested_by: null,
      updated_by: actor.userId,
      updated_at: now,
    });
    // Changed by someone else since it was read above: what was checked no longer holds.
    if (!changed) throw new ConflictError('news.changedSinceOpened');
    const after = await findContentById(trx, kommunId, id);
    const action = published ? 'news.content_published' : 'news.content_unpublished';
    const auditAction = afterReview ? 'news.content_published_after_review' : action;
    await writeAudit(trx, { actorUserId: actor.userId, kommunId, organisationId: kommunId, action: auditAction, entityType: 'content', entityId: id, before: toAuditView(before), after: toAuditView(after) }, now);
    afterCommit(() => ctx.events.emit<ContentPublishedEvent>(action, { kommunId, contentId: id, kind: before.kind }));
    return after!;
  });
}

/** Staff view of one item, drafts included; hidden from people who may not read drafts. */
export async function getContentForStaff(ctx: AppContext, actor: Actor | null, kommunId: string, id: string): Promise<ContentRow> {
  if (!canReadDrafts(actor, kommunId)) throw new NotFoundError();
  const row = await findContentForReader(ctx.db, contentReader(actor, kommunId), id);
  if (!row) throw new NotFoundError();
  return row;
}

/** Everything the staff editor shows for one item: the row, its English text and its attachments. */
export async function getContentForEditing(
  ctx: AppContext,
  actor: Actor | null,
  kommunId: string,
  id: string,
): Promise<{ row: ContentRow; english: TranslationRow | undefined; attachments: AttachmentRow[] }> {
  const row = await getContentForStaff(ctx, actor, kommunId, id);
  const [translations, attachments] = await Promise.all([findTranslations(ctx.db, kommunId, [id], 'en'), findAttachments(ctx.db, kommunId, id)]);
  return { row, english: translations.get(id), attachments };
}

/** The stored item as the input it would take to write it again, for merging a PATCH. */
export function toContentInputValues(row: ContentRow, english: TranslationRow | undefined): Record<keyof ContentInput, string> {
  return {
    kind: row.kind,
    title: row.title,
    slug: row.slug,
    summary: row.summary,
    body: row.bodyMd,
    easyBody: row.easyBodyMd,
    titleEn: english?.title ?? '',
    summaryEn: english?.summary ?? '',
    bodyEn: english?.bodyMd ?? '',
    imageAlt: row.imageAlt,
    imageCredit: row.imageCredit,
  };
}

/**
 * JSON PATCH semantics: fields present in `patch` replace the stored ones, the rest stay. The
 * merged whole goes through the same schema as a full form post, so no rule can be skipped.
 */
export async function patchContent(ctx: AppContext, actor: Actor, kommunId: string, id: string, patch: ContentPatch): Promise<ContentRow> {
  const { row, english } = await getContentForEditing(ctx, actor, kommunId, id);
  const sent = Object.fromEntries(Object.entries(patch).filter(([, value]) => value !== undefined));
  return updateContent(ctx, actor, kommunId, id, parseInput(contentInputSchema, { ...toContentInputValues(row, english), ...sent }));
}

/** The staff list of one kind: drafts only for those who may read them (the query decides). */
export async function listContentForStaff(
  ctx: AppContext,
  actor: Actor | null,
  kommunId: string,
  kind: ContentKind,
  after: { updatedAt: string; id: string } | undefined,
): Promise<{ rows: ContentRow[]; hasMore: boolean }> {
  const rows = await listForStaff(ctx.db, contentReader(actor, kommunId), kind, { limit: newsLimits.listPageSize + 1, after });
  return { rows: rows.slice(0, newsLimits.listPageSize), hasMore: rows.length > newsLimits.listPageSize };
}

/** Drafts waiting in the kommun, for the staff overview to run; 0 for anyone who may not see them. */
export function selectDraftCountFor(db: Db, reader: RoleHolder, kommunId: string) {
  return selectDraftCount(db, contentReader(reader, kommunId));
}

// ---- public reads ----------------------------------------------------------------------------

export interface PublishedItem {
  item: ListItem;
  text: LocalisedContent;
}

/**
 * Published items of a kind, newest first, in the reader's language: those older than `after`,
 * or else those newer than `before` (walking back towards the newest).
 */
export async function listPublishedContent(
  ctx: AppContext,
  kommunId: string,
  kind: ContentKind,
  locale: Locale,
  page: { limit: number; after?: PublishedCursor | undefined; before?: PublishedCursor | undefined },
): Promise<{ items: PublishedItem[]; hasMore: boolean }> {
  const before = page.after ? undefined : page.before;
  // One extra row tells whether another page exists in the direction of travel.
  const rows = await listPublished(ctx.db, kommunId, kind, { limit: page.limit + 1, after: page.after, before });
  const hasMore = rows.length > page.limit;
  const items = before ? rows.slice(hasMore ? 1 : 0) : rows.slice(0, page.limit);
  const translations = await findTranslations(ctx.db, kommunId, items.map((i) => i.id), locale);
  return { items: items.map((item) => ({ item, text: localise(item, translations.get(item.id), locale) })), hasMore };
}

/** A published item by its address; drafts and other kommuners' items do not exist here. */
export async function getPublishedContent(ctx: AppContext, kommunId: string, kind: ContentKind, slug: string): Promise<ContentRow> {
  const row = await findPublishedBySlug(ctx.db, kommunId, kind, slug);
  if (!row) throw new NotFoundError();
  return row;
}

/** A published item as its page shows it: the text in the reader's language and the attachments. */
export async function readPublishedContent(
  ctx: AppContext,
  kommunId: string,
  kind: ContentKind,
  slug: string,
  locale: Locale,
  options: { easyRead: boolean },
): Promise<{ row: ContentRow; text: LocalisedContent; attachments: AttachmentRow[] }> {
  const row = await getPublishedContent(ctx, kommunId, kind, slug);
  if (options.easyRead && !row.easyBodyHtml) throw new NotFoundError();
  const [translations, attachments] = await Promise.all([findTranslations(ctx.db, kommunId, [row.id], locale), findAttachments(ctx.db, kommunId, row.id)]);
  return { row, text: localise(row, translations.get(row.id), locale), attachments };
}

/** Published items with a lättläst version, for the kommun's lättläst index. */
export async function listEasyReadContent(ctx: AppContext, kommunId: string): Promise<{ slug: string; title: string; kind: ContentKind }[]> {
  return listEasyReadPages(ctx.db, kommunId);
}
