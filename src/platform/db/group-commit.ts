// Group commit for SQLite. A commit writes every page the transaction changed to the WAL: a
// report touches a leaf of its table and of each of its indexes, 46 pages (190 kB) for one
// report, its history entry and its audit row, and that write was most of a report's cost
// (profiled under `npm run bench`). Transactions that commit in the same turn of the event loop
// touch mostly the same pages (ids and timestamps grow), so they are committed together: each
// transaction is a savepoint inside one open SQLite transaction, released (or rolled back) on
// its own, and the whole group is committed once the connection is free and a turn of the loop
// brought it no new member (or it has waited long enough, or is full: defaultGroupWaitMs,
// maxGroupSize). Nothing is acknowledged before its group is committed: inTransaction and every
// HTTP reply wait for `durable()`. If the commit fails, everyone who waits is told, so nothing
// that was written in the group is reported as stored.
import type SQLite from 'better-sqlite3';

// The loop's own setImmediate, taken when this module loads: a test's fake clock must not hold a
// commit back (and every reply with it).
const nextTurn = globalThis.setImmediate.bind(globalThis);
const monotonicMs = performance.now.bind(performance);

/** At most this many transactions and single writes share a commit, to keep each one's wait short. */
const maxGroupSize = 200;

/**
 * A group that grew in the loop's last turn waits another turn for more members, up to this
 * age: each commit writes every page its group changed, and most pages are shared (the last
 * leaf of each table and index), so one commit for sixteen reports writes far fewer pages than
 * two for eight. Under load the requests read in one turn are often only half of those under
 * way (the others' next requests arrive while a turn's work is done); waiting one turn more lets
 * them join. A group commits as soon as a turn brings no one new, so a lone write waits one
 * turn, and never waits past this age for more.
 */
export const defaultGroupWaitMs = 10;

const dataChange = /^\s*(?:insert|update|delete|replace|with)\b/i;
const plainRead = /^\s*(?:select|with)\b/i;
const pragma = /^\s*pragma\b/i;

/**
 * How a statement meets the group, decided once when it is prepared: a plain read passes by; a
 * data change joins the group; anything else (schema, transaction control) runs after the
 * group's commit when no transaction of ours is open.
 */
export type StatementKind = 'read' | 'change' | 'other';

export function statementKind(source: string, reader: boolean): StatementKind {
  if (reader && plainRead.test(source)) return 'read';
  return dataChange.test(source) ? 'change' : 'other';
}

/**
 * SQLite settles a pragma when it is prepared: `foreign_keys = off` prepared inside the group's
 * transaction would do nothing then and at every later run. A pragma is prepared after the
 * group's commit, each time (they are rare).
 */
export function isPragma(source: string): boolean {
  return pragma.test(source);
}

interface Waiter {
  resolve: () => void;
  reject: (error: unknown) => void;
}

export class GroupCommit {
  /** The SQLite transaction that the group writes in is open. */
  private open = false;
  /** One of our transactions (a savepoint) is open: the group cannot be committed now. */
  private inTransaction = false;
  private members = 0;
  /** When the group's transaction began, and how many had joined when its commit was last put off. */
  private openedAt = 0;
  private membersSeen = 0;
  private waiters: Waiter[] = [];
  private scheduled = false;
  /** Set when the group's SQLite transaction was lost (SQLite rolled it back after an error). */
  private lost: unknown;
  /**
   * A lost group's error, until the loop's next turn: a member whose transaction ended just
   * before the loss asks `durable()` in the same turn, after the group is gone, and must hear it.
   */
  private recentLoss: unknown;

  /** Called after each commit that succeeded, holding the connection (the checkpointer's cue). */
  afterCommit: (() => void) | undefined;

  /**
   * `withConnection` runs its function holding the single connection, as a query does, so a
   * scheduled commit never runs in the middle of someone's transaction.
   */
  constructor(
    private readonly sqlite: SQLite.Database,
    private readonly withConnection: (fn: () => void) => Promise<void>,
    /** How long a growing group may wait for more members (defaultGroupWaitMs). */
    private readonly maxWaitMs = defaultGroupWaitMs,
  ) {}

  // Prepared once: parsing these on every transaction showed in the profile.
  private readonly statements = new Map<string, SQLite.Statement>();

