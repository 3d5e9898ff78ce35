// Staff pages for news and pages, one function per page or action. Handlers stay thin: read the
// form, call one service function, render. Each route names its permission (without it the page
// does not exist: 404); the service checks it again.
import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../../platform/context.js';
import { handleUploadError, readUploadForm, type UploadLimits } from '../../platform/files/index.js';
import { ConflictError, ValidationError } from '../../platform/http/errors.js';
import { setFlash } from '../../platform/http/kernel.plugin.js';
import { kommunRoute, type RouteContext } from '../../platform/http/kommun-route.js';
import type { Kommun } from '../../platform/tenants/index.js';
import type { Actor } from '../../platform/auth/index.js';
import { sendPage } from '../../platform/views/render.js';
import { readContentForm, type ContentFormResult } from './news.form.js';
import { canWriteContent, contentAbilities, publisherChoices, reviewerScope } from './news.policy.js';
import { encodeEditedCursor } from './news.presenter.js';
import type { ContentKind } from './news.repository.js';
import { attachmentSlots, contentIdParams, newItemQuery, publishFormSchema, reviewListQuery, reviewNoteSchema, staffKindParam, staffListQuery } from './news.schemas.js';
import { createContent, getContentForEditing, listContentForStaff, setContentPublished, updateContent } from './news.service.js';
import { listContentAwaitingReview, requestReview, sendContentBack } from './news.review.service.js';
import { newsSettingsOf } from './news.settings.js';
import { ContentFormPage, type ContentFormProps } from './news.editor.views.js';
import { ReviewListPage, StaffContentListPage } from './news.staff.views.js';

/** The editor's file inputs: the main image and the attachment slots. */
const editorUpload: UploadLimits = { maxFiles: 1 + attachmentSlots.length };

type StaffRoute = RouteContext<unknown, unknown, unknown, Actor, Kommun>;
type EditorProps = Omit<ContentFormProps, 'uploadMaxBytes' | 'uploadMaxRequestBytes' | 'abilities' | 'requiresReview' | 'publisherChoices'>;

export function registerNewsStaffRoutes(app: FastifyInstance, ctx: AppContext): void {
  showStaffList(app, ctx);
  showReviewList(app, ctx);
  showNewItemForm(app, ctx);
  createItemFromForm(app, ctx);
  showEditForm(app, ctx);
  saveItemFromForm(app, ctx);
  publishItem(app, ctx);
  unpublishItem(app, ctx);
  requestReviewOfItem(app, ctx);
  sendItemBack(app, ctx);
}

const editPath = (kommun: Kommun, id: string) => `/${kommun.slug}/admin/nyheter/${id}`;

function renderEditor(ctx: AppContext, { request, reply, actor, kommun }: StaffRoute, props: EditorProps, status = 200) {
  const settings = newsSettingsOf(kommun);
  return sendPage(
    request,
    reply,
    <ContentFormPage
      {...props}
      uploadMaxBytes={ctx.config.uploadMaxBytes}
      uploadMaxRequestBytes={ctx.config.uploadMaxRequestBytes}
      abilities={props.existing ? contentAbilities(actor, kommun.id, props.existing.row, settings) : undefined}
      requiresReview={settings.requireCrossReview}
      publisherChoices={publisherChoices(actor, kommun.id)}
    />,
    status,
  );
}

/** The editor again, with why a publish or review action was refused (409) or what to correct in the note (422). */
async function renderRefusal(ctx: AppContext, route: StaffRoute, id: string, error: ConflictError | ValidationError, typed: Record<string, string> = {}) {
  const existing = await getContentForEditing(ctx, route.actor, route.kommun.id, id);
  const base = { kind: existing.row.kind, existing, form: { values: {}, errors: {} }, removeAttachmentIds: [] };
  if (error instanceof ValidationError) return renderEditor(ctx, route, { ...base, reviewForm: { values: typed, errors: error.fields } }, 422);
  return renderEditor(ctx, route, { ...base, refusal: error.messageKey }, error.status);
}

function formState(result: ContentFormResult, errors = result.errors) {
  return { form: { values: result.values, errors }, removeAttachmentIds: result.removeAttachmentIds, filesSent: result.filesSent };
}

