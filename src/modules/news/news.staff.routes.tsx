// Staff pages for news and pages. Handlers stay thin: read the form, call one service function,
// render. Permissions are re-checked by the service; here they only choose 404 over showing a page.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { AppContext } from '../../platform/context.js';
import { isId } from '../../platform/db/ids.js';
import { handleUploadError, readUploadForm, type UploadLimits } from '../../platform/files/index.js';
import { NotFoundError, ValidationError } from '../../platform/http/errors.js';
import { setFlash } from '../../platform/http/kernel.plugin.js';
import { requireActor } from '../../platform/kernel.js';
import { sendPage } from '../../platform/views/render.js';
import { readContentForm, type ContentFormResult } from './news.form.js';
import { canPublishContent, canReadDrafts, canWriteContent } from './news.policy.js';
import { decodeCursor, encodeCursor } from './news.presenter.js';
import { listForStaff, type ContentKind } from './news.repository.js';
import { attachmentSlots, newsLimits } from './news.schemas.js';
import { createContent, getContentForEditing, setContentPublished, updateContent } from './news.service.js';
import { ContentFormPage, type ContentFormProps } from './news.editor.views.js';
import { StaffContentListPage, staffKindParam } from './news.staff.views.js';

/** The editor's file inputs: the main image and the attachment slots. */
const editorUpload: UploadLimits = { maxFiles: 1 + attachmentSlots.length };

function kindFromQuery(value: unknown): ContentKind {
  return value === staffKindParam.page ? 'page' : 'news';
}

/** Staff pages are hidden (404) from anyone who may not read drafts; signed-out people go to sign-in. */
function requireStaff(request: FastifyRequest) {
  const actor = requireActor(request);
  if (!canReadDrafts(actor)) throw new NotFoundError();
  return actor;
}

function itemId(request: FastifyRequest): string {
  const { id } = request.params as { id: string };
  if (!isId(id)) throw new NotFoundError();
  return id;
}

export function registerNewsStaffRoutes(app: FastifyInstance, ctx: AppContext): void {
  const editPath = (request: FastifyRequest, id: string) => `/${request.kommun!.slug}/admin/nyheter/${id}`;

  function renderForm(request: FastifyRequest, reply: FastifyReply, props: Omit<ContentFormProps, 'uploadMaxBytes' | 'uploadMaxRequestBytes' | 'canPublish'>, status = 200) {
    return sendPage(request, reply, <ContentFormPage {...props} uploadMaxBytes={ctx.config.uploadMaxBytes} uploadMaxRequestBytes={ctx.config.uploadMaxRequestBytes} canPublish={canPublishContent(request.actor)} />, status);
  }

  function formState(result: ContentFormResult, errors = result.errors) {
    return { form: { values: result.values, errors }, removeAttachmentIds: result.removeAttachmentIds, filesSent: result.filesSent };
  }

  app.get('/:kommun/admin/nyheter', async (request, reply) => {
    const actor = requireStaff(request);
    const kommun = request.kommun!;
    const query = request.query as Record<string, unknown>;
    const kind = kindFromQuery(query.typ);
    const cursor = decodeCursor(query.efter);
    const after = cursor ? { updatedAt: cursor.publishedAt, id: cursor.id } : undefined;
    const rows = await listForStaff(ctx.db, kommun.id, kind, { limit: newsLimits.listPageSize + 1, after });
    const items = rows.slice(0, newsLimits.listPageSize);
    const last = items[items.length - 1];
    const base = `/${kommun.slug}/admin/nyheter?typ=${staffKindParam[kind]}`;
    const olderHref = rows.length > newsLimits.listPageSize && last ? `${base}&efter=${encodeURIComponent(encodeCursor({ publishedAt: last.updatedAt, id: last.id }))}` : null;
    return sendPage(request, reply, <StaffContentListPage kind={kind} rows={items} canWrite={canWriteContent(actor)} olderHref={olderHref} firstHref={after ? base : null} />);
  });

  app.get('/:kommun/admin/nyheter/ny', async (request, reply) => {
    const actor = requireStaff(request);
    if (!canWriteContent(actor)) throw new NotFoundError();
    const kind = kindFromQuery((request.query as Record<string, unknown>).typ);
    return renderForm(request, reply, { kind, form: { values: {}, errors: {} }, removeAttachmentIds: [] });
  });

  // The body is read only once the person is known to be allowed to write (readUploadForm checks
  // the form's token first); a refused upload gets a page naming the limit (handleUploadError).
  app.post('/:kommun/admin/nyheter/ny', { config: { upload: editorUpload }, errorHandler: handleUploadError }, async (request, reply) => {
    const actor = requireStaff(request);
    if (!canWriteContent(actor)) throw new NotFoundError();
    const result = await readContentForm(await readUploadForm(request, reply, ctx));
    const kind: ContentKind = result.values.kind === 'page' ? 'page' : 'news';
    if (!result.submission) return renderForm(request, reply, { kind, ...formState(result) }, 422);
    try {
      const created = await createContent(ctx, actor, request.kommun!.id, result.submission.input, result.submission.files);
      setFlash(reply, request, 'news.flash.created');
      return reply.redirect(editPath(request, created.id), 303);
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      return renderForm(request, reply, { kind, ...formState(result, error.fields) }, 422);
    }
  });

  app.get('/:kommun/admin/nyheter/:id', async (request, reply) => {
    const actor = requireStaff(request);
    const existing = await getContentForEditing(ctx, actor, request.kommun!.id, itemId(request));
    return renderForm(request, reply, { kind: existing.row.kind, existing, form: { values: {}, errors: {} }, removeAttachmentIds: [] });
  });

  app.post('/:kommun/admin/nyheter/:id', { config: { upload: editorUpload }, errorHandler: handleUploadError }, async (request, reply) => {
    const actor = requireStaff(request);
    if (!canWriteContent(actor)) throw new NotFoundError();
    const kommunId = request.kommun!.id;
    const id = itemId(request);
    const existing = await getContentForEditing(ctx, actor, kommunId, id);
    const result = await readContentForm(await readUploadForm(request, reply, ctx));
    if (!result.submission) return renderForm(request, reply, { kind: existing.row.kind, existing, ...formState(result) }, 422);
    try {
      await updateContent(ctx, actor, kommunId, id, result.submission.input, result.submission.files);
      setFlash(reply, request, 'news.flash.saved');
      return reply.redirect(editPath(request, id), 303);
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      return renderForm(request, reply, { kind: existing.row.kind, existing, ...formState(result, error.fields) }, 422);
    }
  });

  for (const [segment, published] of [
    ['publicera', true],
    ['avpublicera', false],
  ] as const) {
    app.post(`/:kommun/admin/nyheter/:id/${segment}`, async (request, reply) => {
      const actor = requireStaff(request);
      const id = itemId(request);
      await setContentPublished(ctx, actor, request.kommun!.id, id, published);
      setFlash(reply, request, published ? 'news.flash.published' : 'news.flash.unpublished');
      return reply.redirect(editPath(request, id), 303);
    });
  }
}
