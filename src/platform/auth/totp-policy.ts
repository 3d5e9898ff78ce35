// Which signed-in people must set up a second factor before working in a kommun: those holding a
// role that the kommun lists in its requireTotpForRoles setting, while their account has no TOTP.
import type { ScopedRole } from './session.repository.js';

export function mustSetUpTotp(requiredRoles: readonly string[], roles: readonly ScopedRole[], hasTotp: boolean): boolean {
  if (hasTotp || requiredRoles.length === 0) return false;
  return roles.some((r) => requiredRoles.includes(r.role));
}

/** Where the set-up page lives; the kernel sends people there before any staff page. */
export const totpSetupPath = '/konto/tvastegsverifiering';
