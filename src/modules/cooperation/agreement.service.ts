// Use cases for samverkansöverenskommelser. An agreement is written as a draft version; deciding
// it (deciders only, by the kommun's setting) records the decision and freezes the version for
// good: what a kommunstyrelse decided is never edited afterwards. Changing a decided agreement
// starts a new draft version copied from it; when that one is decided and put in force, the
// older decided versions become superseded and stay readable in the public history. One draft
// at a time, so two people never write two competing next versions.
import { requirePermissionIn, type Actor } from '../../platform/auth/index.js';
import { writeAudit } from '../../platform/audit/audit.repository.js';
import type { AppContext } from '../../platform/context.js';
import type { Db } from '../../platform/db/database.js';
import { newId } from '../../platform/db/ids.js';
import { inTransaction } from '../../platform/db/transaction.js';
import { detachFile, storeFile, type PreparedFile } from '../../platform/files/index.js';
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from '../../platform/http/errors.js';
import { findKommunById, type Kommun } from '../../platform/tenants/index.js';
import { slugify } from '../../platform/validation/slug.js';
import { StaleEditError } from './cooperation.errors.js';
import { listCooperationOrganisations } from './cooperation.organisations.js';
import { canDecide, coopReader, type CoopReader } from './cooperation.policy.js';
import { coopLimits, type DecisionInput } from './cooperation.schemas.js';
import { cooperationSettingsOf } from './cooperation.settings.js';
import type { AgreementStatus } from './cooperation.tables.js';
import { agreementAnnexOwner } from './agreement.files.js';
import {
  agreementSlugTaken,
  findLatestAgreementVersion,
  insertAgreement,
  insertAgreementVersion,
  listPlanChoices,
  supersedeOlderVersions,
  updateAgreementHead,
  updateAgreementVersionIf,
  type AgreementVersionRow,
} from './agreement.repository.js';
import { agreementLimits, type AgreementContent, type AgreementInput, type Annex, type AnnexKind } from './agreement.schemas.js';

const staff = (kommunId: string): CoopReader => ({ kommunId, seesInternal: true });

export const agreementAuditView = (v: AgreementVersionRow | undefined) =>
  v && {
    title: v.title,
    versionNo: v.versionNo,
    status: v.status,
    periodStart: v.periodStart,
    periodEnd: v.periodEnd,
    decidedByBody: v.decidedByBody,
    decidedOn: v.decidedOn,
    diarienummer: v.diarienummer,
    annexes: v.content.annexes.map((a) => a.title),
  };

/**
 * The content to store for the input: parties checked against the kommun's cooperation and
 * stored with their names; annex plans must be the kommun's; a document can only be one the
 * draft already holds (documents are added by uploading, never by naming a file id).
 */
async function contentOf(db: Db, kommunId: string, input: AgreementInput, before: AgreementContent | undefined): Promise<AgreementContent> {
  const organisations = await listCooperationOrganisations(db, kommunId);
  const fields: Record<string, string> = {};
  let policeArea: AgreementContent['policeArea'] = null;
  if (input.policeAreaId) {
    const found = organisations.find((o) => o.id === input.policeAreaId && o.kind === 'lokalpolisomrade');
    if (found) policeArea = { id: found.id, name: found.name };
    else fields.policeAreaId = 'cooperation.errors.unknownOrganisation';
  }
  const partners = [...new Set(input.partnerIds)].map((id) => organisations.find((o) => o.id === id && o.kind !== 'lokalpolisomrade' && o.id !== kommunId));
  if (partners.some((p) => p === undefined)) fields.partnerIds = 'cooperation.errors.unknownOrganisation';
  const plans = new Set((await listPlanChoices(db, kommunId)).map((p) => p.id));
  const documents = new Map((before?.annexes ?? []).flatMap((a) => (a.document ? [[a.document.fileId, a.document] as const] : [])));
  const annexes: Annex[] = input.annexes.map((annex, index) => {
    if (annex.planId && !plans.has(annex.planId)) fields[`annexes.${index}.planId`] = 'cooperation.agreement.errors.unknownPlan';
    const document = annex.fileId ? documents.get(annex.fileId) : undefined;
    if (annex.fileId && !document) fields[`annexes.${index}.title`] = 'cooperation.agreement.errors.unknownDocument';
    return { kind: annex.kind, title: annex.title, planId: annex.planId ?? null, path: annex.path, document: document ?? null };
  });
  if (Object.keys(fields).length > 0) throw new ValidationError(fields);
  return {
    purpose: input.purpose,
    goals: input.goals,
    policeArea,
    partners: partners.flatMap((p) => (p ? [{ id: p.id, name: p.name }] : [])),
    groups: input.groups,
    signatories: input.signatories,
    annexes,
    implementationPeriod: input.implementationPeriod,
    followUpPeriod: input.followUpPeriod,
    updatePeriod: input.updatePeriod,
  };
}

