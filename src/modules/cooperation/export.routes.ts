// The export addresses: a plan's four tables as CSV or JSON, and a kommun's follow-up entries.
// One address for everyone: the public get public rows, the cooperation's staff (signed in,
// cooperation.read_internal) the internal ones as well, with a visibility column. A plan the
// reader may not see (a draft, for the public) is a 404, as on its page.
import type { FastifyInstance, FastifyReply } from 'fastify';
import { z } from 'zod';
import type { AppContext } from '../../platform/context.js';
import { NotFoundError } from '../../platform/http/errors.js';
import { kommunRoute } from '../../platform/http/kommun-route.js';
import { coopReader } from './cooperation.policy.js';
import { coopLimits, slugPattern } from './cooperation.schemas.js';
import { exportFormats, exportKinds, exportKommunEntries, exportPlan, type ExportFile } from './export.service.js';
import { findPlanBySlug } from './plan.repository.js';

const planParams = z.object({ plan: z.string().max(coopLimits.slug).regex(slugPattern) });

function sendExport(reply: FastifyReply, file: ExportFile, seesInternal: boolean): FastifyReply {
  return (
    reply
      .header('content-type', file.contentType)
      .header('content-disposition', `attachment; filename="${file.filename}"`)
      // Internal rows must not sit in a shared cache; public ones may be kept a minute, though
      // not served to a signed-in reader, whose answer may hold more (vary on the cookie).
      .header('cache-control', seesInternal ? 'private, no-store' : 'public, max-age=60')
      .header('vary', 'cookie')
      .send(file.stream)
  );
}

export function registerExportRoutes(app: FastifyInstance, ctx: AppContext): void {
  for (const kind of exportKinds) {
    for (const format of exportFormats) {
      kommunRoute(app, { method: 'GET', url: `/:kommun/atgardsplaner/:plan/export/${kind}.${format}`, params: planParams }, async ({ reply, kommun, actor, params }) => {
        const reader = coopReader(actor, kommun.id);
        const plan = await findPlanBySlug(ctx.db, reader, params.plan);
        if (!plan) throw new NotFoundError();
        return sendExport(reply, exportPlan({ db: ctx.db, reader, plan }, kommun.slug, kind, format), reader.seesInternal);
      });
    }
  }
  for (const format of exportFormats) {
    kommunRoute(app, { method: 'GET', url: `/:kommun/samverkan/export/uppfoljningar.${format}` }, async ({ reply, kommun, actor }) => {
      const reader = coopReader(actor, kommun.id);
      return sendExport(reply, exportKommunEntries({ db: ctx.db, reader }, kommun.slug, format), reader.seesInternal);
    });
  }
}
