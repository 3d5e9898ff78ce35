import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { AppContext } from '../context.js';
import { prepareUpload, UploadRejected, type PreparedFile } from '../files/file.service.js';
import { firstFile, readUploadForm } from '../files/multipart.js';
import { handleUploadError } from '../files/upload.views.js';
import { NotFoundError, ValidationError } from '../http/errors.js';
import { formValues, parseInput } from '../http/forms.js';
import { setFlash } from '../http/kernel.plugin.js';
import { emptyForm } from '../views/components.js';
import { sendPage } from '../views/render.js';
import { canManageTenants, requireKommunAdmin, requirePlatformAdmin } from './tenant.policy.js';
import { boundaryLimits } from './tenant.boundary.js';
import { findKommunBoundary, findKommunById, listKommuner, listPoliceAreaLinks, listPoliceAreas, type Kommun } from './tenant.repository.js';
import { linkPoliceAreaSchema, newKommunSchema, partnerInputSchema, settingsInputSchema } from './tenant.schemas.js';
import { addPartnerOrganisation, changeKommunSettings, createKommun, linkPoliceAreaToKommun, listKommunOrganisations } from './tenant.service.js';
import { KommunerAdminPage, LinkPoliceAreaPage, NewKommunPage, OrganisationsPage, SettingsPage, settingsFormValues } from './tenant.views.js';