async function freeSlug(db: Db, kommunId: string, title: string): Promise<string> {
  const base = slugify(title, coopLimits.slug - 4, 'overenskommelse');
  if (!(await agreementSlugTaken(db, kommunId, base))) return base;
  for (let n = 2; n <= 200; n += 1) if (!(await agreementSlugTaken(db, kommunId, `${base}-${n}`))) return `${base}-${n}`;
  throw new ValidationError({ slug: 'validation.slugTaken' });
}

function audit(db: Db, actor: Actor, kommunId: string, action: string, agreementId: string, before: AgreementVersionRow | undefined, after: AgreementVersionRow | undefined, now: string) {
  return writeAudit(
    db,
    { actorUserId: actor.userId, kommunId, organisationId: kommunId, action: `cooperation.agreement_${action}`, entityType: 'coop_agreement', entityId: agreementId, before: agreementAuditView(before), after: agreementAuditView(after) },
    now,
  );
}

export async function createAgreement(ctx: AppContext, actor: Actor, kommunId: string, input: AgreementInput, options: { id?: string; now?: Date } = {}): Promise<AgreementVersionRow> {
  requirePermissionIn(actor, kommunId, 'cooperation.write');
  const now = (options.now ?? new Date()).toISOString();
  const id = options.id ?? newId();
  return inTransaction(ctx, async ({ trx }) => {
    const content = await contentOf(trx, kommunId, input, undefined);
    const slug = input.slug || (await freeSlug(trx, kommunId, input.title));
    if (await agreementSlugTaken(trx, kommunId, slug)) throw new ValidationError({ slug: 'validation.slugTaken' });
    await insertAgreement(trx, { id, kommun_id: kommunId, slug, latest_version_no: 1, created_at: now, updated_at: now });
    await insertAgreementVersion(trx, {
      id: newId(),
      kommun_id: kommunId,
      agreement_id: id,
      version_no: 1,
      status: 'draft',
      title: input.title,
      period_start: input.periodStart,
      period_end: input.periodEnd,
      content_json: JSON.stringify(content),
      decided_by_body: '',
      decided_on: null,
      diarienummer: '',
      change_note: input.changeNote,
      lock_version: 1,
      created_by: actor.userId,
      updated_by: actor.userId,
      created_at: now,
      updated_at: now,
    });
    const created = (await findLatestAgreementVersion(trx, staff(kommunId), { id }))!;
    await audit(trx, actor, kommunId, 'created', id, undefined, created, now);
    return created;
  });
}

/** The draft to change: it exists, it is a draft (a decided version is never edited), and nobody saved it since the editor loaded it. */
async function draftToChange(db: Db, kommunId: string, agreementId: string): Promise<AgreementVersionRow> {
  const latest = await findLatestAgreementVersion(db, staff(kommunId), { id: agreementId });
  if (!latest) throw new NotFoundError();
  if (latest.status !== 'draft') throw new ConflictError('cooperation.agreement.errors.decidedIsFinal');
  return latest;
}

export async function saveAgreementDraft(
  ctx: AppContext,
  actor: Actor,
  kommunId: string,
  agreementId: string,
  input: AgreementInput,
  lockVersion: number,
  options: { now?: Date } = {},
): Promise<AgreementVersionRow> {
  requirePermissionIn(actor, kommunId, 'cooperation.write');
  const now = (options.now ?? new Date()).toISOString();
  return inTransaction(ctx, async ({ trx }) => {
    const before = await draftToChange(trx, kommunId, agreementId);
    if (before.lockVersion !== lockVersion) throw new StaleEditError(before);
    const content = await contentOf(trx, kommunId, input, before.content);
    const slug = input.slug || before.slug;
    // The address is the agreement's, kept once residents may have it (any version decided).
    if (slug !== before.slug) {
      if (before.versionNo > 1) throw new ValidationError({ slug: 'cooperation.agreement.errors.slugFixed' });
      if (await agreementSlugTaken(trx, kommunId, slug, agreementId)) throw new ValidationError({ slug: 'validation.slugTaken' });
    }
    const changed = await updateAgreementVersionIf(trx, kommunId, before.id, lockVersion, {
      title: input.title,
      period_start: input.periodStart,
      period_end: input.periodEnd,
      content_json: JSON.stringify(content),
      change_note: input.changeNote,
      updated_by: actor.userId,
      updated_at: now,
    });
    if (!changed) throw new StaleEditError(before);
    await updateAgreementHead(trx, kommunId, agreementId, { slug, updated_at: now });
    // A document the draft itself held and no longer lists goes; one of an earlier version stays
    // that version's (detachFile touches only a file of exactly this owner).
    const kept = new Set(content.annexes.flatMap((a) => (a.document ? [a.document.fileId] : [])));
    for (const annex of before.content.annexes) {
      if (annex.document && !kept.has(annex.document.fileId)) await detachFile(trx, { kommunId, owner: agreementAnnexOwner, ownerId: before.id }, annex.document.fileId, new Date(now));
    }
    const after = await findLatestAgreementVersion(trx, staff(kommunId), { id: agreementId });
    await audit(trx, actor, kommunId, 'updated', agreementId, before, after, now);
    return after!;
  });
}

