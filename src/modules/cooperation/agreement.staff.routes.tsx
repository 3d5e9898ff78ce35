// Staff pages and actions for samverkansöverenskommelser. Each route names its permission
// (without it the page does not exist: 404); the service checks it again, and deciding also
// checks the kommun's deciders setting. A refused action shows the agreement page again with the
// reason and what the person typed; a save that met someone else's shows both (409).
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { Actor } from '../../platform/auth/index.js';
import type { AppContext } from '../../platform/context.js';
import { firstFile, handleUploadError, prepareUpload, readUploadForm, UploadRejected } from '../../platform/files/index.js';
import { ConflictError, ForbiddenError, ValidationError, type FieldErrors } from '../../platform/http/errors.js';
import { formValues, zodToFieldErrors } from '../../platform/http/forms.js';
import { setFlash } from '../../platform/http/kernel.plugin.js';
import { kommunRoute, type RouteContext } from '../../platform/http/kommun-route.js';
import type { Kommun } from '../../platform/tenants/index.js';
import { emptyForm, type FormState } from '../../platform/views/components.js';
import { sendPage } from '../../platform/views/render.js';
import { StaleEditError } from './cooperation.errors.js';
import { canDecide, canWrite } from './cooperation.policy.js';
import { decisionSchema, lockVersion } from './cooperation.schemas.js';
import { cooperationSettingsOf } from './cooperation.settings.js';
import type { AgreementVersionRow } from './agreement.repository.js';
import { agreementFormChoices, listAgreementsForStaff, readAgreementForStaff } from './agreement.reading.js';
import { agreementFormValues, agreementInputSchema, agreementLockSchema, annexUploadSchema, errorsToFormRows, nestAgreementForm, type AgreementInput } from './agreement.schemas.js';
import { addAnnexDocument, changeAgreementStatus, createAgreement, decideAgreement, removeAnnex, saveAgreementDraft, startNewAgreementVersion } from './agreement.service.js';
import { AgreementAnnexesPage, NewAgreementPage, StaffAgreementListPage, StaffAgreementPage, staffAgreementsPath, withDocumentNames, type StaffAgreementProps } from './agreement.staff.views.js';

type StaffRoute = RouteContext<unknown, unknown, unknown, Actor, Kommun>;

const idParams = z.object({ id: z.uuid() });
const annexParams = idParams.extend({ n: z.coerce.number().int().min(0).max(99) });
/** The form's fields as sent: strings, or lists of strings for the partner checkboxes. */
const formBody = z.record(z.string(), z.union([z.string(), z.array(z.string())]));
const decisionBody = decisionSchema.extend({ lockVersion: lockVersion() });

const pathOf = (kommun: Kommun, id: string, rest = '') => `/${kommun.slug}/${staffAgreementsPath}/${id}${rest}`;

/** The main form: its rows gathered, parsed, and errors put back on the rows they came from. */
function readAgreementForm(body: Record<string, unknown>): { values: Record<string, string>; input?: AgreementInput; lockVersion?: number; errors: FieldErrors } {
  const values = formValues(body);
  const { nested, rowNumbers } = nestAgreementForm(body);
  const parsed = agreementInputSchema.safeParse(nested);
  const lock = lockVersion().safeParse(body.lockVersion);
  if (!parsed.success) {
    const errors = errorsToFormRows(zodToFieldErrors(parsed.error), rowNumbers);
    return { values, errors };
  }
  return { values, input: parsed.data, lockVersion: lock.success ? lock.data : 0, errors: {} };
}

function abilitiesOf(actor: Actor, kommun: Kommun) {
  return { write: canWrite(actor, kommun.id), decide: canDecide(actor, kommun.id, cooperationSettingsOf(kommun)) };
}

type PageState = Partial<Pick<StaffAgreementProps, 'conflict' | 'refusal'>> & { form?: FormState; decisionForm?: FormState };

async function renderAgreement(ctx: AppContext, { request, reply, actor, kommun }: StaffRoute, id: string, state: PageState = {}, status = 200) {
  const read = await readAgreementForStaff(ctx, actor, kommun.id, id);
  const form = state.form ?? { values: agreementFormValues(read.version), errors: {} };
  return sendPage(
    request,
    reply,
    <StaffAgreementPage
      {...read}
      form={{ ...form, values: withDocumentNames(form.values, read.version) }}
      decisionForm={state.decisionForm ?? emptyForm}
      abilities={abilitiesOf(actor, kommun)}
      conflict={state.conflict}
      refusal={state.refusal}
    />,
    status,
  );
}

