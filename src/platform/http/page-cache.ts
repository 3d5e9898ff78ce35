// A short-lived, per-instance cache of public pages as anonymous readers see them. The home page
// and the news list are the same HTML for every anonymous reader with the same language and
// display settings, so rendering them once a second instead of on every request lets one small
// machine serve a kommun's rush of readers (see `npm run bench`, which measures both ways).
//
// Safe by construction: only GET pages rendered with status 200 for a request without a session
// cookie or flash message, and only when the page did not ask for a CSRF token (a form carries a
// per-browser token, so pages with forms are never cached). Any committed write on this instance
// clears the cache; other instances see changes within `ttlMs`. The staff overview keeps its
// counts here too (kernel.tsx), under keys no request can have: the same numbers for everyone
// with the same roles in a kommun, with the same lifetime and the same clearing.
import type { FastifyRequest } from 'fastify';

interface Entry {
  body: string;
  storedAt: number;
}

export interface PageCache {
  readonly ttlMs: number;
  /** The cache key of a request that may be served from or stored in the cache, else null. */
  keyOf(request: FastifyRequest): string | null;
  get(key: string): string | undefined;
  set(key: string, body: string): void;
  clear(): void;
}

export function createPageCache(ttlMs: number, maxEntries = 2000): PageCache {
  const entries = new Map<string, Entry>();
  return {
    ttlMs,
    keyOf(request) {
      if (ttlMs <= 0 || request.method !== 'GET') return null;
      if (request.readCookie('session') !== undefined || request.readCookie('flash') !== undefined) return null;
      const prefs = `${request.prefs.largeText ? 'L' : '-'}${request.prefs.highContrast ? 'C' : '-'}`;
      return `${request.locale}|${prefs}|${request.url}`;
    },
    get(key) {
      const entry = entries.get(key);
      if (!entry) return undefined;
      if (Date.now() - entry.storedAt > ttlMs) {
        entries.delete(key);
        return undefined;
      }
      return entry.body;
    },
    set(key, body) {
      if (entries.size >= maxEntries) entries.delete(entries.keys().next().value!);
      entries.set(key, { body, storedAt: Date.now() });
    },
    clear() {
      entries.clear();
    },
  };
}
