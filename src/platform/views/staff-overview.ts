import type { Actor } from '../auth/actor.js';
import type { AppContext } from '../context.js';
import type { Kommun } from '../tenants/tenant.repository.js';

/** One count on the staff overview, e.g. "3 unanswered invitations", linking to where they are handled. */
export interface StaffOverviewItem {
  count: number;
  labelKey: string;
  /** Path below the kommun's root, like a NavLink's, e.g. 'admin/personer'. */
  href: string;
}

/**
 * What a feature or module contributes to the staff overview. The kernel shows it only to people
 * holding `permission` in the kommun; `load` counts in SQL within the actor's scope and answers
 * null when there is nothing to say to this person.
 */
export interface StaffOverviewEntry {
  name: string;
  order: number;
  permission: string;
  load(ctx: AppContext, actor: Actor, kommun: Kommun): Promise<StaffOverviewItem | null>;
}
