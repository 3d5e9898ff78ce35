// The PDF versions of a public plan and a public löfte ("Mer information"). Anyone may download
// them; they hold exactly what the public pages hold.
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { AppContext } from '../../platform/context.js';
import { NotFoundError } from '../../platform/http/errors.js';
import { kommunRoute } from '../../platform/http/kommun-route.js';
import { publicReader } from './cooperation.policy.js';
import { slugPattern } from './cooperation.schemas.js';
import { planPdf, promisePdf } from './cooperation.pdf.js';
import { findPlanBySlug } from './plan.repository.js';
import { findCurrentPromiseVersion } from './promise.repository.js';

const slugParams = (name: string) => z.object({ [name]: z.string().regex(slugPattern).max(120) });

export const pdfPaths = {
  plan: (kommunSlug: string, planSlug: string) => `/${kommunSlug}/atgardsplaner/${planSlug}/atgardsplan.pdf`,
  promise: (kommunSlug: string, slug: string) => `/${kommunSlug}/medborgarloften/${slug}/medborgarlofte.pdf`,
};

function sendPdf(reply: import('fastify').FastifyReply, pdf: Buffer, filename: string) {
  return reply
    .header('content-type', 'application/pdf')
    .header('content-disposition', `inline; filename="${filename}"`)
    .header('cache-control', 'public, max-age=300')
    .send(pdf);
}

export function registerPdfRoutes(app: FastifyInstance, ctx: AppContext): void {
  kommunRoute(app, { method: 'GET', url: '/:kommun/atgardsplaner/:plan/atgardsplan.pdf', params: slugParams('plan') }, async ({ request, reply, kommun, params }) => {
    const plan = await findPlanBySlug(ctx.db, publicReader(kommun.id), String(params.plan));
    if (!plan) throw new NotFoundError();
    return sendPdf(reply, await planPdf(ctx, kommun, plan, request.locale), `atgardsplan-${kommun.slug}-${plan.slug}.pdf`);
  });
  kommunRoute(app, { method: 'GET', url: '/:kommun/medborgarloften/:slug/medborgarlofte.pdf', params: slugParams('slug') }, async ({ request, reply, kommun, params }) => {
    const version = await findCurrentPromiseVersion(ctx.db, publicReader(kommun.id), { slug: String(params.slug) });
    if (!version) throw new NotFoundError();
    return sendPdf(reply, await promisePdf(ctx, kommun, version, request.locale), `medborgarlofte-${kommun.slug}-${version.slug}.pdf`);
  });
}