export function registerTenantRoutes(app: FastifyInstance, ctx: AppContext): void {
  // Platform administration: the hosted kommuner and their police areas.
  const showKommunerOverview = async (request: FastifyRequest, reply: FastifyReply) => {
    requirePlatformAdmin(request);
    const [kommuner, links] = await Promise.all([listKommuner(ctx.db), listPoliceAreaLinks(ctx.db)]);
    return sendPage(request, reply, <KommunerAdminPage kommuner={kommuner} links={links} />);
  };
  app.get('/admin/kommuner', showKommunerOverview);

  app.get('/admin/kommuner/ny', async (request, reply) => {
    requirePlatformAdmin(request);
    const policeAreas = await listPoliceAreas(ctx.db);
    return sendPage(request, reply, <NewKommunPage form={{ values: { primaryColour: '#1e5a8c', languages: 'sv\nen' }, errors: {} }} policeAreas={policeAreas} />);
  });

  app.post('/admin/kommuner', async (request, reply) => {
    const actor = requirePlatformAdmin(request);
    try {
      const input = parseInput(newKommunSchema, request.body);
      const kommun = await createKommun(ctx, actor, input);
      setFlash(reply, request, 'tenants.kommunCreated');
      return reply.redirect(`/${kommun.slug}/`, 303);
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      const policeAreas = await listPoliceAreas(ctx.db);
      return sendPage(request, reply, <NewKommunPage form={{ values: formValues(request.body), errors: error.fields }} policeAreas={policeAreas} />, 422);
    }
  });

  // The same use case for scripts: a platform administrator's session with the x-csrf-token header.
  app.post('/api/v1/admin/kommuner', async (request, reply) => {
    const actor = requirePlatformAdmin(request);
    const input = parseInput(newKommunSchema, request.body);
    const kommun = await createKommun(ctx, actor, input);
    return reply.code(201).send({ data: { id: kommun.id, slug: kommun.slug, name: kommun.name, url: `/${kommun.slug}/` } });
  });

  app.get('/admin/kommuner/polisomraden', async (request, reply) => {
    requirePlatformAdmin(request);
    const [kommuner, policeAreas] = await Promise.all([listKommuner(ctx.db), listPoliceAreas(ctx.db)]);
    return sendPage(request, reply, <LinkPoliceAreaPage form={emptyForm} kommuner={kommuner} policeAreas={policeAreas} />);
  });

  app.post('/admin/kommuner/polisomraden', async (request, reply) => {
    const actor = requirePlatformAdmin(request);
    try {
      const input = parseInput(linkPoliceAreaSchema, request.body);
      await linkPoliceAreaToKommun(ctx, actor, input);
      setFlash(reply, request, 'tenants.policeAreaLinked');
      return reply.redirect('/admin/kommuner', 303);
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      const [kommuner, policeAreas] = await Promise.all([listKommuner(ctx.db), listPoliceAreas(ctx.db)]);
      return sendPage(request, reply, <LinkPoliceAreaPage form={{ values: formValues(request.body), errors: error.fields }} kommuner={kommuner} policeAreas={policeAreas} />, 422);
    }
  });

  // A kommun's own administration: its organisations and its settings.
  const showOrganisations = async (request: FastifyRequest, reply: FastifyReply, form = emptyForm, status = 200) => {
    const actor = requireKommunAdmin(request);
    const organisations = await listKommunOrganisations(ctx, actor, request.kommun!.id);
    return sendPage(request, reply, <OrganisationsPage organisations={organisations} form={form} showPlatformLink={canManageTenants(actor)} />, status);
  };

  app.get('/:kommun/admin/organisationer', async (request, reply) => showOrganisations(request, reply));

  app.post('/:kommun/admin/organisationer', async (request, reply) => {
    const actor = requireKommunAdmin(request);
    try {
      const input = parseInput(partnerInputSchema, request.body);
      await addPartnerOrganisation(ctx, actor, request.kommun!.id, input);
      setFlash(reply, request, 'tenants.partnerCreated');
      return reply.redirect(`/${request.kommun!.slug}/admin/organisationer`, 303);
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      return showOrganisations(request, reply, { values: formValues(request.body), errors: error.fields }, 422);
    }
  });

  // The staff menu lives under a kommun; there the platform overview is one click away.
  app.get('/:kommun/admin/plattform', showKommunerOverview);

  app.put('/api/v1/:kommun/settings', async (request, reply) => {
    const actor = requireKommunAdmin(request);
    const input = parseInput(settingsInputSchema, request.body);
    const saved = await changeKommunSettings(ctx, actor, request.kommun!.id, input);
    return reply.send({ data: { slug: saved.slug, name: saved.name, settings: saved.settings } });
  });

  // The outline maps draw and fit; public, like the maps that show it.
  app.get('/api/v1/:kommun/boundary.geojson', async (request, reply) => {
    const kommun = request.kommun!;
    const geometry = await findKommunBoundary(ctx.db, kommun.id);
    if (!geometry) throw new NotFoundError();
    return reply
      .header('content-type', 'application/geo+json; charset=utf-8')
      .header('cache-control', 'public, max-age=300')
      .send({ type: 'Feature', properties: { name: kommun.name, source: kommun.boundary?.source ?? '' }, geometry });
  });

  app.get('/:kommun/admin/installningar', async (request, reply) => {
    requireKommunAdmin(request);
    // Read past the kernel's short cache: an administrator must see what is stored.
    const kommun = (await findKommunById(ctx.db, request.kommun!.id)) ?? request.kommun!;
    return sendPage(request, reply, <SettingsPage form={{ values: settingsFormValues(kommun), errors: {} }} kommun={kommun} />);
  });

  // Multipart (for the logo) or url-encoded; the body is read only after the permission check.
  app.post('/:kommun/admin/installningar', { config: { upload: { maxFiles: 2 } }, errorHandler: handleUploadError }, async (request, reply) => {
    const actor = requireKommunAdmin(request);
    const kommun: Kommun = (await findKommunById(ctx.db, request.kommun!.id)) ?? request.kommun!;
    const form = await readUploadForm(request, reply, ctx);
    const fields = form.fields;
    const logo = firstFile(form, 'logo');
    const boundaryFile = firstFile(form, 'boundaryFile')?.data;
    try {
      // An uploaded boundary file wins over pasted text; only the pasted text goes back into the form.
      if (boundaryFile && boundaryFile.length > boundaryLimits.fileBytes) throw new ValidationError({ boundary: 'tenants.boundary.tooLarge' });
      const input = parseInput(settingsInputSchema, boundaryFile ? { ...fields, boundary: boundaryFile.toString('utf8') } : fields);
      let prepared: PreparedFile | undefined;
      if (logo) {
        try {
          prepared = await prepareUpload('image', logo);
        } catch (error) {
          if (error instanceof UploadRejected) throw new ValidationError({ logo: `tenants.${error.problem.replace('upload.', 'logo.')}` });
          throw error;
        }
      }
      const saved = await changeKommunSettings(ctx, actor, kommun.id, input, prepared);
      setFlash(reply, request, 'tenants.settingsSaved');
      return reply.redirect(`/${saved.slug}/admin/installningar`, 303);
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      return sendPage(request, reply, <SettingsPage form={{ values: formValues(fields), errors: error.fields }} kommun={kommun} />, 422);
    }
  });
}
