// Follow-up: dated entries on an activity or a löfte, with what was done, figures for the
// indicators and evidence. A change of an activity's status, progress or traffic light is made
// by posting an entry, in the same transaction, so the timeline is the activity's history.
import { requirePermissionIn, rolesGranting, type Actor } from '../../platform/auth/index.js';
import { writeAudit } from '../../platform/audit/audit.repository.js';
import type { AppContext } from '../../platform/context.js';
import type { Db } from '../../platform/db/database.js';
import { newId } from '../../platform/db/ids.js';
import { inTransaction } from '../../platform/db/transaction.js';
import { ForbiddenError, NotFoundError, ValidationError } from '../../platform/http/errors.js';
import { storeFile, type PreparedFile } from '../../platform/files/index.js';
import { renderMarkdown } from '../../platform/views/markdown.js';
import { canEditActivity, sideOf, sidesOwning, type Side } from './cooperation.policy.js';
import { coopLimits, type EntryInput } from './cooperation.schemas.js';
import type { CoopActivityTable } from './cooperation.tables.js';
import { entryFileOwner } from './entry.files.js';
import { findEntry, insertEntry, insertEntryFile, type EntryRow } from './entry.repository.js';
import { checkValues } from './indicator.service.js';
import { insertIndicatorValues } from './indicator.repository.js';
import { findActivityById } from './plan.repository.js';
import { notifyFollowUp } from './cooperation.subscriptions.js';

export const cooperationEvents = ['cooperation.follow_up_published'] as const;
export interface FollowUpPublishedEvent {
  kommunId: string;
  entryId: string;
  activityId: string | null;
  promiseId: string | null;
}

export interface EntryFile {
  file: PreparedFile;
  /** An image's description (alt text), or a document's title. */
  title: string;
}

export const entryAuditView = (e: EntryRow | undefined) =>
  e && { title: e.title, happenedOn: e.happenedOn, visibility: e.visibility, statusTo: e.statusTo, progressTo: e.progressTo, assessmentTo: e.assessmentTo };

/** The organisation the actor writes for on one of these sides: the one where their right is held. */
function authorOrganisation(actor: Actor, sides: readonly Side[]): string | null {
  const role = rolesGranting(actor, 'cooperation.write').find((r) => sides.includes(sideOf(r.organisationKind)));
  return role?.organisationId ?? null;
}

function checkEntry(input: EntryInput, files: readonly EntryFile[]): void {
  const fields: Record<string, string> = {};
  // A colour alone tells nothing to someone who cannot see it, or who wonders why: the words are required.
  if (input.assessment && !input.assessmentText) fields.assessmentText = 'cooperation.errors.assessmentNeedsText';
  if (files.length > coopLimits.entryFilesPerEntry) fields.files = `validation.tooBig|${coopLimits.entryFilesPerEntry}`;
  files.forEach((f, index) => {
    if (f.file.kind === 'image' && !f.title.trim()) fields[`fileTitle${index + 1}`] = 'cooperation.errors.imageNeedsAlt';
  });
  if (Object.keys(fields).length > 0) throw new ValidationError(fields);
}

async function storeEntryFiles(trx: Db, kommunId: string, actor: Actor, entryId: string, files: readonly EntryFile[]): Promise<void> {
  let position = 1;
  for (const { file, title } of files) {
    const stored = await storeFile(trx, { kommunId, owner: entryFileOwner, ownerId: entryId, createdBy: actor.userId }, file);
    await insertEntryFile(trx, { id: newId(), kommun_id: kommunId, entry_id: entryId, file_id: stored.id, kind: file.kind, title: title.trim() || file.filename, position });
    position += 1;
  }
}

