// Tenant administration, one function per page or action: the platform's kommuner and police
// areas (/admin/kommuner, platform administrators), and a kommun's own organisations, settings
// and boundary. Each route names its permission; the services check it again.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { Actor } from '../auth/actor.js';
import type { AppContext } from '../context.js';
import { prepareUpload, UploadRejected, type PreparedFile } from '../files/file.service.js';
import { firstFile, readUploadForm } from '../files/multipart.js';
import { handleUploadError } from '../files/upload.views.js';
import { ValidationError } from '../http/errors.js';
import { formValues, parseInput } from '../http/forms.js';
import { setFlash } from '../http/kernel.plugin.js';
import { kommunRoute, siteRoute } from '../http/kommun-route.js';
import { emptyForm, type FormState } from '../views/components.js';
import { sendPage } from '../views/render.js';
import { canManageTenants } from './tenant.policy.js';
import { boundaryLimits } from './tenant.boundary.js';
import { findKommunById, type Kommun } from './tenant.repository.js';
import { linkPoliceAreaSchema, newKommunSchema, partnerInputSchema, settingsInputSchema } from './tenant.schemas.js';
import { addPartnerOrganisation, changeKommunSettings, createKommun, getKommunBoundary, linkPoliceAreaToKommun, listKommunOrganisations, listTenantsOverview, listPoliceAreaChoices } from './tenant.service.js';
import { kommunSettingsSchema } from './tenant.settings.js';
import { KommunerAdminPage, LinkPoliceAreaPage, NewKommunPage, OrganisationsPage, SettingsPage, settingsFormValues } from './tenant.views.js';

const platform = 'platform.tenants.manage';
const kommunAdmin = 'kommun.settings.manage';

/** What the page renderers below need of a route. */
interface Page {
  request: FastifyRequest;
  reply: FastifyReply;
  actor: Actor;
}

export function registerTenantRoutes(app: FastifyInstance, ctx: AppContext): void {
  showKommunerOverview(app, ctx);
  showNewKommunForm(app, ctx);
  createKommunFromForm(app, ctx);
  createKommunApi(app, ctx);
  showLinkPoliceAreaForm(app, ctx);
  linkPoliceAreaFromForm(app, ctx);
  showOrganisations(app, ctx);
  addPartnerFromForm(app, ctx);
  showSettings(app, ctx);
  saveSettingsFromForm(app, ctx);
  saveSettingsApi(app, ctx);
  serveBoundary(app, ctx);
}

// ---- the platform: hosted kommuner and their police areas -------------------------------------

function showKommunerOverview(app: FastifyInstance, ctx: AppContext): void {
  const show = async ({ request, reply, actor }: Page) => {
    const { kommuner, links } = await listTenantsOverview(ctx, actor);
    return sendPage(request, reply, <KommunerAdminPage kommuner={kommuner} links={links} />);
  };
  siteRoute(app, { method: 'GET', url: '/admin/kommuner', permission: platform }, show);
  // The staff menu lives under a kommun; there the platform overview is one click away.
  kommunRoute(app, { method: 'GET', url: '/:kommun/admin/plattform', permission: platform }, show);
}

async function renderNewKommun(ctx: AppContext, { request, reply, actor }: Page, form: FormState, status = 200) {
  return sendPage(request, reply, <NewKommunPage form={form} policeAreas={await listPoliceAreaChoices(ctx, actor)} />, status);
}

function showNewKommunForm(app: FastifyInstance, ctx: AppContext): void {
  siteRoute(app, { method: 'GET', url: '/admin/kommuner/ny', permission: platform }, async (route) =>
    renderNewKommun(ctx, route, { values: { primaryColour: '#1e5a8c', languages: 'sv\nen' }, errors: {} }),
  );
}

function createKommunFromForm(app: FastifyInstance, ctx: AppContext): void {
  siteRoute(
    app,
    { method: 'POST', url: '/admin/kommuner', permission: platform, body: newKommunSchema, invalid: (route, form) => renderNewKommun(ctx, route, form, 422) },
    async ({ request, reply, actor, body }) => {
      const kommun = await createKommun(ctx, actor, body);
      setFlash(reply, request, 'tenants.kommunCreated');
      return reply.redirect(`/${kommun.slug}/`, 303);
    },
  );
}

