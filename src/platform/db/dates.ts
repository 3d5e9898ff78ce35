// Date arithmetic that has to happen in SQL (where `now` arrives as a bound value, as in a
// prepared staff-overview count) and reads differently in the two databases.
import { PostgresAdapter, sql, type RawBuilder } from 'kysely';
import type { Db } from './database.js';

/** The calendar date ('YYYY-MM-DD', UTC) `days` before the ISO timestamp `now`, computed by the database. */
export function calendarDateDaysBefore(db: Db, now: string, days: number): RawBuilder<string> {
  return db.getExecutor().adapter instanceof PostgresAdapter
    ? sql<string>`to_char((cast(${now} as timestamptz) at time zone 'UTC') - make_interval(days => ${days}), 'YYYY-MM-DD')`
    : sql<string>`date(${now}, '-' || ${days} || ' days')`;
}