async function requireDecider(db: Db, actor: Actor, kommun: Kommun): Promise<void> {
  // The setting as stored now: the route's kommun may be a few seconds old.
  const settings = cooperationSettingsOf((await findKommunById(db, kommun.id)) ?? kommun);
  if (!canDecide(actor, kommun.id, settings)) throw new ForbiddenError('cooperation.errors.notDecider');
}

/** Records the decision on the draft: from now on the version is what was agreed, and never changes. */
export async function decideAgreement(
  ctx: AppContext,
  actor: Actor,
  kommun: Kommun,
  agreementId: string,
  decision: DecisionInput,
  lockVersion: number,
  options: { now?: Date } = {},
): Promise<AgreementVersionRow> {
  requirePermissionIn(actor, kommun.id, 'cooperation.decide');
  const now = (options.now ?? new Date()).toISOString();
  return inTransaction(ctx, async ({ trx }) => {
    await requireDecider(trx, actor, kommun);
    const draft = await draftToChange(trx, kommun.id, agreementId);
    if (!draft.content.policeArea) throw new ValidationError({ _form: 'cooperation.agreement.errors.noPoliceArea' }, 'cooperation.agreement.errors.notReady');
    const changed = await updateAgreementVersionIf(trx, kommun.id, draft.id, lockVersion, {
      status: 'decided',
      decided_by_body: decision.decidedByBody,
      decided_on: decision.decidedOn,
      diarienummer: decision.diarienummer,
      updated_by: actor.userId,
      updated_at: now,
    });
    if (!changed) throw new StaleEditError(draft);
    const after = await findLatestAgreementVersion(trx, staff(kommun.id), { id: agreementId });
    await audit(trx, actor, kommun.id, 'decided', agreementId, draft, after, now);
    return after!;
  });
}

const transitions: Partial<Record<AgreementStatus, AgreementStatus>> = { decided: 'in_force', in_force: 'ended' };

/**
 * Puts the latest decided version in force (superseding the older decided ones) or ends the one
 * in force. Deciders only. Acts on the latest version: an older one has nothing left to change.
 */
export async function changeAgreementStatus(
  ctx: AppContext,
  actor: Actor,
  kommun: Kommun,
  agreementId: string,
  to: 'in_force' | 'ended',
  lockVersion: number,
  options: { now?: Date } = {},
): Promise<AgreementVersionRow> {
  requirePermissionIn(actor, kommun.id, 'cooperation.decide');
  const now = (options.now ?? new Date()).toISOString();
  return inTransaction(ctx, async ({ trx }) => {
    await requireDecider(trx, actor, kommun);
    const before = await findLatestAgreementVersion(trx, staff(kommun.id), { id: agreementId });
    if (!before) throw new NotFoundError();
    if (transitions[before.status] !== to) throw new ConflictError('cooperation.agreement.errors.transition');
    const changed = await updateAgreementVersionIf(trx, kommun.id, before.id, lockVersion, { status: to, updated_by: actor.userId, updated_at: now });
    if (!changed) throw new StaleEditError(before);
    if (to === 'in_force') await supersedeOlderVersions(trx, kommun.id, agreementId, before.versionNo, now);
    await updateAgreementHead(trx, kommun.id, agreementId, { updated_at: now });
    const after = await findLatestAgreementVersion(trx, staff(kommun.id), { id: agreementId });
    await audit(trx, actor, kommun.id, to, agreementId, before, after, now);
    return after!;
  });
}

/**
 * "Ändra" on a decided or in-force agreement: a new draft version copied from the latest, with
 * the decision cleared (the new version needs its own). The decided one stays as it is, and in
 * force, until the new one is decided and put in force. With a draft already there, that is
 * the one to work on.
 */
