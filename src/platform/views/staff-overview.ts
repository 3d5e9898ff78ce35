import type { Expression } from 'kysely';
import type { RoleHolder } from '../auth/actor.js';
import type { Db } from '../db/database.js';
import type { Kommun } from '../tenants/tenant.repository.js';

/** One count on the staff overview, e.g. "3 unanswered invitations", linking to where they are handled. */
export interface StaffOverviewItem {
  count: number;
  labelKey: string;
  /** Path below the kommun's root, like a NavLink's, e.g. 'admin/personer'. */
  href: string;
}

/** A query with one row of one column: a count. */
export type CountQuery = Expression<Record<string, number | string | bigint>>;

/**
 * What a feature or module contributes to the staff overview. The kernel shows it only to people
 * holding `permission` in the kommun. `count` builds (does not run) the feature's count, in SQL
 * and within the reader's scope; the kernel runs every visible entry's count as a subquery of one
 * statement, so the overview costs one round trip however many features contribute to it.
 *
 * A count depends on the kommun and on where the reader's roles are held, never on who the
 * reader is, and `now` (the request's time, ISO) must reach the SQL as a bound value: the kernel
 * builds the statement once for each kommun and set of roles and reuses it (preparedQuery).
 */
export interface StaffOverviewEntry {
  name: string;
  order: number;
  permission: string;
  labelKey: string;
  href: string;
  /**
   * Whether the count means anything in this kommun at all, when a module setting can turn its
   * work off (e.g. review before publishing); left out, it always does.
   */
  appliesTo?(kommun: Kommun): boolean;
  count(db: Db, reader: RoleHolder, kommun: Kommun, now: string): CountQuery;
}
