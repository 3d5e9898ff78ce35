import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../context.js';
import { rowScope } from '../auth/index.js';
import { formValues } from '../http/forms.js';
import { kommunRoute } from '../http/kommun-route.js';
import { sendPage } from '../views/render.js';
import { findSubjectNames, listAuditEntries } from './audit.repository.js';
import { auditSubjectId } from './audit.presenter.js';
import { auditFilterSchema, auditLimits, dayAfter, decodeAuditCursor, encodeAuditCursor } from './audit.schemas.js';
import { AuditPage } from './audit.views.js';

export const auditPermission = 'audit.read';

export function registerAuditRoutes(app: FastifyInstance, ctx: AppContext): void {
  kommunRoute(
    app,
    {
      method: 'GET',
      url: '/:kommun/admin/logg',
      permission: auditPermission,
      query: auditFilterSchema,
      invalid: ({ request, reply }, form) => sendPage(request, reply, <AuditPage entries={[]} subjectNames={new Map()} form={form} olderHref={null} firstHref={null} />, 422),
    },
    async ({ request, reply, actor, kommun, query: input }) => {
      const before = decodeAuditCursor(input.fore);
      // The person filter is part of the query: an address with no rows here finds nothing, whether
      // or not an account has it elsewhere, so the filter tells nobody which addresses exist.
      const rows = await listAuditEntries(ctx.db, {
        scope: rowScope(actor, kommun.id, auditPermission),
        actorEmail: input.person || undefined,
        entityType: input.entityType || undefined,
        action: input.action || undefined,
        from: input.from ? `${input.from}T00:00:00.000Z` : undefined,
        to: input.to ? dayAfter(input.to) : undefined,
        before,
        limit: auditLimits.pageSize + 1,
      });
      const entries = rows.slice(0, auditLimits.pageSize);
      const subjects = entries.flatMap((e) => {
        const userId = auditSubjectId(e);
        return userId && e.organisationId ? [{ userId, organisationId: e.organisationId }] : [];
      });
      const subjectNames = await findSubjectNames(ctx.db, subjects);
      const last = entries[entries.length - 1];
      const filter = new URLSearchParams({ person: input.person, entityType: input.entityType, action: input.action, from: input.from, to: input.to });
      for (const [k, v] of [...filter.entries()]) if (!v) filter.delete(k);
      const base = `/${kommun.slug}/admin/logg`;
      const withQuery = (extra: Record<string, string>) => {
        const q = new URLSearchParams(filter);
        for (const [k, v] of Object.entries(extra)) q.set(k, v);
        const text = q.toString();
        return text ? `${base}?${text}` : base;
      };
      const olderHref = rows.length > auditLimits.pageSize && last ? withQuery({ fore: encodeAuditCursor(last) }) : null;
      const firstHref = before ? withQuery({}) : null;
      return sendPage(request, reply, <AuditPage entries={entries} subjectNames={subjectNames} form={{ values: formValues(request.query), errors: {} }} olderHref={olderHref} firstHref={firstHref} />);
    },
  );
}
