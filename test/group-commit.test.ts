// Group commit on SQLite (src/platform/db/group-commit.ts), watched from a second connection to the same file:
// what that connection sees is what is committed. Only SQLite groups its commits; PostgreSQL
// commits each transaction itself, and whenDurable has nothing to wait for there.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import SQLite from 'better-sqlite3';
import { sql } from 'kysely';
import pino from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createAppContext } from '../src/app/context.js';
import { testConfig } from './databases.js';
import { testModules } from './modules.js';
import type { AppContext } from '../src/platform/context.js';
import { openDatabase, whenDurable, type Database, type Db } from '../src/platform/db/database.js';
import { buildServer } from '../src/app/server.js';
import { collectMigrations, migrateToLatest } from '../src/platform/db/migrate.js';
import { inTransaction } from '../src/platform/db/transaction.js';

interface ProbeTables {
  probe: { id: number; name: string };
}

describe('group commit (SQLite)', () => {
  let database: Database;
  let ctx: AppContext;
  let watcher: SQLite.Database;
  let db: Db;
  let path: string;

  const committed = () => (watcher.prepare('select id from probe order by id').all() as { id: number }[]).map((row) => row.id);
  const probe = () => db as unknown as import('kysely').Kysely<ProbeTables>;

  beforeEach(async () => {
    path = join(mkdtempSync(join(tmpdir(), 'samtrygg-group-')), 'db.sqlite');
    database = openDatabase(`sqlite:${path}`);
    db = database.db;
    ctx = createAppContext(testConfig({ DATABASE_URL: `sqlite:${path}` }), pino({ level: 'silent' }), database, testModules);
    await sql`create table probe (id integer primary key, name text not null unique)`.execute(db);
    watcher = new SQLite(path, { readonly: true });
  });

  afterEach(async () => {
    watcher.close();
    await database.close();
  });

  it('commits the transactions of one moment together, and each caller hears of it only once committed', async () => {
    const seenAtEnd: number[][] = [];
    await Promise.all(
      [1, 2, 3].map((id) =>
        inTransaction(ctx, async (tx) => {
          await (tx.trx as unknown as ReturnType<typeof probe>).insertInto('probe').values({ id, name: `n${id}` }).execute();
        }).then(() => seenAtEnd.push(committed())),
      ),
    );
    // Every caller returned after the commit that holds its row.
    for (const seen of seenAtEnd) expect(seen).toEqual([1, 2, 3]);
  });

  it('lets a group that grew in the last turn wait a turn more, and commits it when a turn brings no one new', async () => {
    // Without a limit on the wait, so that a slow machine's turns cannot end it.
    await database.close();
    database = openDatabase(`sqlite:${path}`, { groupCommitWaitMs: 60_000 });
    db = database.db;
    const seen: number[][] = [];
    for (const id of [1, 2, 3]) {
      await probe().insertInto('probe').values({ id, name: `n${id}` }).execute();
      seen.push(committed());
      await new Promise((resolve) => setImmediate(resolve));
    }
    // Each write came a turn after the one before: they waited for each other.
    expect(seen).toEqual([[], [], []]);
    await whenDurable(db);
    expect(committed()).toEqual([1, 2, 3]);
  });

  it('does not put off the commit of a group that grows every turn for ever', async () => {
    // A write in every turn, each turn busy for half a millisecond: the group is old enough to
    // commit long before it is full (200 members), though it grows in every turn.
    let id = 0;
    while (committed().length === 0 && id < 150) {
      id += 1;
      await probe().insertInto('probe').values({ id, name: `n${id}` }).execute();
      const start = performance.now();
      while (performance.now() - start < 0.5);
      await new Promise((resolve) => setImmediate(resolve));
    }
    expect(committed().length).toBeGreaterThan(0);
    expect(id).toBeLessThan(150);
  });

  it('keeps a write outside a transaction uncommitted until durable, then committed', async () => {
    await probe().insertInto('probe').values({ id: 1, name: 'a' }).execute();
    const durable = whenDurable(db);
    expect(durable).toBeInstanceOf(Promise);
    expect(committed()).toEqual([]);
    await durable;
    expect(committed()).toEqual([1]);
    // Nothing waits any more.
    expect(whenDurable(db)).toBeUndefined();
  });

  it('rolls back only the transaction that failed; the others in its group are committed', async () => {
    const outcomes = await Promise.allSettled([
      inTransaction(ctx, async (tx) => {
        await (tx.trx as unknown as ReturnType<typeof probe>).insertInto('probe').values({ id: 1, name: 'a' }).execute();
      }),
      inTransaction(ctx, async (tx) => {
        const trx = tx.trx as unknown as ReturnType<typeof probe>;
        await trx.insertInto('probe').values({ id: 2, name: 'b' }).execute();
        // A second row with a name already taken: this transaction fails, its first row with it.
        await trx.insertInto('probe').values({ id: 3, name: 'a' }).execute();
      }),
      inTransaction(ctx, async (tx) => {
        await (tx.trx as unknown as ReturnType<typeof probe>).insertInto('probe').values({ id: 4, name: 'd' }).execute();
        throw new Error('refused by the service');
      }),
      inTransaction(ctx, async (tx) => {
        await (tx.trx as unknown as ReturnType<typeof probe>).insertInto('probe').values({ id: 5, name: 'e' }).execute();
      }),
    ]);
    expect(outcomes.map((outcome) => outcome.status)).toEqual(['fulfilled', 'rejected', 'rejected', 'fulfilled']);
    expect(committed()).toEqual([1, 5]);
  });

  it('never leaves anyone waiting on a group whose only transaction rolled back', async () => {
    await expect(
      inTransaction(ctx, async (tx) => {
        await (tx.trx as unknown as ReturnType<typeof probe>).insertInto('probe').values({ id: 1, name: 'a' }).execute();
        throw new Error('refused');
      }),
    ).rejects.toThrow('refused');
    await whenDurable(db);
    await expect(probe().insertInto('probe').values({ id: 2, name: 'a' }).execute()).resolves.toBeDefined();
    await expect(probe().insertInto('probe').values({ id: 3, name: 'a' }).execute()).rejects.toThrow(/UNIQUE/);
    await whenDurable(db);
    expect(committed()).toEqual([2]);
  });

  it('a refused single write leaves the group and its other writes alone', async () => {
    await probe().insertInto('probe').values({ id: 1, name: 'a' }).execute();
    await expect(probe().insertInto('probe').values({ id: 2, name: 'a' }).execute()).rejects.toThrow(/UNIQUE/);
    await probe().insertInto('probe').values({ id: 3, name: 'c' }).execute();
    await whenDurable(db);
    expect(committed()).toEqual([1, 3]);
  });

  it('commits the group before a schema change, which then runs outside any transaction', async () => {
    await probe().insertInto('probe').values({ id: 1, name: 'a' }).execute();
    await sql`create table other (x integer)`.execute(db);
    expect(committed()).toEqual([1]);
  });

  it('a pragma after a write takes effect: the group is committed before the pragma is prepared', async () => {
    await sql`create table child (id integer primary key, probe_id integer references probe (id) on delete cascade)`.execute(db);
    await probe().insertInto('probe').values({ id: 1, name: 'a' }).execute();
    await sql`insert into child (id, probe_id) values (1, 1)`.execute(db);
    // A table rebuild as migrations do it: foreign keys off, so dropping the old table cascades nothing.
    await sql`pragma foreign_keys = off`.execute(db);
    await db.transaction().execute(async (trx) => {
      await sql`create table probe_next (id integer primary key, name text not null unique)`.execute(trx);
      await sql`insert into probe_next select * from probe`.execute(trx);
      await sql`drop table probe`.execute(trx);
      await sql`alter table probe_next rename to probe`.execute(trx);
    });
    await sql`pragma foreign_keys = on`.execute(db);
    expect((await sql<{ id: number }>`select id from child`.execute(db)).rows).toEqual([{ id: 1 }]);
  });

  it('commits what is left when the database is closed', async () => {
    await probe().insertInto('probe').values({ id: 7, name: 'g' }).execute();
    await database.close();
    expect(committed()).toEqual([7]);
    database = openDatabase(`sqlite:${watcher.name}`);
  });

  it('a reply of the app leaves only after the commit of what its request wrote', async () => {
    await migrateToLatest(db, collectMigrations(testModules));
    const app = await buildServer(ctx);
    let seenBeforeReply: number[] = [1];
    // A route of the app's own server, with the kernel's hooks; it writes and answers at once.
    app.get('/probe-write', async () => {
      await probe().insertInto('probe').values({ id: 9, name: 'i' }).execute();
      seenBeforeReply = committed();
      return { stored: true };
    });
    await app.ready();
    const response = await app.inject({ method: 'GET', url: '/probe-write' });
    expect(response.statusCode).toBe(200);
    expect(seenBeforeReply).toEqual([]);
    expect(committed()).toEqual([9]);
    await app.close();
  });
});
