// Staff pages for medborgarlöften: new draft, the löfte (draft form, or the published text
// read-only), save draft (409 with both versions on a concurrent save), publish (deciders; each
// refusal shown next to its promise), start a new version, end.
import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../../platform/context.js';
import { ConflictError, NotFoundError, ValidationError } from '../../platform/http/errors.js';
import { postedFields } from '../../platform/http/forms.js';
import { setFlash } from '../../platform/http/kernel.plugin.js';
import { kommunRoute } from '../../platform/http/kommun-route.js';
import { sendPage } from '../../platform/views/render.js';
import { StaleEditError } from './cooperation.errors.js';
import { canDecide, canWrite } from './cooperation.policy.js';
import { cooperationSettingsOf } from './cooperation.settings.js';
import { findCurrentPromiseVersion, findPublicPromiseVersion, type PromiseVersionRow } from './promise.repository.js';
import { createPromise, endPromise, publishPromise, savePromiseDraft, startNewPromiseVersion } from './promise.service.js';
import { loadTimeline } from './staff.activity.routes.js';
import { promiseFormValues, readLockVersion, readPromiseForm } from './staff.form.js';
import { idParams } from './staff.plan.routes.js';
import { NewPromisePage, PromisePage, type PromisePageProps } from './staff.promise.views.js';
import { listActivityChoices } from './staff.repository.js';
import type { StaffRoute } from './staff.routes.js';

const promisePath = (kommunSlug: string, id: string) => `/${kommunSlug}/admin/samverkan/loften/${id}`;

async function promiseOr404(ctx: AppContext, route: StaffRoute, id: string): Promise<PromiseVersionRow> {
  const version = await findCurrentPromiseVersion(ctx.db, { kommunId: route.kommun.id, seesInternal: true }, { id });
  if (!version) throw new NotFoundError();
  return version;
}

const valuesOf = (v: PromiseVersionRow) => promiseFormValues({ ...v, content: v.content });

async function renderPromise(ctx: AppContext, route: StaffRoute, version: PromiseVersionRow, extra: Partial<PromisePageProps> = {}, status = 200) {
  const { request, reply, actor, kommun } = route;
  const [published, groups, timeline] = await Promise.all([
    findPublicPromiseVersion(ctx.db, kommun.id, version.promiseId),
    listActivityChoices(ctx.db, kommun.id),
    loadTimeline(ctx, route, { promiseId: version.promiseId }),
  ]);
  return sendPage(
    request,
    reply,
    <PromisePage
      version={version}
      published={published}
      groups={groups}
      form={{ values: valuesOf(version), errors: {} }}
      canWrite={canWrite(actor, kommun.id)}
      canDecide={canDecide(actor, kommun.id, cooperationSettingsOf(kommun))}
      timeline={timeline}
      {...extra}
    />,
    status,
  );
}