export async function addActivityFollowUp(
  ctx: AppContext,
  actor: Actor,
  kommunId: string,
  activityId: string,
  input: EntryInput,
  files: readonly EntryFile[] = [],
  options: { id?: string; now?: Date } = {},
): Promise<EntryRow> {
  requirePermissionIn(actor, kommunId, 'cooperation.write');
  checkEntry(input, files);
  const now = (options.now ?? new Date()).toISOString();
  const id = options.id ?? newId();
  const entry = await inTransaction(ctx, async (tx) => {
    const { trx, afterCommit } = tx;
    const activity = await findActivityById(trx, { kommunId, seesInternal: true }, activityId);
    if (!activity) throw new NotFoundError();
    if (!canEditActivity(actor, kommunId, activity.responsibleParty)) throw new ForbiddenError('cooperation.errors.notYourActivity');
    const values = input.values.map((v) => ({ ...v, measuredOn: v.measuredOn ?? input.happenedOn }));
    await checkValues(trx, kommunId, activityId, values);

    const statusChanged = input.status !== undefined && input.status !== activity.status;
    const progressChanged = input.progress !== undefined && input.progress !== activity.progress;
    await insertEntry(trx, {
      id,
      kommun_id: kommunId,
      activity_id: activityId,
      promise_id: null,
      plan_id: activity.planId,
      happened_on: input.happenedOn,
      title: input.title,
      body_md: input.body,
      body_html: renderMarkdown(input.body),
      visibility: input.visibility,
      author_organisation_id: authorOrganisation(actor, sidesOwning(activity.responsibleParty)),
      author_role: input.authorRole,
      status_from: statusChanged ? activity.status : null,
      status_to: statusChanged ? input.status! : null,
      progress_from: progressChanged ? activity.progress : null,
      progress_to: progressChanged ? input.progress! : null,
      assessment_to: input.assessment ?? null,
      assessment_text: input.assessment ? input.assessmentText : '',
      created_by: actor.userId,
      created_at: now,
    });
    await insertIndicatorValues(
      trx,
      values.map((v) => ({ id: newId(), kommun_id: kommunId, indicator_id: v.indicatorId, measured_on: v.measuredOn, value: v.value, entry_id: id, created_by: actor.userId, created_at: now })),
    );
    await storeEntryFiles(trx, kommunId, actor, id, files);

    // The activity's current state follows its entries. It is set without the editor's version
    // check on purpose: a follow-up is an addition, not an edit of the activity's text, and must
    // not be lost because someone was editing the description at the same time. The version is
    // still raised, so that editor's save notices the activity changed.
    const patch: Partial<CoopActivityTable> = {};
    if (statusChanged) patch.status = input.status!;
    if (progressChanged) patch.progress = input.progress!;
    if (input.assessment) {
      patch.assessment = input.assessment;
      patch.assessment_text = input.assessmentText;
    }
    if (input.visibility === 'public' && (activity.lastPublicUpdateOn === null || input.happenedOn > activity.lastPublicUpdateOn)) patch.last_public_update_on = input.happenedOn;
    await trx
      .updateTable('coop_activities')
      .set((eb) => ({ ...patch, lock_version: eb('lock_version', '+', 1), updated_at: now }))
      .where('kommun_id', '=', kommunId)
      .where('id', '=', activityId)
      .execute();

    const created = (await findEntry(trx, { kommunId, seesInternal: true }, id))!;
    await writeAudit(
      trx,
      { actorUserId: actor.userId, kommunId, organisationId: created.authorOrganisationId ?? kommunId, action: 'cooperation.follow_up_added', entityType: 'coop_entry', entityId: id, after: entryAuditView(created) },
      now,
    );
    if (created.visibility === 'public') {
      await notifyFollowUp(ctx, tx, created);
      afterCommit(() => ctx.events.emit('cooperation.follow_up_published', { kommunId, entryId: id, activityId, promiseId: null } satisfies FollowUpPublishedEvent));
    }
    return created;
  });
  return entry;
}

/** An entry on the löfte itself (a dialogue meeting held, the yearly report published): either side may post it. */
export async function addPromiseFollowUp(
  ctx: AppContext,
  actor: Actor,
  kommunId: string,
  promiseId: string,
  input: EntryInput,
  files: readonly EntryFile[] = [],
  options: { id?: string; now?: Date } = {},
): Promise<EntryRow> {
  requirePermissionIn(actor, kommunId, 'cooperation.write');
  checkEntry(input, files);
  if (input.status || input.progress !== undefined || input.assessment || input.values.length > 0) throw new ValidationError({ _form: 'cooperation.errors.promiseEntryOnlyText' });
  const now = (options.now ?? new Date()).toISOString();
  const id = options.id ?? newId();
  return inTransaction(ctx, async (tx) => {
    const { trx, afterCommit } = tx;
    const promise = await trx.selectFrom('coop_promises').select('id').where('kommun_id', '=', kommunId).where('id', '=', promiseId).executeTakeFirst();
    if (!promise) throw new NotFoundError();
    await insertEntry(trx, {
      id,
      kommun_id: kommunId,
      activity_id: null,
      promise_id: promiseId,
      plan_id: null,
      happened_on: input.happenedOn,
      title: input.title,
      body_md: input.body,
      body_html: renderMarkdown(input.body),
      visibility: input.visibility,
      author_organisation_id: authorOrganisation(actor, ['kommun', 'police']),
      author_role: input.authorRole,
      status_from: null,
      status_to: null,
      progress_from: null,
      progress_to: null,
      assessment_to: null,
      assessment_text: '',
      created_by: actor.userId,
      created_at: now,
    });
    await storeEntryFiles(trx, kommunId, actor, id, files);
    const created = (await findEntry(trx, { kommunId, seesInternal: true }, id))!;
    await writeAudit(
      trx,
      { actorUserId: actor.userId, kommunId, organisationId: created.authorOrganisationId ?? kommunId, action: 'cooperation.follow_up_added', entityType: 'coop_entry', entityId: id, after: entryAuditView(created) },
      now,
    );
    if (created.visibility === 'public') {
      await notifyFollowUp(ctx, tx, created);
      afterCommit(() => ctx.events.emit('cooperation.follow_up_published', { kommunId, entryId: id, activityId: null, promiseId } satisfies FollowUpPublishedEvent));
    }
    return created;
  });
}
