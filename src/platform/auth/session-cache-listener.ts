// PostgreSQL only: keeps this instance's session cache (session-cache.ts) in step with every
// instance's changes. The triggers of migration 2026_12_02_0600 NOTIFY `samtrygg_auth` when a
// transaction that changed a session, an account, a role, an organisation or a police area's
// kommuner commits; the payload names what changed:
//   session:<id hash>   user:<user id>   all
// The cache is on only while this connection listens: until it has connected, and from the
// moment it breaks until it has listened again, every request asks the database.
import pg from 'pg';
import type { Logger } from 'pino';
import type { SessionCache } from './session-cache.js';

export const authChannel = 'samtrygg_auth';

export interface AuthChangeListener {
  /** Resolves when the first LISTEN is in place (or the first attempt failed). */
  ready: Promise<void>;
  /** Called with each payload, after the cache has acted on it (for tests). */
  onNotification(handler: (payload: string) => void): void;
  close(): Promise<void>;
}

export function applyAuthChange(cache: SessionCache, payload: string): void {
  if (payload.startsWith('session:')) cache.forgetSession(payload.slice('session:'.length));
  else if (payload.startsWith('user:')) cache.forgetUser(payload.slice('user:'.length));
  else cache.clear();
}

export function listenForAuthChanges(databaseUrl: string, cache: SessionCache, logger: Logger, retryMs = 1000): AuthChangeListener {
  let client: pg.Client | undefined;
  let closed = false;
  let retry: NodeJS.Timeout | undefined;
  const handlers: ((payload: string) => void)[] = [];
  let markReady: () => void = () => undefined;
  const ready = new Promise<void>((resolve) => (markReady = resolve));

  const lost = (error?: Error) => {
    cache.disable();
    const broken = client;
    client = undefined;
    broken?.removeAllListeners();
    void broken?.end().catch(() => undefined);
    if (closed) return;
    if (error) logger.warn({ err: error }, 'session cache: change notifications lost; the cache is off until they are back');
    retry = setTimeout(connect, retryMs);
  };

  async function connect(): Promise<void> {
    retry = undefined;
    const next = new pg.Client({ connectionString: databaseUrl });
    next.on('error', (error) => {
      if (client === next) lost(error);
    });
    next.on('end', () => {
      if (client === next) lost(new Error('connection ended'));
    });
    next.on('notification', (message) => {
      if (message.channel !== authChannel) return;
      applyAuthChange(cache, message.payload ?? 'all');
      for (const handler of handlers) handler(message.payload ?? 'all');
    });
    try {
      await next.connect();
      await next.query(`listen ${authChannel}`);
      if (closed) {
        await next.end();
        return;
      }
      client = next;
      // Whatever changed while nobody listened is not known: start empty.
      cache.enable();
    } catch (error) {
      next.removeAllListeners();
      void next.end().catch(() => undefined);
      if (!closed) {
        logger.warn({ err: error }, 'session cache: cannot listen for changes; the cache stays off');
        retry = setTimeout(connect, retryMs);
      }
    } finally {
      markReady();
    }
  }

  void connect();
  return {
    ready,
    onNotification(handler) {
      handlers.push(handler);
    },
    async close() {
      closed = true;
      if (retry) clearTimeout(retry);
      cache.disable();
      const open = client;
      client = undefined;
      open?.removeAllListeners();
      await open?.end().catch(() => undefined);
    },
  };
}