export function registerPromiseStaffRoutes(app: FastifyInstance, ctx: AppContext): void {
  kommunRoute(app, { method: 'GET', url: '/:kommun/admin/samverkan/loften/ny', permission: 'cooperation.write' }, async ({ request, reply, kommun }) => {
    return sendPage(request, reply, <NewPromisePage form={{ values: {}, errors: {} }} groups={await listActivityChoices(ctx.db, kommun.id)} />);
  });

  kommunRoute(app, { method: 'POST', url: '/:kommun/admin/samverkan/loften/ny', permission: 'cooperation.write' }, async ({ request, reply, actor, kommun }) => {
    const result = readPromiseForm(postedFields(request.body), { edit: false });
    const again = async (errors = result.errors) => sendPage(request, reply, <NewPromisePage form={{ values: result.values, errors }} groups={await listActivityChoices(ctx.db, kommun.id)} />, 422);
    if (!result.data) return again();
    try {
      const created = await createPromise(ctx, actor, kommun.id, result.data);
      setFlash(reply, request, 'cooperation.staff.flash.promiseCreated');
      return reply.redirect(promisePath(kommun.slug, created.promiseId), 303);
    } catch (error) {
      // Errors name the saved list's rows; with no empty slots between, those are the form's slots.
      if (error instanceof ValidationError) return again(error.fields);
      throw error;
    }
  });

  kommunRoute(app, { method: 'GET', url: '/:kommun/admin/samverkan/loften/:id', permission: 'cooperation.read_internal', params: idParams }, async (route) => {
    return renderPromise(ctx, route, await promiseOr404(ctx, route, route.params.id));
  });

  kommunRoute(app, { method: 'POST', url: '/:kommun/admin/samverkan/loften/:id', permission: 'cooperation.write', params: idParams }, async (route) => {
    const { request, reply, actor, kommun } = route;
    const version = await promiseOr404(ctx, route, route.params.id);
    const result = readPromiseForm(postedFields(request.body), { edit: true });
    const form = (errors = result.errors) => ({ values: result.values, errors });
    if (!result.data || result.lockVersion === undefined) return renderPromise(ctx, route, version, { form: form() }, 422);
    try {
      await savePromiseDraft(ctx, actor, kommun.id, version.promiseId, result.data, result.lockVersion);
    } catch (error) {
      if (error instanceof StaleEditError) {
        const saved = error.current as PromiseVersionRow;
        return renderPromise(ctx, route, saved, { form: form({}), refusal: error.messageKey, conflict: { saved: valuesOf(saved), lockVersion: saved.lockVersion } }, 409);
      }
      if (error instanceof ValidationError) return renderPromise(ctx, route, version, { form: form(error.fields) }, 422);
      if (error instanceof ConflictError) return renderPromise(ctx, route, await promiseOr404(ctx, route, version.promiseId), { refusal: error.messageKey }, 409);
      throw error;
    }
    setFlash(reply, request, 'cooperation.staff.flash.saved');
    return reply.redirect(promisePath(kommun.slug, version.promiseId), 303);
  });

  kommunRoute(app, { method: 'POST', url: '/:kommun/admin/samverkan/loften/:id/publicera', permission: 'cooperation.decide', params: idParams }, async (route) => {
    const { request, reply, actor, kommun } = route;
    const version = await promiseOr404(ctx, route, route.params.id);
    const lockVersion = readLockVersion(postedFields(request.body));
    if (lockVersion === undefined) return renderPromise(ctx, route, version, { refusal: 'cooperation.staff.errors.lockVersion' }, 422);
    try {
      await publishPromise(ctx, actor, kommun, version.promiseId, lockVersion);
    } catch (error) {
      // What keeps it from being published, each next to its promise, on the draft as stored.
      if (error instanceof ValidationError) return renderPromise(ctx, route, version, { form: { values: valuesOf(version), errors: error.fields }, refusal: error.messageKey }, 422);
      if (error instanceof ConflictError) return renderPromise(ctx, route, await promiseOr404(ctx, route, version.promiseId), { refusal: error.messageKey }, 409);
      throw error;
    }
    setFlash(reply, request, 'cooperation.staff.flash.promisePublished');
    return reply.redirect(promisePath(kommun.slug, version.promiseId), 303);
  });

  kommunRoute(app, { method: 'POST', url: '/:kommun/admin/samverkan/loften/:id/ny-version', permission: 'cooperation.write', params: idParams }, async (route) => {
    const { request, reply, actor, kommun } = route;
    const version = await promiseOr404(ctx, route, route.params.id);
    try {
      await startNewPromiseVersion(ctx, actor, kommun.id, version.promiseId);
    } catch (error) {
      if (error instanceof ConflictError) return renderPromise(ctx, route, version, { refusal: error.messageKey }, 409);
      throw error;
    }
    setFlash(reply, request, 'cooperation.staff.flash.promiseVersionStarted');
    return reply.redirect(promisePath(kommun.slug, version.promiseId), 303);
  });

  kommunRoute(app, { method: 'POST', url: '/:kommun/admin/samverkan/loften/:id/avsluta', permission: 'cooperation.decide', params: idParams }, async (route) => {
    const { request, reply, actor, kommun } = route;
    const version = await promiseOr404(ctx, route, route.params.id);
    try {
      await endPromise(ctx, actor, kommun, version.promiseId);
    } catch (error) {
      if (error instanceof ConflictError) return renderPromise(ctx, route, version, { refusal: error.messageKey }, 409);
      throw error;
    }
    setFlash(reply, request, 'cooperation.staff.flash.promiseEnded');
    return reply.redirect(promisePath(kommun.slug, version.promiseId), 303);
  });
}
