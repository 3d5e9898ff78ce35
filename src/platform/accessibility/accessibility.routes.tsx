import { createHash } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { AppContext } from '../context.js';
import { TooManyRequestsError, UnauthenticatedError, ValidationError } from '../http/errors.js';
import { formValues, parseInput, safeLocalPath } from '../http/forms.js';
import { setFlash } from '../http/kernel.plugin.js';
import { consumeRateLimit } from '../http/rate-limit.js';
import { sendPage } from '../views/render.js';
import type { FormState } from '../views/components.js';
import { reportInputSchema, reportRateLimit } from './accessibility.schemas.js';
import { listReportsForStaff, markReportHandled, submitAccessibilityReport } from './accessibility.service.js';
import { ReportsPage, StatementPage } from './accessibility.views.js';

/** The rate-limit key: a hash, so the table of counters holds no IP addresses. */
function ipKey(request: FastifyRequest): string {
  return createHash('sha256').update(request.ip).digest('hex').slice(0, 32);
}

async function limitReports(ctx: AppContext, request: FastifyRequest): Promise<void> {
  try {
    await consumeRateLimit(ctx, reportRateLimit, ipKey(request));
  } catch (error) {
    if (error instanceof TooManyRequestsError) throw new TooManyRequestsError(error.retryAfterSeconds, 'accessibility.tooManyReports');
    throw error;
  }
}

function showStatement(request: FastifyRequest, reply: FastifyReply, form: FormState, status = 200) {
  const kommun = request.kommun!;
  const statement = kommun.settings.accessibilityStatement;
  // English readers see the English list when there is one, else the Swedish one.
  const issuesText = request.locale === 'en' && statement.knownIssuesEn.trim() ? statement.knownIssuesEn : statement.knownIssuesSv;
  const knownIssues = issuesText
    .split('\n')
    .map((line) => line.replace(/^\s*[-*•]\s*/, '').trim())
    .filter(Boolean);
  return sendPage(request, reply, <StatementPage form={form} knownIssues={knownIssues} lastReviewed={statement.lastReviewed} />, status);
}

export function registerAccessibilityRoutes(app: FastifyInstance, ctx: AppContext): void {
  app.get('/:kommun/tillganglighet', async (request, reply) => {
    // "Report a problem on this page" links can pass the page along.
    const sida = (request.query as Record<string, unknown>).sida;
    const pageUrl = typeof sida === 'string' ? safeLocalPath(sida, '') : '';
    return showStatement(request, reply, { values: pageUrl ? { pageUrl } : {}, errors: {} });
  });

  app.post('/:kommun/tillganglighet', async (request, reply) => {
    await limitReports(ctx, request);
    try {
      const input = parseInput(reportInputSchema, request.body);
      await submitAccessibilityReport(ctx, request.kommun!, input);
      setFlash(reply, request, 'accessibility.reportThanks');
      return reply.redirect(`/${request.kommun!.slug}/tillganglighet`, 303);
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      return showStatement(request, reply, { values: formValues(request.body), errors: error.fields }, 422);
    }
  });

  app.post('/api/v1/:kommun/accessibility-reports', async (request, reply) => {
    await limitReports(ctx, request);
    const input = parseInput(reportInputSchema, request.body);
    const report = await submitAccessibilityReport(ctx, request.kommun!, input);
    return reply.code(201).send({ data: { id: report.id, status: 'open' } });
  });

  app.get('/:kommun/admin/tillganglighet', async (request, reply) => {
    if (!request.actor) throw new UnauthenticatedError();
    const kommun = request.kommun!;
    const query = request.query as Record<string, unknown>;
    const status = query.status === 'handled' ? 'handled' : 'open';
    const after = typeof query.efter === 'string' ? query.efter : undefined;
    const before = after ? undefined : typeof query.fore === 'string' ? query.fore : undefined;
    const { rows, hasMore } = await listReportsForStaff(ctx, request.actor, kommun.id, status, { after, before });
    const base = `/${kommun.slug}/admin/tillganglighet?status=${status}`;
    const first = rows[0];
    const last = rows[rows.length - 1];
    const olderHref = last && (before || hasMore) ? `${base}&efter=${last.id}` : null;
    const newerHref = first && (after || (before && hasMore)) ? `${base}&fore=${first.id}` : null;
    return sendPage(request, reply, <ReportsPage rows={rows} status={status} newerHref={newerHref} olderHref={olderHref} />);
  });

  app.post('/:kommun/admin/tillganglighet/:id/hanterad', async (request, reply) => {
    if (!request.actor) throw new UnauthenticatedError();
    const { id } = request.params as { id: string };
    await markReportHandled(ctx, request.actor, request.kommun!.id, id);
    setFlash(reply, request, 'accessibility.markedHandled');
    return reply.redirect(`/${request.kommun!.slug}/admin/tillganglighet`, 303);
  });
}