// The same use case for scripts: a platform administrator's session with the x-csrf-token header.
function createKommunApi(app: FastifyInstance, ctx: AppContext): void {
  siteRoute(
    app,
    {
      method: 'POST',
      url: '/api/v1/admin/kommuner',
      permission: platform,
      body: newKommunSchema,
      api: {
        operationId: 'createKommun',
        tag: 'tenants',
        summary: 'tenants.api.createKommun',
        response: { status: 201, description: 'tenants.api.kommunAnswer', schema: z.object({ data: z.object({ id: z.string(), slug: z.string(), name: z.string(), url: z.string() }) }) },
      },
    },
    async ({ reply, actor, body }) => {
      const kommun = await createKommun(ctx, actor, body);
      return reply.code(201).send({ data: { id: kommun.id, slug: kommun.slug, name: kommun.name, url: `/${kommun.slug}/` } });
    },
  );
}

async function renderLinkPoliceArea(ctx: AppContext, { request, reply, actor }: Page, form: FormState, status = 200) {
  const [{ kommuner }, policeAreas] = await Promise.all([listTenantsOverview(ctx, actor), listPoliceAreaChoices(ctx, actor)]);
  return sendPage(request, reply, <LinkPoliceAreaPage form={form} kommuner={kommuner} policeAreas={policeAreas} />, status);
}

function showLinkPoliceAreaForm(app: FastifyInstance, ctx: AppContext): void {
  siteRoute(app, { method: 'GET', url: '/admin/kommuner/polisomraden', permission: platform }, async (route) => renderLinkPoliceArea(ctx, route, emptyForm));
}

function linkPoliceAreaFromForm(app: FastifyInstance, ctx: AppContext): void {
  siteRoute(
    app,
    { method: 'POST', url: '/admin/kommuner/polisomraden', permission: platform, body: linkPoliceAreaSchema, invalid: (route, form) => renderLinkPoliceArea(ctx, route, form, 422) },
    async ({ request, reply, actor, body }) => {
      await linkPoliceAreaToKommun(ctx, actor, body);
      setFlash(reply, request, 'tenants.policeAreaLinked');
      return reply.redirect('/admin/kommuner', 303);
    },
  );
}

// ---- a kommun's own administration -------------------------------------------------------------

async function renderOrganisations(ctx: AppContext, { request, reply, actor, kommun }: Page & { kommun: Kommun }, form: FormState, status = 200) {
  const organisations = await listKommunOrganisations(ctx, actor, kommun.id);
  return sendPage(request, reply, <OrganisationsPage organisations={organisations} form={form} showPlatformLink={canManageTenants(actor)} />, status);
}

function showOrganisations(app: FastifyInstance, ctx: AppContext): void {
  kommunRoute(app, { method: 'GET', url: '/:kommun/admin/organisationer', permission: kommunAdmin }, async (route) => renderOrganisations(ctx, route, emptyForm));
}

function addPartnerFromForm(app: FastifyInstance, ctx: AppContext): void {
  kommunRoute(
    app,
    { method: 'POST', url: '/:kommun/admin/organisationer', permission: kommunAdmin, body: partnerInputSchema, invalid: (route, form) => renderOrganisations(ctx, route, form, 422) },
    async ({ request, reply, actor, kommun, body }) => {
      await addPartnerOrganisation(ctx, actor, kommun.id, body);
      setFlash(reply, request, 'tenants.partnerCreated');
      return reply.redirect(`/${kommun.slug}/admin/organisationer`, 303);
    },
  );
}

/** The kommun as stored, past the kernel's short cache: an administrator must see what is saved. */
async function storedKommun(ctx: AppContext, kommun: Kommun): Promise<Kommun> {
  return (await findKommunById(ctx.db, kommun.id)) ?? kommun;
}

function showSettings(app: FastifyInstance, ctx: AppContext): void {
  kommunRoute(app, { method: 'GET', url: '/:kommun/admin/installningar', permission: kommunAdmin }, async ({ request, reply, kommun }) => {
    const stored = await storedKommun(ctx, kommun);
    return sendPage(request, reply, <SettingsPage form={{ values: settingsFormValues(stored), errors: {} }} kommun={stored} />);
  });
}

