import { can, type Actor } from '../auth/actor.js';

export const accessibilityPermissions = ['accessibility.reports.manage'] as const;

export function canManageReports(actor: Actor | null): boolean {
  return can(actor, 'accessibility.reports.manage');
}
