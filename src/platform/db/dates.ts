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

/**
 * A timestamptz as PostgreSQL writes it ('2026-12-03 13:00:44.123456+00') as the app's ISO text
 * ('2026-12-03T13:00:44.123Z', milliseconds, as SQLite's rows hold them). Most are in UTC and
 * are rearranged as text; any other offset goes through Date. Reading a million reports for the
 * map's index spent a seventh of its time in Date's parser when every value went through it.
 */
export function isoFromPostgresTimestamp(value: string): string {
  const length = value.length;
  if (length >= 22 && value.charCodeAt(10) === 32 && value.charCodeAt(length - 3) === 43 && value.endsWith('00') && value.charCodeAt(4) === 45) {
    const fraction = value.charCodeAt(19) === 46 ? value.slice(20, Math.min(23, length - 3)) : '';
    return `${value.slice(0, 10)}T${value.slice(11, 19)}.${fraction.padEnd(3, '0')}Z`;
  }
  return new Date(value).toISOString();
}
