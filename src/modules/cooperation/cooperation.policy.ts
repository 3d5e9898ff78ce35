// Who may do what in the cooperation. Three permissions, and two rules on top of them:
// - each party edits its own activities: the police (roles held in a police area) edit police
//   and joint activities, the kommun side (roles held in the kommun or its partners) the rest;
// - deciding an agreement or a plan and publishing a löfte is for the roles the kommun's
//   `deciders` setting names.
// Rights count in the kommun the actor was loaded for only (canIn).
import { canIn, rolesGranting, type RoleHolder } from '../../platform/auth/index.js';
import type { OrganisationKind } from '../../platform/auth/index.js';
import type { CooperationSettings } from './cooperation.settings.js';
import type { ResponsibleParty } from './cooperation.tables.js';

export const cooperationPermissions = ['cooperation.read_internal', 'cooperation.write', 'cooperation.decide'] as const;
export type CooperationPermission = (typeof cooperationPermissions)[number];

/** The two sides of the cooperation. A partner organisation belongs to its kommun's side. */
export type Side = 'kommun' | 'police';

export function sideOf(kind: OrganisationKind): Side {
  return kind === 'lokalpolisomrade' ? 'police' : 'kommun';
}

/** The sides where the actor's roles (in this kommun) grant the permission. */
export function sidesWhere(actor: RoleHolder | null, kommunId: string, permission: CooperationPermission): Set<Side> {
  if (!canIn(actor, kommunId, permission)) return new Set();
  return new Set(rolesGranting(actor, permission).map((r) => sideOf(r.organisationKind)));
}

/** The sides that own an activity of this responsible party: both for a joint one. */
export function sidesOwning(party: ResponsibleParty): Side[] {
  switch (party) {
    case 'police':
      return ['police'];
    case 'kommun':
    case 'partner':
      return ['kommun'];
    case 'joint':
      return ['kommun', 'police'];
  }
}

export function canReadInternal(actor: RoleHolder | null, kommunId: string): boolean {
  return canIn(actor, kommunId, 'cooperation.read_internal');
}

export function canWrite(actor: RoleHolder | null, kommunId: string): boolean {
  return canIn(actor, kommunId, 'cooperation.write');
}

/** Edit an activity, its indicators, and post follow-ups on it: a writer of a side that owns it. */
export function canEditActivity(actor: RoleHolder | null, kommunId: string, party: ResponsibleParty): boolean {
  const sides = sidesWhere(actor, kommunId, 'cooperation.write');
  return sidesOwning(party).some((side) => sides.has(side));
}

/** The roles that decide and publish, by the kommun's setting. */
export function decidingRoles(settings: CooperationSettings): readonly string[] {
  return settings.deciders === 'coordinators' ? ['administrator', 'police_administrator', 'coordinator', 'police'] : ['administrator', 'police_administrator'];
}

export function canDecide(actor: RoleHolder | null, kommunId: string, settings: CooperationSettings): boolean {
  if (!canIn(actor, kommunId, 'cooperation.decide')) return false;
  const allowed = decidingRoles(settings);
  return rolesGranting(actor, 'cooperation.decide').some((r) => allowed.includes(r.role));
}

/** What a reader sees, for the queries to filter on: public rows only, or internal ones as well. */
export interface CoopReader {
  kommunId: string;
  seesInternal: boolean;
}

export function coopReader(actor: RoleHolder | null, kommunId: string): CoopReader {
  return { kommunId, seesInternal: canReadInternal(actor, kommunId) };
}

export const publicReader = (kommunId: string): CoopReader => ({ kommunId, seesInternal: false });
