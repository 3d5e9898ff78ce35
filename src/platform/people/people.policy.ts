// Who may administer people: holders of people.manage (granted to administrators by auth). What
// they may touch is limited further to the kommun's organisations by organisationsInScope.
import { can, type Actor } from '../auth/actor.js';

export function canManagePeople(actor: Actor | null): boolean {
  return can(actor, 'people.manage');
}
