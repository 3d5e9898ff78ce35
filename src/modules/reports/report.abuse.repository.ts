// The only SQL for spent proof-of-work answers and fallback confirmations.
import type { Db } from '../../platform/db/database.js';
import { preparedQuery } from '../../platform/db/prepared.js';
import type { Timestamp } from '../../platform/db/tables.js';

export interface ReportSpentChallengeTable {
  /** 'pow:<signature>' or 'confirm:<signature>': what was spent. */
  key: string;
  /** When it would have expired anyway; the row is useless after. */
  expires_at: Timestamp;
}

declare module '../../platform/db/tables.js' {
  interface Tables {
    report_spent_challenges: ReportSpentChallengeTable;
  }
}

// On the path of every report sent: prepared once (db/prepared.ts). Built anew on each send, the
// query cost more than SQLite's insert (profiled under `npm run bench`).
const insertSpent = preparedQuery((db, v: { key: string; expiresAt: string }) =>
  db
    .insertInto('report_spent_challenges')
    .values({ key: v.key, expires_at: v.expiresAt })
    .onConflict((oc) => oc.column('key').doNothing())
    .returning('key'),
);

/** Records a challenge as spent; false when it already was (the key is unique, across instances). */
export async function spendChallenge(db: Db, key: string, expiresAt: string): Promise<boolean> {
  const rows = await insertSpent(db, { key, expiresAt });
  return rows.length === 1;
}

export async function deleteExpiredChallenges(db: Db, now: string): Promise<number> {
  const result = await db.deleteFrom('report_spent_challenges').where('expires_at', '<', now).executeTakeFirst();
  return Number(result.numDeletedRows);
}
