import { canIn, rolesGranting, type RoleHolder } from '../../platform/auth/index.js';
import type { OrganisationKind } from '../../platform/auth/index.js';
import type { ContentReader, ContentRow, Publisher, ReviewerScope } from './news.repository.js';
import type { NewsSettings } from './news.settings.js';

export const newsPermissions = ['news.read_drafts', 'news.write', 'news.publish'] as const;
export type NewsPermission = (typeof newsPermissions)[number];

// Rights count in the kommun the actor was loaded for only (canIn): a Täby coordinator passing
// Vallentuna's id along gets nothing there.
export function canReadDrafts(actor: RoleHolder | null, kommunId: string): boolean {
  return canIn(actor, kommunId, 'news.read_drafts');
}

export function canWriteContent(actor: RoleHolder | null, kommunId: string): boolean {
  return canIn(actor, kommunId, 'news.write');
}

export function canPublishContent(actor: RoleHolder | null, kommunId: string): boolean {
  return canIn(actor, kommunId, 'news.publish');
}

/** What the actor may read of the kommun's content, for the staff queries to filter on. */
export function contentReader(actor: RoleHolder | null, kommunId: string): ContentReader {
  return { kommunId, seesDrafts: canReadDrafts(actor, kommunId) };
}

// ---- who publishes, and review by the other party ----------------------------------------------

/** The two sides of the cooperation: a police area is the police; the kommun and its partners are the kommun. */
export type Party = 'kommun' | 'police';

export function partyOf(kind: OrganisationKind): Party {
  return kind === 'lokalpolisomrade' ? 'police' : 'kommun';
}

export function otherParty(party: Party): Party {
  return party === 'police' ? 'kommun' : 'police';
}

/** The parties in which one of the actor's roles in this kommun grants the permission. */
export function partiesWhere(actor: RoleHolder | null, kommunId: string, permission: NewsPermission): Set<Party> {
  if (!canIn(actor, kommunId, permission)) return new Set();
  return new Set(rolesGranting(actor, permission).map((r) => partyOf(r.organisationKind)));
}

/**
 * The organisations the actor may publish for in this kommun: each where a role granting
 * news.write is held. The kommun comes first (the default when someone holds the right in both),
 * then police areas by name.
 */
export function publisherChoices(actor: RoleHolder | null, kommunId: string): Publisher[] {
  if (!canWriteContent(actor, kommunId)) return [];
  const byId = new Map<string, Publisher>();
  for (const role of rolesGranting(actor, 'news.write')) byId.set(role.organisationId, { id: role.organisationId, name: role.organisationName, kind: role.organisationKind });
  const rank = (p: Publisher) => (p.id === kommunId ? 0 : p.kind === 'kommun' ? 1 : p.kind === 'lokalpolisomrade' ? 2 : 3);
  return [...byId.values()].sort((a, b) => rank(a) - rank(b) || a.name.localeCompare(b.name, 'sv'));
}

/** Where the actor holds news.publish, for the review queries to filter on (see ReviewerScope). */
export function reviewerScope(actor: RoleHolder | null, kommunId: string): ReviewerScope {
  if (!canPublishContent(actor, kommunId)) return { kommunId, inKommun: false, policeAreaIds: [] };
  const roles = rolesGranting(actor, 'news.publish');
  return {
    kommunId,
    inKommun: roles.some((r) => r.organisationKind === 'kommun' && r.organisationId === kommunId),
    policeAreaIds: [...new Set(roles.filter((r) => r.organisationKind === 'lokalpolisomrade').map((r) => r.organisationId))],
  };
}

/** What the actor may do with one item now; the pages show only these, the service decides again. */
export interface ContentAbilities {
  update: boolean;
  /** Publish straight away, or (while the item waits for review) as its reviewer. */
  publish: boolean;
  unpublish: boolean;
  /** Ask the other party to review and publish (only where the kommun requires it). */
  requestReview: boolean;
  /** Send an item waiting for review back to its author with a note. */
  sendBack: boolean;
}

type ItemState = Pick<ContentRow, 'status' | 'publisher' | 'reviewRequestedBy'>;

/**
 * Review by the other party (`requireCrossReview`): an item published on behalf of one party is
 * published only by someone holding news.publish on the other side, once its author has asked for
 * it, and never by the person who asked. Without the setting anyone holding news.publish
 * publishes, as before; an item left waiting for review when the setting was turned off can
 * still be sent back by the other party.
 */
export function contentAbilities(actor: (RoleHolder & { userId: string }) | null, kommunId: string, item: ItemState, settings: NewsSettings): ContentAbilities {
  const itemParty = partyOf(item.publisher.kind);
  const mayPublish = canPublishContent(actor, kommunId);
  const reviewsIt = partiesWhere(actor, kommunId, 'news.publish').has(otherParty(itemParty)) && item.reviewRequestedBy !== actor?.userId;
  const waiting = item.status === 'in_review';
  return {
    update: canWriteContent(actor, kommunId),
    publish: settings.requireCrossReview ? waiting && reviewsIt : item.status !== 'published' && mayPublish,
    unpublish: item.status === 'published' && mayPublish,
    requestReview: settings.requireCrossReview && item.status === 'draft' && partiesWhere(actor, kommunId, 'news.write').has(itemParty),
    sendBack: waiting && reviewsIt,
  };
}
