// Use cases for hosted kommuner, police areas, partner organisations and kommun settings. Each
// re-checks the permission, and writes its audit rows in the same transaction as the change.
import { canIn, requirePermissionIn, type Actor } from '../auth/actor.js';
import { insertMembership } from '../auth/user.repository.js';
import { writeAudit } from '../audit/audit.repository.js';
import type { AppContext } from '../context.js';
import type { Db } from '../db/database.js';
import { newId, isId } from '../db/ids.js';
import { inTransaction } from '../db/transaction.js';
import { detachFile, storeFile, type PreparedFile } from '../files/file.service.js';
import { ForbiddenError, NotFoundError, ValidationError } from '../http/errors.js';
import { forgetCachedKommuner } from '../http/kernel.plugin.js';
import { kommunLogoOwner } from './tenant.files.js';
import { canManageTenants } from './tenant.policy.js';
import {
  findKommunById,
  findPoliceAreaById,
  insertOrganisation,
  isUniqueViolation,
  linkPoliceArea,
  listOrganisationsOfKommun,
  slugExists,
  findKommunBoundary,
  listKommuner,
  listPoliceAreaLinks,
  listPoliceAreas,
  updateKommunBoundary,
  updateKommunSettings,
  type BoundarySummary,
  type Kommun,
  type Organisation,
} from './tenant.repository.js';
import type { LinkPoliceAreaInput, NewKommunInput, PartnerInput, SettingsInput } from './tenant.schemas.js';
import { kommunSettingsSchema, type KommunSettings } from './tenant.settings.js';
import { boundsOfBoundary, countPositions, isPointInBoundary, type BoundaryGeometry } from './tenant.boundary.js';

/** Uses an existing police area or creates one by name; returns its id. */
async function resolvePoliceArea(
  trx: Db,
  actor: Actor,
  input: { policeAreaId: string; newPoliceAreaName: string },
  now: string,
): Promise<string> {
  if (input.policeAreaId) {
    const area = isId(input.policeAreaId) ? await findPoliceAreaById(trx, input.policeAreaId) : undefined;
    if (!area) throw new ValidationError({ policeAreaId: 'validation.chooseOne' });
    return area.id;
  }
  const id = newId();
  await insertOrganisation(trx, { id, kind: 'lokalpolisomrade', slug: null, name: input.newPoliceAreaName, kommunId: null, partnerType: null, settings: {}, now });
  await writeAudit(trx, { actorUserId: actor.userId, kommunId: null, organisationId: id, action: 'tenants.police_area_created', entityType: 'organisation', entityId: id, after: { kind: 'lokalpolisomrade', name: input.newPoliceAreaName } }, now);
  return id;
}

