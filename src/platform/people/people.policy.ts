// Who may administer people: holders of people.manage (granted to administrators by auth). What
// they may touch is limited further to the kommun's organisations by organisationsInScope.
import { canIn, type RoleHolder } from '../auth/actor.js';

/** In the kommun the actor was loaded for only: a right held elsewhere counts for nothing here. */
export function canManagePeople(actor: RoleHolder | null, kommunId: string): boolean {
  return canIn(actor, kommunId, 'people.manage');
}