export async function startNewAgreementVersion(ctx: AppContext, actor: Actor, kommunId: string, agreementId: string, options: { now?: Date } = {}): Promise<AgreementVersionRow> {
  requirePermissionIn(actor, kommunId, 'cooperation.write');
  const now = (options.now ?? new Date()).toISOString();
  return inTransaction(ctx, async ({ trx }) => {
    const latest = await findLatestAgreementVersion(trx, staff(kommunId), { id: agreementId });
    if (!latest) throw new NotFoundError();
    if (latest.status === 'draft') return latest;
    if (latest.status === 'ended' || latest.status === 'superseded') throw new ConflictError('cooperation.agreement.errors.ended');
    const versionNo = latest.versionNo + 1;
    await insertAgreementVersion(trx, {
      id: newId(),
      kommun_id: kommunId,
      agreement_id: agreementId,
      version_no: versionNo,
      status: 'draft',
      title: latest.title,
      period_start: latest.periodStart,
      period_end: latest.periodEnd,
      content_json: JSON.stringify(latest.content),
      decided_by_body: '',
      decided_on: null,
      diarienummer: '',
      change_note: '',
      lock_version: 1,
      created_by: actor.userId,
      updated_by: actor.userId,
      created_at: now,
      updated_at: now,
    });
    await updateAgreementHead(trx, kommunId, agreementId, { latest_version_no: versionNo, updated_at: now });
    const draft = (await findLatestAgreementVersion(trx, staff(kommunId), { id: agreementId }))!;
    await audit(trx, actor, kommunId, 'version_started', agreementId, latest, draft, now);
    return draft;
  });
}

/** Adds an annex with an uploaded document (checked by prepareUpload before this) to the draft. */
export async function addAnnexDocument(
  ctx: AppContext,
  actor: Actor,
  kommunId: string,
  agreementId: string,
  annex: { kind: AnnexKind; title: string },
  file: PreparedFile,
  lockVersion: number,
  options: { now?: Date } = {},
): Promise<AgreementVersionRow> {
  requirePermissionIn(actor, kommunId, 'cooperation.write');
  const now = options.now ?? new Date();
  return inTransaction(ctx, async ({ trx }) => {
    const before = await draftToChange(trx, kommunId, agreementId);
    if (before.lockVersion !== lockVersion) throw new StaleEditError(before);
    if (before.content.annexes.length >= agreementLimits.annexes) throw new ValidationError({ title: `validation.tooBig|${agreementLimits.annexes}` });
    const stored = await storeFile(trx, { kommunId, owner: agreementAnnexOwner, ownerId: before.id, createdBy: actor.userId }, file, now);
    const content: AgreementContent = {
      ...before.content,
      annexes: [...before.content.annexes, { kind: annex.kind, title: annex.title, planId: null, path: '', document: { fileId: stored.id, filename: stored.filename, sizeBytes: stored.sizeBytes } }],
    };
    const changed = await updateAgreementVersionIf(trx, kommunId, before.id, lockVersion, { content_json: JSON.stringify(content), updated_by: actor.userId, updated_at: now.toISOString() });
    if (!changed) throw new StaleEditError(before);
    const after = await findLatestAgreementVersion(trx, staff(kommunId), { id: agreementId });
    await audit(trx, actor, kommunId, 'annex_added', agreementId, before, after, now.toISOString());
    return after!;
  });
}

/** Removes the draft's annex at `index`; a document the draft itself held is deleted with it. */
export async function removeAnnex(ctx: AppContext, actor: Actor, kommunId: string, agreementId: string, index: number, lockVersion: number, options: { now?: Date } = {}): Promise<AgreementVersionRow> {
  requirePermissionIn(actor, kommunId, 'cooperation.write');
  const now = options.now ?? new Date();
  return inTransaction(ctx, async ({ trx }) => {
    const before = await draftToChange(trx, kommunId, agreementId);
    if (before.lockVersion !== lockVersion) throw new StaleEditError(before);
    const removed = before.content.annexes[index];
    if (!removed) throw new NotFoundError();
    const content: AgreementContent = { ...before.content, annexes: before.content.annexes.filter((_, i) => i !== index) };
    const changed = await updateAgreementVersionIf(trx, kommunId, before.id, lockVersion, { content_json: JSON.stringify(content), updated_by: actor.userId, updated_at: now.toISOString() });
    if (!changed) throw new StaleEditError(before);
    if (removed.document) await detachFile(trx, { kommunId, owner: agreementAnnexOwner, ownerId: before.id }, removed.document.fileId, now);
    const after = await findLatestAgreementVersion(trx, staff(kommunId), { id: agreementId });
    await audit(trx, actor, kommunId, 'annex_removed', agreementId, before, after, now.toISOString());
    return after!;
  });
}

export async function getAgreementForStaff(ctx: AppContext, actor: Actor, kommunId: string, agreementId: string): Promise<AgreementVersionRow> {
  const reader = coopReader(actor, kommunId);
  if (!reader.seesInternal) throw new NotFoundError();
  const latest = await findLatestAgreementVersion(ctx.db, reader, { id: agreementId });
  if (!latest) throw new NotFoundError();
  return latest;
}