function showStaffList(app: FastifyInstance, ctx: AppContext): void {
  kommunRoute(app, { method: 'GET', url: '/:kommun/admin/nyheter', permission: 'news.read_drafts', query: staffListQuery }, async ({ request, reply, actor, kommun, query }) => {
    const { typ: kind, efter: after } = query;
    const { rows, hasMore } = await listContentForStaff(ctx, actor, kommun.id, kind, after);
    const last = rows[rows.length - 1];
    const base = `/${kommun.slug}/admin/nyheter?typ=${staffKindParam[kind]}`;
    const olderHref = hasMore && last ? `${base}&efter=${encodeURIComponent(encodeEditedCursor(last))}` : null;
    const reviewer = reviewerScope(actor, kommun.id);
    const showsReviewLink = newsSettingsOf(kommun).requireCrossReview && (reviewer.inKommun || reviewer.policeAreaIds.length > 0);
    return sendPage(
      request,
      reply,
      <StaffContentListPage kind={kind} rows={rows} canWrite={canWriteContent(actor, kommun.id)} showsReviewLink={showsReviewLink} olderHref={olderHref} firstHref={after ? base : null} />,
    );
  });
}

/** What waits for the reader's review as the other party (news.publish: reviewers publish). */
function showReviewList(app: FastifyInstance, ctx: AppContext): void {
  kommunRoute(app, { method: 'GET', url: '/:kommun/admin/nyheter/granskning', permission: 'news.publish', query: reviewListQuery }, async ({ request, reply, actor, kommun, query }) => {
    const { rows, hasMore } = await listContentAwaitingReview(ctx, actor, kommun.id, query.efter);
    const last = rows[rows.length - 1];
    const base = `/${kommun.slug}/admin/nyheter/granskning`;
    const olderHref = hasMore && last ? `${base}?efter=${encodeURIComponent(encodeEditedCursor(last))}` : null;
    return sendPage(request, reply, <ReviewListPage rows={rows} olderHref={olderHref} firstHref={query.efter ? base : null} />);
  });
}

function showNewItemForm(app: FastifyInstance, ctx: AppContext): void {
  kommunRoute(app, { method: 'GET', url: '/:kommun/admin/nyheter/ny', permission: 'news.write', query: newItemQuery }, async (route) => {
    return renderEditor(ctx, route, { kind: route.query.typ, form: { values: {}, errors: {} }, removeAttachmentIds: [] });
  });
}

// The body is read only once the person is known to be allowed to write (readUploadForm checks
// the form's token first); a refused upload gets a page naming the limit (handleUploadError).
function createItemFromForm(app: FastifyInstance, ctx: AppContext): void {
  kommunRoute(
    app,
    { method: 'POST', url: '/:kommun/admin/nyheter/ny', permission: 'news.write', upload: editorUpload, errorHandler: handleUploadError },
    async (route) => {
      const { request, reply, actor, kommun } = route;
      const result = await readContentForm(await readUploadForm(request, reply, ctx), { isNew: true });
      const kind: ContentKind = result.values.kind === 'page' ? 'page' : 'news';
      if (!result.submission) return renderEditor(ctx, route, { kind, ...formState(result) }, 422);
      try {
        const created = await createContent(ctx, actor, kommun.id, result.submission.input, result.submission.files);
        setFlash(reply, request, 'news.flash.created');
        return reply.redirect(editPath(kommun, created.id), 303);
      } catch (error) {
        if (!(error instanceof ValidationError)) throw error;
        return renderEditor(ctx, route, { kind, ...formState(result, error.fields) }, 422);
      }
    },
  );
}

function showEditForm(app: FastifyInstance, ctx: AppContext): void {
  kommunRoute(app, { method: 'GET', url: '/:kommun/admin/nyheter/:id', permission: 'news.read_drafts', params: contentIdParams }, async (route) => {
    const existing = await getContentForEditing(ctx, route.actor, route.kommun.id, route.params.id);
    return renderEditor(ctx, route, { kind: existing.row.kind, existing, form: { values: {}, errors: {} }, removeAttachmentIds: [] });
  });
}

