// The write-ahead log's checkpoints in their own thread (checkpointer.ts), on a real SQLite file
// watched from a second connection: the writer no longer checkpoints by itself, the thread copies
// what was committed, the log starts over instead of growing, and the writer takes the
// checkpoints back when the thread stops or fails.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import SQLite from 'better-sqlite3';
import { sql } from 'kysely';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { startCheckpointer, type CheckpointPass } from './checkpointer.js';
import { openDatabase, whenDurable } from './database.js';

const dirs: string[] = [];
function scratchFile(): string {
  const dir = mkdtempSync(join(tmpdir(), 'samtrygg-checkpoint-'));
  dirs.push(dir);
  return join(dir, 'db.sqlite');
}
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function writer(path: string): SQLite.Database {
  const sqlite = new SQLite(path);
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = NORMAL');
  sqlite.exec('create table probe (id integer primary key, body text not null)');
  return sqlite;
}

const autoCheckpoint = (sqlite: SQLite.Database) => sqlite.pragma('wal_autocheckpoint', { simple: true });
/** Pages in the log and how many of them are in the file (a pass of our own). */
const logOf = (sqlite: SQLite.Database) => (sqlite.pragma('wal_checkpoint(PASSIVE)') as CheckpointPass[])[0]!;

describe('background checkpoints (SQLite)', () => {
  /**
   * Commits as the group commit makes them: the next group's read begins right after a commit,
   * before the thread has copied that commit, so the thread alone never finds the log wholly
   * copied when a write begins (the moment SQLite starts a log over). Returns the largest log
   * the thread reported.
   */
  async function commitLikeGroups(path: string, finish: boolean) {
    const sqlite = writer(path);
    const passes: CheckpointPass[] = [];
    const checkpointer = startCheckpointer(path, sqlite, { restartFrames: 64, onPass: (pass) => passes.push(pass) });
    const autoDuring = autoCheckpoint(sqlite);
    const insert = sqlite.prepare('insert into probe (body) values (?)');
    const body = 'x'.repeat(3000);
    try {
      sqlite.exec('begin');
      sqlite.prepare('select count(*) from probe').get();
      // 30 commits of 20 rows of 3 kB: about 450 pages of log, far past the 64 that ask for a new start.
      for (let commit = 0; commit < 30; commit += 1) {
        for (let row = 0; row < 20; row += 1) insert.run(body);
        sqlite.exec('commit');
        if (finish) checkpointer.committed();
        sqlite.exec('begin');
        sqlite.prepare('select count(*) from probe').get();
        // The thread's passes come while the next group is open.
        await new Promise((resolve) => setTimeout(resolve, 60));
      }
      sqlite.exec('commit');
      const watcher = new SQLite(path, { readonly: true });
      const rows = watcher.prepare('select count(*) from probe').pluck().get();
      watcher.close();
      return { autoDuring, rows, largestLog: passes.reduce((most, pass) => Math.max(most, pass.log), 0), copied: passes.some((pass) => pass.log > 0 && pass.checkpointed === pass.log) };
    } finally {
      await checkpointer.stop();
      expect(autoCheckpoint(sqlite)).toBe(1000);
      sqlite.close();
    }
  }

  it('copies what was committed in its own thread and starts the log over instead of letting it grow', async () => {
    const run = await commitLikeGroups(scratchFile(), true);
    // The writer did not checkpoint inside its commits; the thread copied committed pages.
    expect(run.autoDuring).toBe(0);
    expect(run.copied).toBe(true);
    expect(run.rows).toBe(600);
    // The log started over: it never held more than a few commits' pages.
    expect(run.largestLog).toBeLessThan(200);
  });

  it('without the writer finishing the last pages, the same commits leave a log that only grows', async () => {
    // The control for the test above, and why the writer finishes: the thread alone never starts the log over.
    const run = await commitLikeGroups(scratchFile(), false);
    expect(run.rows).toBe(600);
    expect(run.largestLog).toBeGreaterThan(400);
  });

  it('hands the checkpoints back to the writer when the thread fails', async () => {
    const path = scratchFile();
    const sqlite = writer(path);
    const errors: unknown[] = [];
    // A file the thread cannot open: it fails at once.
    const checkpointer = startCheckpointer(join(path, 'missing', 'db.sqlite'), sqlite, { onError: (error) => errors.push(error) });
    await vi.waitFor(() => expect(errors).toHaveLength(1), { timeout: 5000 });
    expect(autoCheckpoint(sqlite)).toBe(1000);
    await checkpointer.stop();
    sqlite.close();
  });

  it('runs under openDatabase for a file: group commits are checkpointed by the thread', async () => {
    const path = scratchFile();
    const passes: CheckpointPass[] = [];
    const database = openDatabase(`sqlite:${path}`);
    try {
      expect(autoCheckpoint(database.sqlite!)).toBe(0);
      await sql`create table probe (id integer primary key, body text not null)`.execute(database.db);
      for (let i = 0; i < 50; i += 1) await sql`insert into probe (body) values (${'y'.repeat(2000)})`.execute(database.db);
      // Written in group commits (group-commit.ts): committed on the loop's next turn.
      await whenDurable(database.db);
      const watcher = new SQLite(path, { readonly: true });
      expect(watcher.prepare('select count(*) from probe').pluck().get()).toBe(50);
      watcher.close();
      // The thread has copied it all into the file within a few of its passes.
      await vi.waitFor(
        () => {
          const log = logOf(database.sqlite!);
          passes.push(log);
          expect(log.checkpointed).toBe(log.log);
        },
        { timeout: 5000 },
      );
    } finally {
      await database.close();
    }
  });

  it('lets a process whose work is done close the database and go on (the thread keeps nothing open)', () => {
    // The thread is not waited for while it runs, but close() waits for it: a process with nothing
    // else to do once exited there, before its close() returned, with status 0 and its work unfinished.
    const path = scratchFile();
    const database = join(dirname(fileURLToPath(import.meta.url)), 'database.ts');
    const script = `const { openDatabase } = await import(${JSON.stringify(database)}); const d = openDatabase(${JSON.stringify(`sqlite:${path}`)}); await d.close(); process.stdout.write('closed');`;
    const output = execFileSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { encoding: 'utf8', timeout: 60_000 });
    expect(output).toBe('closed');
  });
});
