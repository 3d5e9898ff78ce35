// Response templates: canned public replies per state, kept by those holding reports.manage
// (the page under /{kommun}/admin/rapporter/mallar). Each change has its audit row.
import { writeAudit } from '../../platform/audit/index.js';
import type { Actor } from '../../platform/auth/index.js';
import type { AppContext } from '../../platform/context.js';
import { newId } from '../../platform/db/ids.js';
import { inTransaction } from '../../platform/db/transaction.js';
import { NotFoundError } from '../../platform/http/errors.js';
import type { Kommun } from '../../platform/tenants/index.js';
import { canManageReports } from './report.policy.js';
import { deleteTemplate, findTemplate, insertTemplate, listTemplates, updateTemplate, type TemplateRow } from './report.staff.repository.js';
import type { TemplateInput } from './report.staff.schemas.js';

function requireManage(actor: Actor, kommun: Kommun): void {
  if (!canManageReports(actor, kommun.id)) throw new NotFoundError();
}

export async function listResponseTemplates(ctx: AppContext, actor: Actor, kommun: Kommun): Promise<TemplateRow[]> {
  requireManage(actor, kommun);
  return listTemplates(ctx.db, kommun.id);
}

export async function findResponseTemplate(ctx: AppContext, actor: Actor, kommun: Kommun, id: string): Promise<TemplateRow> {
  requireManage(actor, kommun);
  const row = await findTemplate(ctx.db, kommun.id, id);
  if (!row) throw new NotFoundError();
  return row;
}

export async function createResponseTemplate(ctx: AppContext, actor: Actor, kommun: Kommun, input: TemplateInput, now = new Date()): Promise<string> {
  requireManage(actor, kommun);
  const id = newId(now.getTime());
  const nowIso = now.toISOString();
  await inTransaction(ctx, async ({ trx }) => {
    await insertTemplate(trx, { id, kommun_id: kommun.id, status: input.status ?? null, title: input.title, body: input.body, position: input.position, created_at: nowIso, updated_at: nowIso });
    await writeAudit(trx, { actorUserId: actor.userId, kommunId: kommun.id, organisationId: kommun.id, action: 'reports.template_created', entityType: 'report_template', entityId: id, after: { title: input.title, status: input.status ?? null } }, nowIso);
  });
  return id;
}

export async function updateResponseTemplate(ctx: AppContext, actor: Actor, kommun: Kommun, id: string, input: TemplateInput, now = new Date()): Promise<void> {
  const before = await findResponseTemplate(ctx, actor, kommun, id);
  const nowIso = now.toISOString();
  await inTransaction(ctx, async ({ trx }) => {
    if (!(await updateTemplate(trx, kommun.id, id, { status: input.status ?? null, title: input.title, body: input.body, position: input.position, updated_at: nowIso }))) throw new NotFoundError();
    await writeAudit(trx, { actorUserId: actor.userId, kommunId: kommun.id, organisationId: kommun.id, action: 'reports.template_changed', entityType: 'report_template', entityId: id, before: { title: before.title, status: before.status }, after: { title: input.title, status: input.status ?? null } }, nowIso);
  });
}

export async function deleteResponseTemplate(ctx: AppContext, actor: Actor, kommun: Kommun, id: string, now = new Date()): Promise<void> {
  const before = await findResponseTemplate(ctx, actor, kommun, id);
  const nowIso = now.toISOString();
  await inTransaction(ctx, async ({ trx }) => {
    if (!(await deleteTemplate(trx, kommun.id, id))) throw new NotFoundError();
    await writeAudit(trx, { actorUserId: actor.userId, kommunId: kommun.id, organisationId: kommun.id, action: 'reports.template_deleted', entityType: 'report_template', entityId: id, before: { title: before.title } }, nowIso);
  });
}