function saveItemFromForm(app: FastifyInstance, ctx: AppContext): void {
  kommunRoute(
    app,
    { method: 'POST', url: '/:kommun/admin/nyheter/:id', permission: 'news.write', params: contentIdParams, upload: editorUpload, errorHandler: handleUploadError },
    async (route) => {
      const { request, reply, actor, kommun, params } = route;
      const existing = await getContentForEditing(ctx, actor, kommun.id, params.id);
      const result = await readContentForm(await readUploadForm(request, reply, ctx), { isNew: false });
      if (!result.submission) return renderEditor(ctx, route, { kind: existing.row.kind, existing, ...formState(result) }, 422);
      try {
        await updateContent(ctx, actor, kommun.id, params.id, result.submission.input, result.submission.files);
        setFlash(reply, request, 'news.flash.saved');
        return reply.redirect(editPath(kommun, params.id), 303);
      } catch (error) {
        if (!(error instanceof ValidationError)) throw error;
        return renderEditor(ctx, route, { kind: existing.row.kind, existing, ...formState(result, error.fields) }, 422);
      }
    },
  );
}

// Publishing may be refused by the kommun's review rule (ConflictError, with the reason): the
// editor is shown again with the reason in its status panel, and nothing was changed.
function publishItem(app: FastifyInstance, ctx: AppContext): void {
  kommunRoute(
    app,
    { method: 'POST', url: '/:kommun/admin/nyheter/:id/publicera', permission: 'news.publish', params: contentIdParams, body: publishFormSchema },
    async (route) => {
      const { request, reply, actor, kommun, params, body } = route;
      try {
        await setContentPublished(ctx, actor, kommun.id, params.id, true, { expectedVersion: body.version });
      } catch (error) {
        if (!(error instanceof ConflictError)) throw error;
        return renderRefusal(ctx, route, params.id, error);
      }
      setFlash(reply, request, 'news.flash.published');
      return reply.redirect(editPath(kommun, params.id), 303);
    },
  );
}

function unpublishItem(app: FastifyInstance, ctx: AppContext): void {
  kommunRoute(
    app,
    { method: 'POST', url: '/:kommun/admin/nyheter/:id/avpublicera', permission: 'news.publish', params: contentIdParams },
    async ({ request, reply, actor, kommun, params }) => {
      await setContentPublished(ctx, actor, kommun.id, params.id, false);
      setFlash(reply, request, 'news.flash.unpublished');
      return reply.redirect(editPath(kommun, params.id), 303);
    },
  );
}

function requestReviewOfItem(app: FastifyInstance, ctx: AppContext): void {
  kommunRoute(
    app,
    { method: 'POST', url: '/:kommun/admin/nyheter/:id/begar-granskning', permission: 'news.write', params: contentIdParams },
    async (route) => {
      const { request, reply, actor, kommun, params } = route;
      try {
        await requestReview(ctx, actor, kommun.id, params.id);
      } catch (error) {
        if (!(error instanceof ConflictError)) throw error;
        return renderRefusal(ctx, route, params.id, error);
      }
      setFlash(reply, request, 'news.flash.reviewRequested');
      return reply.redirect(editPath(kommun, params.id), 303);
    },
  );
}

function sendItemBack(app: FastifyInstance, ctx: AppContext): void {
  kommunRoute(
    app,
    {
      method: 'POST',
      url: '/:kommun/admin/nyheter/:id/skicka-tillbaka',
      permission: 'news.publish',
      params: contentIdParams,
      body: reviewNoteSchema,
      // An empty or too long note: the editor again, with the note kept and its error shown.
      invalid: async (route, form) => renderRefusal(ctx, route, route.params.id, new ValidationError(form.errors), form.values),
    },
    async (route) => {
      const { request, reply, actor, kommun, params, body } = route;
      try {
        await sendContentBack(ctx, actor, kommun.id, params.id, body);
      } catch (error) {
        if (!(error instanceof ConflictError)) throw error;
        return renderRefusal(ctx, route, params.id, error);
      }
      setFlash(reply, request, 'news.flash.sentBack');
      return reply.redirect(editPath(kommun, params.id), 303);
    },
  );
}
