import type { FastifyRequest } from 'fastify';
import { can, type Actor } from '../auth/actor.js';
import { NotFoundError, UnauthenticatedError } from '../http/errors.js';

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

/**
 * The platform pages (/admin/…) have no :kommun, so the kernel builds the actor from the session
 * alone, without kommun roles; what counts there is the platform-admin flag on the account.
 * Signed-out people are sent to sign in; everyone else is told the page does not exist.
 */
export function requirePlatformAdmin(request: FastifyRequest): Actor {
  if (!request.session) throw new UnauthenticatedError();
  // A session still owing its second factor has no actor: it is nobody yet.
  const actor = request.actor;
  if (!actor || !request.session.user.isPlatformAdmin || !canManageTenants(actor)) throw new NotFoundError();
  return actor;
}

/** Staff pages of one kommun for its administrators. */
export function requireKommunAdmin(request: FastifyRequest): Actor {
  if (!request.actor) throw new UnauthenticatedError();
  if (!canManageKommun(request.actor)) throw new NotFoundError();
  return request.actor;
}