/** The logo, checked and re-encoded before the transaction; a refused file is a field error. */
async function prepareLogo(logo: Parameters<typeof prepareUpload>[1] | undefined): Promise<PreparedFile | undefined> {
  if (!logo) return undefined;
  try {
    return await prepareUpload('image', logo);
  } catch (error) {
    if (error instanceof UploadRejected) throw new ValidationError({ logo: `tenants.${error.problem.replace('upload.', 'logo.')}` });
    throw error;
  }
}

// Multipart (for the logo) or url-encoded; the body is read only after the permission check.
function saveSettingsFromForm(app: FastifyInstance, ctx: AppContext): void {
  kommunRoute(
    app,
    { method: 'POST', url: '/:kommun/admin/installningar', permission: kommunAdmin, upload: { maxFiles: 2 }, errorHandler: handleUploadError },
    async ({ request, reply, actor, kommun }) => {
      const stored = await storedKommun(ctx, kommun);
      const form = await readUploadForm(request, reply, ctx);
      const boundaryFile = firstFile(form, 'boundaryFile')?.data;
      try {
        // An uploaded boundary file wins over pasted text; only the pasted text goes back into the form.
        if (boundaryFile && boundaryFile.length > boundaryLimits.fileBytes) throw new ValidationError({ boundary: 'tenants.boundary.tooLarge' });
        const input = parseInput(settingsInputSchema, boundaryFile ? { ...form.fields, boundary: boundaryFile.toString('utf8') } : form.fields);
        const saved = await changeKommunSettings(ctx, actor, stored.id, input, await prepareLogo(firstFile(form, 'logo')));
        setFlash(reply, request, 'tenants.settingsSaved');
        return reply.redirect(`/${saved.slug}/admin/installningar`, 303);
      } catch (error) {
        if (!(error instanceof ValidationError)) throw error;
        return sendPage(request, reply, <SettingsPage form={{ values: formValues(form.fields), errors: error.fields }} kommun={stored} />, 422);
      }
    },
  );
}

const settingsResponse = z.object({ data: z.object({ slug: z.string(), name: z.string(), settings: kommunSettingsSchema }) });

function saveSettingsApi(app: FastifyInstance, ctx: AppContext): void {
  kommunRoute(
    app,
    {
      method: 'PUT',
      url: '/api/v1/:kommun/settings',
      permission: kommunAdmin,
      body: settingsInputSchema,
      api: { operationId: 'replaceKommunSettings', tag: 'tenants', summary: 'tenants.api.replaceSettings', response: { status: 200, description: 'tenants.api.settingsAnswer', schema: settingsResponse } },
    },
    async ({ actor, kommun, body }) => {
      const saved = await changeKommunSettings(ctx, actor, kommun.id, body);
      return { data: { slug: saved.slug, name: saved.name, settings: saved.settings } };
    },
  );
}

const boundaryFeature = z.object({
  type: z.literal('Feature'),
  properties: z.object({ name: z.string(), source: z.string() }),
  geometry: z.object({ type: z.enum(['Polygon', 'MultiPolygon']), coordinates: z.array(z.unknown()) }),
});

// The outline maps draw and fit; public, like the maps that show it.
function serveBoundary(app: FastifyInstance, ctx: AppContext): void {
  kommunRoute(
    app,
    {
      method: 'GET',
      url: '/api/v1/:kommun/boundary.geojson',
      api: {
        operationId: 'getKommunBoundary',
        tag: 'tenants',
        summary: 'tenants.api.boundary',
        response: { status: 200, description: 'tenants.api.boundaryAnswer', schema: boundaryFeature, mediaType: 'application/geo+json' },
      },
    },
    async ({ reply, kommun }) => {
      const geometry = await getKommunBoundary(ctx, kommun.id);
      return reply
        .header('content-type', 'application/geo+json; charset=utf-8')
        .header('cache-control', 'public, max-age=300')
        .send({ type: 'Feature', properties: { name: kommun.name, source: kommun.boundary?.source ?? '' }, geometry });
    },
  );
}
