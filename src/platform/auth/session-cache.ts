// A short per-instance cache of "this session, its person and their roles in this kommun": the
// one query every signed-in request made before anything else, and on PostgreSQL the larger part
// of a staff page's cost (a round trip to a database that shares the machine's cores).
//
// It serves nothing unless it is told that every change reaches it:
// - on PostgreSQL, triggers on sessions, users, memberships, organisations and police areas'
//   kommuner NOTIFY on commit (migration 2026_12_02_0600), and each instance LISTENs
//   (session-cache-listener.ts): a change on any instance, a job or psql reaches every instance;
//   while the listening connection is down the cache is off and emptied;
// - on this instance, every write to those tables clears it once the database has answered
//   (Database.onWrite, wired in app/context.ts), and so does every unsafe request before its
//   answer is sent (kernel.plugin.ts): whoever changed something never waits for the
//   notification to come back;
// - whatever it holds is dropped after `ttlMs`, and a session past its idle or absolute lifetime
//   by the cached times is looked up again rather than trusted.
// On SQLite (one instance, and the lookup costs microseconds) it stays off.
import type { ScopedRole, SessionRow } from './session.repository.js';

/** What a cached session depends on: a write to any of these makes the cache forget. */
export const sessionCacheTables = ['sessions', 'users', 'memberships', 'organisations', 'police_area_kommuner'] as const;

export interface CachedSession {
  session: SessionRow;
  roles: ScopedRole[];
}

export interface SessionCache {
  readonly enabled: boolean;
  /** The cached lookup of a session in a kommun (null: no kommun), if fresh; never while disabled. */
  get(idHash: string, kommunId: string | null, nowMs: number): CachedSession | undefined;
  set(idHash: string, kommunId: string | null, found: CachedSession, nowMs: number): void;
  /** This instance wrote a new last-seen time and expiry for the session. */
  touched(idHash: string, lastSeenAt: string, expiresAt: string): void;
  forgetSession(idHash: string): void;
  forgetUser(userId: string): void;
  clear(): void;
  /** Serve from the cache (the change notifications are arriving); starts empty. */
  enable(): void;
  /** Stop serving and empty it (the notifications may be missed). */
  disable(): void;
}

interface Entry extends CachedSession {
  storedAt: number;
}

export function createSessionCache(ttlMs: number, maxEntries = 10_000): SessionCache {
  const entries = new Map<string, Entry>();
  // Which entries belong to a session and to a person: a notification forgets them without
  // walking the whole cache (the expired-session clean-up can announce thousands at once).
  const bySession = new Map<string, Set<string>>();
  const byUser = new Map<string, Set<string>>();
  let enabled = false;
  const keyOf = (idHash: string, kommunId: string | null) => `${idHash} ${kommunId ?? ''}`;
  const index = (map: Map<string, Set<string>>, id: string, key: string) => {
    let keys = map.get(id);
    if (!keys) map.set(id, (keys = new Set()));
    keys.add(key);
  };
  const unindex = (map: Map<string, Set<string>>, id: string, key: string) => {
    const keys = map.get(id);
    keys?.delete(key);
    if (keys?.size === 0) map.delete(id);
  };
  const remove = (key: string) => {
    const entry = entries.get(key);
    if (!entry) return;
    entries.delete(key);
    unindex(bySession, entry.session.idHash, key);
    unindex(byUser, entry.session.userId, key);
  };
  const clear = () => {
    entries.clear();
    bySession.clear();
    byUser.clear();
  };
  return {
    get enabled() {
      return enabled;
    },
    get(idHash, kommunId, nowMs) {
      if (!enabled) return undefined;
      const key = keyOf(idHash, kommunId);
      const entry = entries.get(key);
      if (!entry) return undefined;
      if (nowMs - entry.storedAt > ttlMs) {
        remove(key);
        return undefined;
      }
      return entry;
    },
    set(idHash, kommunId, found, nowMs) {
      if (!enabled) return;
      const key = keyOf(idHash, kommunId);
      remove(key);
      if (entries.size >= maxEntries) remove(entries.keys().next().value!);
      entries.set(key, { ...found, storedAt: nowMs });
      index(bySession, found.session.idHash, key);
      index(byUser, found.session.userId, key);
    },
    touched(idHash, lastSeenAt, expiresAt) {
      for (const key of bySession.get(idHash) ?? []) {
        const entry = entries.get(key);
        if (entry) entry.session = { ...entry.session, lastSeenAt, expiresAt };
      }
    },
    forgetSession(idHash) {
      for (const key of [...(bySession.get(idHash) ?? [])]) remove(key);
    },
    forgetUser(userId) {
      for (const key of [...(byUser.get(userId) ?? [])]) remove(key);
    },
    clear,
    enable() {
      clear();
      enabled = true;
    },
    disable() {
      enabled = false;
      clear();
    },
  };
}
