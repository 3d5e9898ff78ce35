// `npm run backup [file]`: an online backup of the SQLite database while Samtrygg keeps running
// (SQLite's backup API copies a consistent snapshot page by page). For PostgreSQL the right tool
// is pg_dump; this prints the command and exits non-zero so scripts notice nothing was written.
import { chmodSync } from 'node:fs';
import { join, resolve } from 'node:path';
import SQLite from 'better-sqlite3';
import { loadConfigOrExit } from '../platform/config.js';
import { createPrivateFile, dialectOf } from '../platform/db/database.js';

export function defaultBackupPath(now: Date = new Date(), dir = join('data', 'backups')): string {
  const stamp = now.toISOString().replace(/[:.]/g, '-');
  return join(dir, `samtrygg-${stamp}.sqlite`);
}

/** Copies the SQLite database at `sqlitePath` to `target`; returns the number of pages copied. */
export async function backupSqlite(sqlitePath: string, target: string): Promise<number> {
  // A backup holds what the database holds: created readable by the owner only, and kept so.
  createPrivateFile(resolve(target));
  const source = new SQLite(sqlitePath, { readonly: true, fileMustExist: true });
  try {
    const result = await source.backup(target);
    chmodSync(target, 0o600);
    return result.totalPages;
  } finally {
    source.close();
  }
}

/** pg_dump in custom format; restore with pg_restore --clean --if-exists -d <url> <file>. */
export function pgDumpCommand(databaseUrl: string, now: Date = new Date()): string {
  const stamp = now.toISOString().replace(/[:.]/g, '-');
  return `pg_dump --format=custom --no-owner --file=samtrygg-${stamp}.pgdump "${databaseUrl.replace(/"/g, '\\"')}"`;
}

async function main(): Promise<number> {
  const config = loadConfigOrExit();
  if (dialectOf(config.databaseUrl) === 'postgres') {
    process.stderr.write('DATABASE_URL points to PostgreSQL: back it up with pg_dump, for example:\n');
    // The URL can carry a password: show it with the password masked.
    const masked = config.databaseUrl.replace(/\/\/([^:/@]+):[^@]*@/, '//$1:***@');
    process.stdout.write(`${pgDumpCommand(masked)}\n`);
    return 3;
  }
  const sqlitePath = config.databaseUrl.slice('sqlite:'.length);
  if (sqlitePath === ':memory:') {
    process.stderr.write('DATABASE_URL is an in-memory SQLite database; there is nothing to back up.\n');
    return 2;
  }
  const target = process.argv[2] ?? defaultBackupPath();
  const pages = await backupSqlite(sqlitePath, target);
  process.stdout.write(`Backed up ${sqlitePath} to ${target} (${pages} pages).\n`);
  return 0;
}

if (process.argv[1] && resolve(process.argv[1]) === resolve(new URL(import.meta.url).pathname)) {
  main().then(
    (code) => process.exit(code),
    (error: unknown) => {
      process.stderr.write(`Backup failed: ${error instanceof Error ? error.message : String(error)}\n`);
      process.exit(1);
    },
  );
}
