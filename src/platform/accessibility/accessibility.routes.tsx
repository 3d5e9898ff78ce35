// The accessibility statement with its form for reporting problems (and the same for JSON
// clients), and the staff list of reports. One function per page or action.
import { createHash } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { AppContext } from '../context.js';
import { TooManyRequestsError } from '../http/errors.js';
import { safeLocalPath } from '../http/forms.js';
import { setFlash } from '../http/kernel.plugin.js';
import { kommunRoute } from '../http/kommun-route.js';
import { consumeRateLimit } from '../http/rate-limit.js';
import type { Kommun } from '../tenants/tenant.repository.js';
import { sendPage } from '../views/render.js';
import type { FormState } from '../views/components.js';
import { reportCreatedResponse, reportIdParams, reportInputSchema, reportListQuery, reportRateLimit, statementQuery } from './accessibility.schemas.js';
import { listReportsForStaff, markReportHandled, submitAccessibilityReport } from './accessibility.service.js';
import { ReportsPage, StatementPage } from './accessibility.views.js';

export function registerAccessibilityRoutes(app: FastifyInstance, ctx: AppContext): void {
  showStatement(app);
  reportFromForm(app, ctx);
  reportApi(app, ctx);
  showReports(app, ctx);
  markHandledFromForm(app, ctx);
}

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

function renderStatement({ request, reply, kommun }: { request: FastifyRequest; reply: FastifyReply; kommun: Kommun }, form: FormState, status = 200) {
  const statement = kommun.settings.accessibilityStatement;
  // English readers see the English list when there is one, else the Swedish one.
  const issuesText = request.locale === 'en' && statement.knownIssuesEn.trim() ? statement.knownIssuesEn : statement.knownIssuesSv;
  const knownIssues = issuesText
    .split('\n')
    .map((line) => line.replace(/^\s*[-*•]\s*/, '').trim())
    .filter(Boolean);
  return sendPage(request, reply, <StatementPage form={form} knownIssues={knownIssues} lastReviewed={statement.lastReviewed} />, status);
}

function showStatement(app: FastifyInstance): void {
  kommunRoute(app, { method: 'GET', url: '/:kommun/tillganglighet', query: statementQuery }, async (route) => {
    const pageUrl = safeLocalPath(route.query.sida, '');
    return renderStatement(route, { values: pageUrl ? { pageUrl } : {}, errors: {} });
  });
}

// Only reports that pass the form's checks count against the address's limit.
function reportFromForm(app: FastifyInstance, ctx: AppContext): void {
  kommunRoute(
    app,
    { method: 'POST', url: '/:kommun/tillganglighet', body: reportInputSchema, invalid: (route, form) => renderStatement(route, form, 422) },
    async ({ request, reply, kommun, body }) => {
      await limitReports(ctx, request);
      await submitAccessibilityReport(ctx, kommun, body);
      setFlash(reply, request, 'accessibility.reportThanks');
      return reply.redirect(`/${kommun.slug}/tillganglighet`, 303);
    },
  );
}

function reportApi(app: FastifyInstance, ctx: AppContext): void {
  kommunRoute(
    app,
    {
      method: 'POST',
      url: '/api/v1/:kommun/accessibility-reports',
      body: reportInputSchema,
      api: {
        operationId: 'reportAccessibilityProblem',
        tag: 'accessibility',
        summary: 'accessibility.api.report',
        description: 'accessibility.api.reportDescription',
        response: { status: 201, description: 'accessibility.api.reportAnswer', schema: reportCreatedResponse },
        refusals: [429],
      },
    },
    async ({ request, reply, kommun, body }) => {
      await limitReports(ctx, request);
      const report = await submitAccessibilityReport(ctx, kommun, body);
      return reply.code(201).send({ data: { id: report.id, status: 'open' } });
    },
  );
}

function showReports(app: FastifyInstance, ctx: AppContext): void {
  kommunRoute(
    app,
    { method: 'GET', url: '/:kommun/admin/tillganglighet', permission: 'accessibility.reports.manage', query: reportListQuery },
    async ({ request, reply, actor, kommun, query }) => {
      const { status, efter: after } = query;
      const before = after ? undefined : query.fore;
      const { rows, hasMore } = await listReportsForStaff(ctx, actor, kommun.id, status, { after, before });
      const base = `/${kommun.slug}/admin/tillganglighet?status=${status}`;
      const first = rows[0];
      const last = rows[rows.length - 1];
      const olderHref = last && (before || hasMore) ? `${base}&efter=${last.id}` : null;
      const newerHref = first && (after || (before && hasMore)) ? `${base}&fore=${first.id}` : null;
      return sendPage(request, reply, <ReportsPage rows={rows} status={status} newerHref={newerHref} olderHref={olderHref} />);
    },
  );
}

function markHandledFromForm(app: FastifyInstance, ctx: AppContext): void {
  kommunRoute(
    app,
    { method: 'POST', url: '/:kommun/admin/tillganglighet/:id/hanterad', permission: 'accessibility.reports.manage', params: reportIdParams },
    async ({ request, reply, actor, kommun, params }) => {
      await markReportHandled(ctx, actor, kommun.id, params.id);
      setFlash(reply, request, 'accessibility.markedHandled');
      return reply.redirect(`/${kommun.slug}/admin/tillganglighet`, 303);
    },
  );
}
