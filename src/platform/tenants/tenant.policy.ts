import { can, type Actor } from '../auth/actor.js';

/**
 * The platform pages (/admin/…) have no :kommun, so the kernel builds the actor from the session
 * alone, without kommun roles; what counts there is the platform-admin flag on the account.
 */
export function canManageTenants(actor: Actor | null): boolean {
  return can(actor, 'platform.tenants.manage');
}

/**
 * A kommun's own administrators. Platform administrators get no override here: they become
 * administrator of each kommun they add, so the kommun's TOTP rule applies to them as to anyone.
 */
export function canManageKommun(actor: Actor | null): boolean {
  return can(actor, 'kommun.settings.manage');
}