  private exec(source: 'begin' | 'commit' | 'rollback' | 'savepoint samtrygg_tx' | 'release samtrygg_tx' | 'rollback to samtrygg_tx'): void {
    let statement = this.statements.get(source);
    if (!statement) {
      statement = this.sqlite.prepare(source);
      this.statements.set(source, statement);
    }
    statement.run();
  }

  beginTransaction(): void {
    this.openGroup();
    this.exec('savepoint samtrygg_tx');
    this.inTransaction = true;
  }

  commitTransaction(): void {
    this.inTransaction = false;
    this.exec('release samtrygg_tx');
    this.joined();
  }

  rollbackTransaction(): void {
    this.inTransaction = false;
    if (!this.sqlite.inTransaction) {
      // SQLite rolled back the whole transaction after an error (a full disk, I/O): the group's
      // other members are lost too.
      this.groupLost(new Error('SQLite rolled the group commit back'));
      return;
    }
    this.exec('rollback to samtrygg_tx');
    this.exec('release samtrygg_tx');
  }

  /**
   * Before a statement outside a transaction: a data change joins the group (SQLite undoes only
   * the statement if it fails); anything else (schema, pragmas) runs after the group's commit,
   * as it would have without grouping.
   */
  beforeStatement(kind: Exclude<StatementKind, 'read'>): void {
    if (this.inTransaction) return;
    if (kind === 'change') this.openGroup();
    else this.commitNow();
  }

  /** After a statement outside a transaction changed data (or tried to). */
  afterStatement(kind: Exclude<StatementKind, 'read'>, failed: boolean): void {
    if (this.inTransaction || !this.open) return;
    if (failed && !this.sqlite.inTransaction) {
      this.groupLost(new Error('SQLite rolled the group commit back'));
      return;
    }
    if (!failed && kind === 'change') this.joined();
  }

  /**
   * Resolves once everything written so far is committed (at once when nothing waits for a
   * commit); rejects when that commit failed.
   */
  durable(): Promise<void> | undefined {
    if (this.recentLoss !== undefined) return Promise.reject(this.recentLoss);
    if (!this.open) return undefined;
    return new Promise((resolve, reject) => this.waiters.push({ resolve, reject }));
  }

  /** Commits the group now. Only where no transaction of ours is open (the caller holds the connection). */
  commitNow(): void {
    if (!this.open || this.inTransaction) return;
    this.open = false;
    this.members = 0;
    const waiters = this.waiters;
    this.waiters = [];
    let failure: unknown = this.lost;
    this.lost = undefined;
    if (failure === undefined) {
      try {
        if (!this.sqlite.inTransaction) throw new Error('SQLite rolled the group commit back');
        this.exec('commit');
      } catch (error) {
        failure = error;
        if (this.sqlite.inTransaction) this.exec('rollback');
      }
      if (failure === undefined) this.afterCommit?.();
    }
    for (const waiter of waiters) {
      if (failure === undefined) waiter.resolve();
      else waiter.reject(failure);
    }
  }

  private openGroup(): void {
    if (this.open && this.members >= maxGroupSize) this.commitNow();
    if (this.open) return;
    this.exec('begin');
    this.open = true;
    this.openedAt = monotonicMs();
    this.membersSeen = 0;
    // Committed on the loop's next turn, even if nothing joins (a transaction that rolled back
    // opened it): whoever waits for durable() is never left waiting.
    if (!this.scheduled) {
      this.scheduled = true;
      nextTurn(() => void this.commitWhenFree());
    }
  }

  private joined(): void {
    this.members += 1;
  }

  private groupLost(error: unknown): void {
    this.lost ??= error;
    if (this.recentLoss === undefined) nextTurn(() => (this.recentLoss = undefined));
    this.recentLoss = error;
    this.commitNow();
  }

  private async commitWhenFree(): Promise<void> {
    await this.withConnection(() => {
      const growing = this.open && this.members > this.membersSeen && this.members < maxGroupSize;
      if (growing && monotonicMs() - this.openedAt < this.maxWaitMs) {
        this.membersSeen = this.members;
        nextTurn(() => void this.commitWhenFree());
        return;
      }
      this.scheduled = false;
      this.commitNow();
    });
  }
}
