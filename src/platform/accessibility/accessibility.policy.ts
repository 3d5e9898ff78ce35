import { canIn, type Actor } from '../auth/actor.js';

export const accessibilityPermissions = ['accessibility.reports.manage'] as const;

/** In the kommun the actor was loaded for only. */
export function canManageReports(actor: Actor | null, kommunId: string): boolean {
  return canIn(actor, kommunId, 'accessibility.reports.manage');
}