export async function createKommun(ctx: AppContext, actor: Actor, input: NewKommunInput, options: { now?: Date } = {}): Promise<Kommun> {
  if (!canManageTenants(actor)) throw new ForbiddenError();
  const now = (options.now ?? new Date()).toISOString();
  const id = newId();
  const settings = kommunSettingsSchema.parse({
    primaryColour: input.primaryColour,
    contact: { email: input.contactEmail, phone: input.contactPhone, address: input.contactAddress, website: '' },
    languages: input.languages,
  });
  try {
    return await inTransaction(ctx, async ({ trx, afterCommit }) => {
      if (await slugExists(trx, input.slug)) throw new ValidationError({ slug: 'validation.slugTaken' });
      await insertOrganisation(trx, { id, kind: 'kommun', slug: input.slug, name: input.name, kommunId: null, partnerType: null, settings, now });
      await writeAudit(trx, { actorUserId: actor.userId, kommunId: id, organisationId: id, action: 'tenants.kommun_created', entityType: 'organisation', entityId: id, after: { kind: 'kommun', slug: input.slug, name: input.name, settings } }, now);
      // Someone must be able to invite the kommun's own staff: the person who added it.
      const membershipId = newId();
      await insertMembership(trx, { id: membershipId, userId: actor.userId, organisationId: id, role: 'administrator', now });
      await writeAudit(trx, { actorUserId: actor.userId, kommunId: id, organisationId: id, action: 'tenants.first_administrator_added', entityType: 'membership', entityId: membershipId, after: { userId: actor.userId, role: 'administrator' } }, now);
      const policeAreaId = await resolvePoliceArea(trx, actor, input, now);
      await linkPoliceArea(trx, policeAreaId, id);
      await writeAudit(trx, { actorUserId: actor.userId, kommunId: id, organisationId: id, action: 'tenants.police_area_linked', entityType: 'organisation', entityId: id, after: { policeAreaId, kommunId: id } }, now);
      // A visit to the address before it existed may have cached "no such kommun".
      afterCommit(forgetCachedKommuner);
      return (await findKommunById(trx, id))!;
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw new ValidationError({ slug: 'validation.slugTaken' });
    throw error;
  }
}

export async function linkPoliceAreaToKommun(ctx: AppContext, actor: Actor, input: LinkPoliceAreaInput, options: { now?: Date } = {}): Promise<void> {
  if (!canManageTenants(actor)) throw new ForbiddenError();
  const now = (options.now ?? new Date()).toISOString();
  await inTransaction(ctx, async ({ trx }) => {
    const kommun = isId(input.kommunId) ? await findKommunById(trx, input.kommunId) : undefined;
    if (!kommun) throw new ValidationError({ kommunId: 'validation.chooseOne' });
    const policeAreaId = await resolvePoliceArea(trx, actor, input, now);
    const before = (await listOrganisationsOfKommun(trx, kommun.id)).filter((o) => o.kind === 'lokalpolisomrade').map((o) => o.id);
    await linkPoliceArea(trx, policeAreaId, kommun.id);
    await writeAudit(trx, { actorUserId: actor.userId, kommunId: kommun.id, organisationId: kommun.id, action: 'tenants.police_area_linked', entityType: 'organisation', entityId: kommun.id, before: { policeAreaIds: before }, after: { policeAreaIds: [...new Set([...before, policeAreaId])] } }, now);
  });
}

export async function addPartnerOrganisation(ctx: AppContext, actor: Actor, kommunId: string, input: PartnerInput, options: { now?: Date } = {}): Promise<Organisation> {
  requirePermissionIn(actor, kommunId, 'kommun.settings.manage');
  const now = (options.now ?? new Date()).toISOString();
  const id = newId();
  return inTransaction(ctx, async ({ trx }) => {
    const kommun = await findKommunById(trx, kommunId);
    if (!kommun) throw new NotFoundError();
    await insertOrganisation(trx, { id, kind: 'partner', slug: null, name: input.name, kommunId, partnerType: input.partnerType, settings: {}, now });
    await writeAudit(trx, { actorUserId: actor.userId, kommunId, organisationId: kommunId, action: 'tenants.partner_created', entityType: 'organisation', entityId: id, after: { kind: 'partner', name: input.name, partnerType: input.partnerType } }, now);
    return { id, kind: 'partner' as const, slug: null, name: input.name, kommunId, partnerType: input.partnerType };
  });
}

export async function listKommunOrganisations(ctx: AppContext, actor: Actor | null, kommunId: string): Promise<Organisation[]> {
  if (!canIn(actor, kommunId, 'kommun.settings.manage')) throw new NotFoundError();
  return listOrganisationsOfKommun(ctx.db, kommunId);
}

/** New settings from the form; the logo is already checked and re-encoded (prepareUpload). */
export async function changeKommunSettings(
  ctx: AppContext,
  actor: Actor,
  kommunId: string,
  input: SettingsInput,
  logo?: PreparedFile,
  options: { now?: Date } = {},
): Promise<Kommun> {
  requirePermissionIn(actor, kommunId, 'kommun.settings.manage');
  const now = (options.now ?? new Date()).toISOString();
  return inTransaction(ctx, async ({ trx, afterCommit }) => {
    const before = await findKommunById(trx, kommunId);
    if (!before) throw new NotFoundError();
    const keepsLogo = logo !== undefined || (!input.removeLogo && before.settings.logoFileId !== null);
    if (keepsLogo && input.logoAlt === '') throw new ValidationError({ logoAlt: 'tenants.logoAltRequired' });
    const logoOwnership = { kommunId, owner: kommunLogoOwner, ownerId: kommunId };
    const stored = logo ? await storeFile(trx, { ...logoOwnership, createdBy: actor.userId }, logo) : null;
    const logoFileId = stored ? stored.id : input.removeLogo ? null : before.settings.logoFileId;
    const settings: KommunSettings = kommunSettingsSchema.parse({
      ...before.settings,
      primaryColour: input.primaryColour.toLowerCase(),
      logoFileId,
      logoAlt: keepsLogo ? input.logoAlt : '',
      contact: { email: input.contactEmail, phone: input.contactPhone, address: input.contactAddress, website: input.contactWebsite },
      languages: input.languages,
      requireTotpForRoles: input.requireTotpForRoles,
      accessibilityStatement: { lastReviewed: input.a11yLastReviewed, knownIssuesSv: input.a11yKnownIssuesSv, knownIssuesEn: input.a11yKnownIssuesEn },
    });
    await updateKommunSettings(trx, kommunId, input.name, settings, now);
    // The old logo goes with the change: no page shows it any more.
    if (before.settings.logoFileId && before.settings.logoFileId !== logoFileId) await detachFile(trx, logoOwnership, before.settings.logoFileId);
    await writeAudit(trx, { actorUserId: actor.userId, kommunId, organisationId: kommunId, action: 'tenants.settings_changed', entityType: 'organisation', entityId: kommunId, before: { name: before.name, settings: before.settings }, after: { name: input.name, settings } }, now);
    await changeBoundary(trx, actor, before, input, now);
    afterCommit(forgetCachedKommuner);
    return (await findKommunById(trx, kommunId))!;
  });
}

/**
 * A new boundary replaces the old one, "remove" clears it, and a changed source note alone is
 * kept with the stored outline. The audit row holds the summaries (source, box, size): the
 * outline itself can be a megabyte.
 */
async function changeBoundary(trx: Db, actor: Actor, before: Kommun, input: SettingsInput, now: string): Promise<void> {
  const source = input.boundarySource ?? before.boundary?.source ?? '';
  let geometry: BoundaryGeometry | null;
  if (input.removeBoundary) geometry = null;
  else if (input.boundary) geometry = input.boundary;
  else if (before.boundary && source !== before.boundary.source) geometry = (await findKommunBoundary(trx, before.id)) ?? null;
  else return;
  if (geometry === null && !before.boundary) return;
  const summary: BoundarySummary | null = geometry ? { source, bounds: boundsOfBoundary(geometry), positions: countPositions(geometry) } : null;
  await updateKommunBoundary(trx, before.id, geometry && summary ? { geometry, summary } : null, now);
  await writeAudit(trx, { actorUserId: actor.userId, kommunId: before.id, organisationId: before.id, action: 'tenants.boundary_changed', entityType: 'organisation', entityId: before.id, before: { boundary: before.boundary }, after: { boundary: summary } }, now);
}

/**
 * Where a point lies relative to a kommun's boundary: for the modules that must know whether a
 * report or a place belongs to the kommun. 'unknown' when the kommun has no boundary yet.
 */
export async function locatePointInKommun(ctx: AppContext, kommunId: string, point: { lat: number; lon: number }): Promise<'inside' | 'outside' | 'unknown'> {
  const boundary = await findKommunBoundary(ctx.db, kommunId);
  if (!boundary) return 'unknown';
  return isPointInBoundary(boundary, point) ? 'inside' : 'outside';
}

/** The platform overview: every hosted kommun and the police areas linked to each. */
export async function listTenantsOverview(ctx: AppContext, actor: Actor | null) {
  if (!canManageTenants(actor)) throw new NotFoundError();
  const [kommuner, links] = await Promise.all([listKommuner(ctx.db), listPoliceAreaLinks(ctx.db)]);
  return { kommuner, links };
}

/** Police areas a platform administrator can link a kommun to. */
export async function listPoliceAreaChoices(ctx: AppContext, actor: Actor | null) {
  if (!canManageTenants(actor)) throw new NotFoundError();
  return listPoliceAreas(ctx.db);
}

/** The kommun's outline, public like the maps that draw it. */
export async function getKommunBoundary(ctx: AppContext, kommunId: string): Promise<BoundaryGeometry> {
  const geometry = await findKommunBoundary(ctx.db, kommunId);
  if (!geometry) throw new NotFoundError();
  return geometry;
}