/** An action the service refused: the page again with the reason (403/409), or with the stored version beside what was typed. */
async function renderRefusal(ctx: AppContext, route: StaffRoute, id: string, error: unknown, state: PageState = {}) {
  if (error instanceof StaleEditError) return renderAgreement(ctx, route, id, { ...state, conflict: (error as StaleEditError<AgreementVersionRow>).current }, 409);
  if (error instanceof ForbiddenError || error instanceof ConflictError) return renderAgreement(ctx, route, id, { ...state, refusal: error.messageKey }, error.status);
  throw error;
}

export function registerAgreementStaffRoutes(app: FastifyInstance, ctx: AppContext): void {
  const base = `/:kommun/${staffAgreementsPath}` as const;

  kommunRoute(app, { method: 'GET', url: base, permission: 'cooperation.read_internal' }, async ({ request, reply, actor, kommun }) => {
    return sendPage(request, reply, <StaffAgreementListPage rows={await listAgreementsForStaff(ctx, actor, kommun.id)} canWrite={canWrite(actor, kommun.id)} />);
  });

  kommunRoute(app, { method: 'GET', url: `${base}/ny`, permission: 'cooperation.write' }, async ({ request, reply, kommun }) => {
    return sendPage(request, reply, <NewAgreementPage form={emptyForm} choices={await agreementFormChoices(ctx, kommun.id)} />);
  });

  kommunRoute(app, { method: 'POST', url: `${base}/ny`, permission: 'cooperation.write', body: formBody }, async ({ request, reply, actor, kommun, body }) => {
    const form = readAgreementForm(body);
    const again = async (errors: FieldErrors) => sendPage(request, reply, <NewAgreementPage form={{ values: form.values, errors }} choices={await agreementFormChoices(ctx, kommun.id)} />, 422);
    if (!form.input) return again(form.errors);
    try {
      const created = await createAgreement(ctx, actor, kommun.id, form.input);
      setFlash(reply, request, 'cooperation.agreement.flash.created');
      return reply.redirect(pathOf(kommun, created.agreementId), 303);
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      return again(error.fields);
    }
  });

  kommunRoute(app, { method: 'GET', url: `${base}/:id`, permission: 'cooperation.read_internal', params: idParams }, async (route) => renderAgreement(ctx, route, route.params.id));

  kommunRoute(app, { method: 'POST', url: `${base}/:id`, permission: 'cooperation.write', params: idParams, body: formBody }, async (route) => {
    const { request, reply, actor, kommun, params, body } = route;
    const form = readAgreementForm(body);
    if (!form.input) return renderAgreement(ctx, route, params.id, { form: { values: form.values, errors: form.errors } }, 422);
    try {
      await saveAgreementDraft(ctx, actor, kommun.id, params.id, form.input, form.lockVersion ?? 0);
    } catch (error) {
      if (error instanceof ValidationError) return renderAgreement(ctx, route, params.id, { form: { values: form.values, errors: error.fields } }, 422);
      // What the person typed stays in the form, whatever the refusal.
      return renderRefusal(ctx, route, params.id, error, { form: { values: form.values, errors: {} } });
    }
    setFlash(reply, request, 'cooperation.agreement.flash.saved');
    return reply.redirect(pathOf(kommun, params.id), 303);
  });

  kommunRoute(
    app,
    {
      method: 'POST',
      url: `${base}/:id/besluta`,
      permission: 'cooperation.decide',
      params: idParams,
      body: decisionBody,
      invalid: (route, decisionForm) => renderAgreement(ctx, route, route.params.id, { decisionForm }, 422),
    },
    async (route) => {
      const { request, reply, actor, kommun, params, body } = route;
      const typed = { values: formValues(request.body), errors: {} };
      try {
        await decideAgreement(ctx, actor, kommun, params.id, body, body.lockVersion);
      } catch (error) {
        if (error instanceof ValidationError) return renderAgreement(ctx, route, params.id, { decisionForm: { ...typed, errors: error.fields }, refusal: error.fields._form }, 422);
        return renderRefusal(ctx, route, params.id, error, { decisionForm: typed });
      }
      setFlash(reply, request, 'cooperation.agreement.flash.decided');
      return reply.redirect(pathOf(kommun, params.id), 303);
    },
  );

  for (const [segment, to] of [
    ['i-kraft', 'in_force'],
    ['avsluta', 'ended'],
  ] as const) {
    kommunRoute(app, { method: 'POST', url: `${base}/:id/${segment}`, permission: 'cooperation.decide', params: idParams, body: agreementLockSchema }, async (route) => {
      const { request, reply, actor, kommun, params, body } = route;
      try {
        await changeAgreementStatus(ctx, actor, kommun, params.id, to, body.lockVersion);
      } catch (error) {
        return renderRefusal(ctx, route, params.id, error);
      }
      setFlash(reply, request, `cooperation.agreement.flash.${to}`);
      return reply.redirect(pathOf(kommun, params.id), 303);
    });
  }

  kommunRoute(app, { method: 'POST', url: `${base}/:id/ny-version`, permission: 'cooperation.write', params: idParams }, async (route) => {
    const { request, reply, actor, kommun, params } = route;
    try {
      await startNewAgreementVersion(ctx, actor, kommun.id, params.id);
    } catch (error) {
      return renderRefusal(ctx, route, params.id, error);
    }
    setFlash(reply, request, 'cooperation.agreement.flash.versionStarted');
    return reply.redirect(pathOf(kommun, params.id), 303);
  });

  const renderAnnexes = async ({ request, reply, actor, kommun }: StaffRoute, id: string, form: FormState = emptyForm, status = 200, refusal?: string) => {
    const read = await readAgreementForStaff(ctx, actor, kommun.id, id);
    return sendPage(request, reply, <AgreementAnnexesPage version={read.version} plans={read.plans} form={form} uploadMaxBytes={ctx.config.uploadMaxBytes} refusal={refusal} />, status);
  };

  kommunRoute(app, { method: 'GET', url: `${base}/:id/bilagor`, permission: 'cooperation.read_internal', params: idParams }, async (route) => renderAnnexes(route, route.params.id));

  // The body is read only once the person is known to be allowed to write (readUploadForm checks
  // the form's token first); the file is checked and normalised before any transaction starts.
  kommunRoute(
    app,
    { method: 'POST', url: `${base}/:id/bilagor`, permission: 'cooperation.write', params: idParams, upload: { maxFiles: 1 }, errorHandler: handleUploadError },
    async (route) => {
      const { request, reply, actor, kommun, params } = route;
      const upload = await readUploadForm(request, reply, ctx);
      const values = formValues(upload.fields);
      const errors: FieldErrors = {};
      const fields = annexUploadSchema.safeParse(upload.fields);
      if (!fields.success) Object.assign(errors, zodToFieldErrors(fields.error));
      const sent = firstFile(upload, 'file');
      let file;
      if (!sent) errors.file = 'cooperation.agreement.errors.fileMissing';
      else {
        try {
          file = await prepareUpload('document', sent);
        } catch (error) {
          if (!(error instanceof UploadRejected)) throw error;
          errors.file = error.problem;
        }
      }
      if (!fields.success || !file) return renderAnnexes(route, params.id, { values, errors }, 422);
      try {
        await addAnnexDocument(ctx, actor, kommun.id, params.id, fields.data, file, fields.data.lockVersion);
      } catch (error) {
        if (error instanceof ValidationError) return renderAnnexes(route, params.id, { values, errors: error.fields }, 422);
        if (error instanceof ConflictError || error instanceof ForbiddenError) return renderAnnexes(route, params.id, { values, errors: {} }, error.status, error.messageKey);
        throw error;
      }
      setFlash(reply, request, 'cooperation.agreement.flash.annexAdded');
      return reply.redirect(pathOf(kommun, params.id, '/bilagor'), 303);
    },
  );

  kommunRoute(app, { method: 'POST', url: `${base}/:id/bilagor/:n/ta-bort`, permission: 'cooperation.write', params: annexParams, body: agreementLockSchema }, async (route) => {
    const { request, reply, actor, kommun, params, body } = route;
    try {
      await removeAnnex(ctx, actor, kommun.id, params.id, params.n, body.lockVersion);
    } catch (error) {
      if (error instanceof ConflictError || error instanceof ForbiddenError) return renderAnnexes(route, params.id, emptyForm, error.status, error.messageKey);
      throw error;
    }
    setFlash(reply, request, 'cooperation.agreement.flash.annexRemoved');
    return reply.redirect(pathOf(kommun, params.id, '/bilagor'), 303);
  });
}
