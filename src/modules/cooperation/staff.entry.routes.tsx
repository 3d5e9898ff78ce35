// Staff pages that add follow-up: on an activity (with status, progress, traffic light, one
// figure per indicator and up to three files) and on a löfte (text and files). The body is read
// only once the person is known to be allowed to write (readUploadForm checks the form's token
// first); a refused upload gets a page naming the limit (handleUploadError).
import type { FastifyInstance } from 'fastify';
import { rolesGranting, type Actor } from '../../platform/auth/index.js';
import type { AppContext } from '../../platform/context.js';
import { handleUploadError, readUploadForm } from '../../platform/files/index.js';
import { ForbiddenError, NotFoundError, ValidationError, type FieldErrors } from '../../platform/http/errors.js';
import { setFlash } from '../../platform/http/kernel.plugin.js';
import { kommunRoute } from '../../platform/http/kommun-route.js';
import { sendPage } from '../../platform/views/render.js';
import { canEditActivity, sideOf, sidesOwning, type Side } from './cooperation.policy.js';
import type { EntryInput } from './cooperation.schemas.js';
import { addActivityFollowUp, addPromiseFollowUp } from './entry.service.js';
import { indicatorsOfActivities } from './indicator.repository.js';
import { findCurrentPromiseVersion } from './promise.repository.js';
import { activityOr404 } from './staff.activity.routes.js';
import { EntryFormPage, type EntryFormProps } from './staff.entry.views.js';
import { entryFileSlots, readEntryForm } from './staff.form.js';
import { idParams } from './staff.plan.routes.js';
import type { StaffRoute } from './staff.routes.js';

const entryUpload = { maxFiles: entryFileSlots.length };

/** The actor's role on one of these sides as a title to prefill ("Kommunpolis"). */
function authorRoleKey(actor: Actor, sides: readonly Side[]): string | undefined {
  const role = rolesGranting(actor, 'cooperation.write').find((r) => sides.includes(sideOf(r.organisationKind)));
  return role ? `cooperation.staff.roleTitle.${role.role}` : undefined;
}

/** A value's error from the service names its row in the list; the form names the indicator's field. */
function valueFieldErrors(errors: FieldErrors, input: EntryInput): FieldErrors {
  const mapped: FieldErrors = {};
  for (const [name, message] of Object.entries(errors)) {
    const match = /^values\.(\d+)\./.exec(name);
    const indicatorId = match ? input.values[Number(match[1])]?.indicatorId : undefined;
    mapped[indicatorId ? `value.${indicatorId}` : name] = message;
  }
  return mapped;
}

function render(ctx: AppContext, route: StaffRoute, props: Omit<EntryFormProps, 'uploadMaxBytes'>, status = 200) {
  return sendPage(route.request, route.reply, <EntryFormPage {...props} uploadMaxBytes={ctx.config.uploadMaxBytes} />, status);
}

async function promiseOr404(ctx: AppContext, route: StaffRoute, id: string) {
  const promise = await findCurrentPromiseVersion(ctx.db, { kommunId: route.kommun.id, seesInternal: true }, { id });
  if (!promise) throw new NotFoundError();
  return promise;
}

export function registerEntryStaffRoutes(app: FastifyInstance, ctx: AppContext): void {
  const activityForm = async (route: StaffRoute, id: string) => {
    const { activity } = await activityOr404(ctx, route, id);
    if (!canEditActivity(route.actor, route.kommun.id, activity.responsibleParty)) throw new ForbiddenError('cooperation.errors.notYourActivity');
    const indicators = (await indicatorsOfActivities(ctx.db, route.kommun.id, [activity.id])).get(activity.id) ?? [];
    const backPath = `admin/samverkan/aktiviteter/${activity.id}`;
    const base = { targetTitle: activity.title, action: `/${route.kommun.slug}/${backPath}/uppfoljning`, backPath, backLabel: activity.title, indicators, authorRoleKey: authorRoleKey(route.actor, sidesOwning(activity.responsibleParty)) };
    return { activity, indicators, base };
  };

  kommunRoute(app, { method: 'GET', url: '/:kommun/admin/samverkan/aktiviteter/:id/uppfoljning', permission: 'cooperation.write', params: idParams }, async (route) => {
    const { base } = await activityForm(route, route.params.id);
    return render(ctx, route, { ...base, form: { values: {}, errors: {} } });
  });

  kommunRoute(
    app,
    { method: 'POST', url: '/:kommun/admin/samverkan/aktiviteter/:id/uppfoljning', permission: 'cooperation.write', params: idParams, upload: entryUpload, errorHandler: handleUploadError },
    async (route) => {
      const { request, reply, actor, kommun } = route;
      const { activity, indicators, base } = await activityForm(route, route.params.id);
      const result = await readEntryForm(await readUploadForm(request, reply, ctx), indicators);
      const again = (errors: FieldErrors) => render(ctx, route, { ...base, form: { values: result.values, errors }, filesSent: result.filesSent }, 422);
      if (!result.data) return again(result.errors);
      try {
        await addActivityFollowUp(ctx, actor, kommun.id, activity.id, result.data.input, result.data.files);
      } catch (error) {
        if (error instanceof ValidationError) return again(valueFieldErrors(error.fields, result.data.input));
        throw error;
      }
      setFlash(reply, request, 'cooperation.staff.flash.followUpAdded');
      return reply.redirect(`/${kommun.slug}/admin/samverkan/aktiviteter/${activity.id}`, 303);
    },
  );

  const promiseForm = async (route: StaffRoute, id: string) => {
    const promise = await promiseOr404(ctx, route, id);
    const backPath = `admin/samverkan/loften/${promise.promiseId}`;
    return { promise, base: { targetTitle: promise.title, action: `/${route.kommun.slug}/${backPath}/uppfoljning`, backPath, backLabel: promise.title, authorRoleKey: authorRoleKey(route.actor, ['kommun', 'police']) } };
  };

  kommunRoute(app, { method: 'GET', url: '/:kommun/admin/samverkan/loften/:id/uppfoljning', permission: 'cooperation.write', params: idParams }, async (route) => {
    const { base } = await promiseForm(route, route.params.id);
    return render(ctx, route, { ...base, form: { values: {}, errors: {} } });
  });

  kommunRoute(
    app,
    { method: 'POST', url: '/:kommun/admin/samverkan/loften/:id/uppfoljning', permission: 'cooperation.write', params: idParams, upload: entryUpload, errorHandler: handleUploadError },
    async (route) => {
      const { request, reply, actor, kommun } = route;
      const { promise, base } = await promiseForm(route, route.params.id);
      const result = await readEntryForm(await readUploadForm(request, reply, ctx), []);
      const again = (errors: FieldErrors) => render(ctx, route, { ...base, form: { values: result.values, errors }, filesSent: result.filesSent }, 422);
      if (!result.data) return again(result.errors);
      try {
        await addPromiseFollowUp(ctx, actor, kommun.id, promise.promiseId, result.data.input, result.data.files);
      } catch (error) {
        if (error instanceof ValidationError) return again(error.fields);
        throw error;
      }
      setFlash(reply, request, 'cooperation.staff.flash.followUpAdded');
      return reply.redirect(`/${kommun.slug}/admin/samverkan/loften/${promise.promiseId}`, 303);
    },
  );
}
