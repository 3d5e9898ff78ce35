// The modules' part of a kommun's settings page: one small form per module that declares
// settings, saved under the module's name. The kernel knows no module: it renders and checks
// what each manifest's `settings` describes.
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { requirePermissionIn, type Actor } from '../auth/actor.js';
import { writeAudit } from '../audit/audit.repository.js';
import type { AppContext } from '../context.js';
import { inTransaction } from '../db/transaction.js';
import { NotFoundError, ValidationError } from '../http/errors.js';
import { parseInput } from '../http/forms.js';
import { coerceModuleSettingsForm, readModuleSettings, type ModuleSettings } from '../settings/module-settings.js';
import { sendPage } from '../views/render.js';
import { kommunRoute } from '../http/kommun-route.js';
import { findKommunById, updateKommunSettings, type Kommun } from './tenant.repository.js';
import { forgetCachedKommuner, setFlash } from '../http/kernel.plugin.js';
import { kommunSettingsSchema } from './tenant.settings.js';
import { SettingsPage, settingsFormValues } from './tenant.views.js';

/** A module's settings for a kommun, as the module reads them: stored where valid, else defaults. */
export function moduleSettingsOf<M extends ModuleSettings>(kommun: Kommun, moduleName: string, settings: M): z.output<M['schema']> {
  return readModuleSettings(kommun.settings.modules[moduleName], settings) as z.output<M['schema']>;
}

/**
 * Saves one module's settings for a kommun, with an audit row, in one transaction. The right
 * counts in the kommun the actor was loaded for only (as for the kommun's own settings): another
 * kommun's administrator naming this kommun learns nothing and changes nothing.
 */
export async function changeModuleSettings(ctx: AppContext, actor: Actor, kommunId: string, moduleName: string, body: Record<string, unknown>, options: { now?: Date } = {}): Promise<Kommun> {
  requirePermissionIn(actor, kommunId, 'kommun.settings.manage');
  const settings = ctx.registry.settings.get(moduleName);
  if (!settings) throw new NotFoundError();
  const values = parseInput(settings.schema, coerceModuleSettingsForm(body, settings)) as Record<string, unknown>;
  const now = (options.now ?? new Date()).toISOString();
  return inTransaction(ctx, async ({ trx, afterCommit }) => {
    const before = await findKommunById(trx, kommunId);
    if (!before) throw new NotFoundError();
    const previous = readModuleSettings(before.settings.modules[moduleName], settings);
    const next = kommunSettingsSchema.parse({ ...before.settings, modules: { ...before.settings.modules, [moduleName]: values } });
    await updateKommunSettings(trx, kommunId, before.name, next, now);
    await writeAudit(
      trx,
      { actorUserId: actor.userId, kommunId, organisationId: kommunId, action: 'tenants.module_settings_changed', entityType: 'organisation', entityId: kommunId, before: { module: moduleName, settings: previous }, after: { module: moduleName, settings: values } },
      now,
    );
    afterCommit(forgetCachedKommuner);
    return (await findKommunById(trx, kommunId))!;
  });
}

const moduleParams = z.object({ module: z.string().regex(/^[a-z][a-z0-9-]{0,40}$/) });

export function registerModuleSettingsRoutes(app: FastifyInstance, ctx: AppContext): void {
  kommunRoute(
    app,
    { method: 'POST', url: '/:kommun/admin/installningar/moduler/:module', permission: 'kommun.settings.manage', params: moduleParams },
    async ({ request, reply, actor, params, kommun: cached }) => {
      if (!ctx.registry.settings.has(params.module)) throw new NotFoundError();
      const body = (request.body && typeof request.body === 'object' ? request.body : {}) as Record<string, unknown>;
      // Read past the kernel's short cache: the page must show what is stored.
      const kommun = (await findKommunById(ctx.db, cached.id)) ?? cached;
      try {
        await changeModuleSettings(ctx, actor, kommun.id, params.module, body);
        setFlash(reply, request, 'tenants.settingsSaved');
        return reply.redirect(`/${kommun.slug}/admin/installningar#module-settings-heading`, 303);
      } catch (error) {
        if (!(error instanceof ValidationError)) throw error;
        const typed = Object.fromEntries(Object.entries(body).filter((entry): entry is [string, string] => typeof entry[1] === 'string'));
        return sendPage(
          request,
          reply,
          <SettingsPage form={{ values: settingsFormValues(kommun), errors: {} }} kommun={kommun} moduleForm={{ module: params.module, form: { values: typed, errors: error.fields } }} />,
          422,
        );
      }
    },
  );
}
