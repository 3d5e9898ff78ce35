import type { Logger } from 'pino';
import type { Config } from './config.js';
import type { Db, Dialect } from './db/database.js';
import type { EventBus } from './events/events.js';
import type { PageCache } from './http/page-cache.js';
import type { UploadSlots } from './files/upload-slots.js';
import type { Registry } from './registry.js';
import type { SessionCache } from './auth/session-cache.js';

/**
 * What every service needs, passed explicitly as the first argument (`ctx`). No container:
 * a test builds one with a real database and calls services directly.
 */
export interface AppContext {
  db: Db;
  dialect: Dialect;
  config: Config;
  logger: Logger;
  events: EventBus;
  /** Wakes the mail sender after a commit; a no-op in tests that send explicitly. */
  notifyMailQueued: () => void;
  /** Rendered public pages for anonymous readers; cleared after every committed write. */
  pageCache: PageCache;
  /** This instance's upload slots (UPLOAD_CONCURRENCY): how many upload forms are read at once. */
  uploadSlots: UploadSlots;
  /** What this app is made of: its modules' messages, grants, menus, settings, assets… */
  registry: Registry;
  /** Signed-in requests' sessions and roles, on PostgreSQL while change notifications arrive (see session-cache.ts). */
  sessionCache: SessionCache;
}
