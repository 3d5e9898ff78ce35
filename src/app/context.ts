import pino, { type Logger } from 'pino';
import type { AppContext } from '../platform/context.js';
import { openDatabase, type Database } from '../platform/db/database.js';
import { createEventBus } from '../platform/events/events.js';
import { createPageCache } from '../platform/http/page-cache.js';
import { createUploadSlots } from '../platform/files/upload-slots.js';
import type { Config } from '../platform/config.js';
import type { ModuleManifest } from '../platform/module.js';
import { createRegistry } from '../platform/registry.js';
import { createSessionCache, sessionCacheTables } from '../platform/auth/session-cache.js';
import { isSessionTouch } from '../platform/auth/session.repository.js';
import { allModules } from './modules.js';

/** The longest a cached session is trusted, should a change notification ever be lost in transit. */
const sessionCacheTtlMs = 30_000;

/** `destination` is for tests that read what would be logged; the app logs to stdout. */
export function createLogger(config: Config, destination?: pino.DestinationStream): Logger {
  const options: pino.LoggerOptions = {
    level: config.logLevel,
    // Belt and braces: these never belong in logs even if someone logs a whole object.
    redact: {
      paths: ['password', '*.password', 'email', '*.email', 'to', '*.to', 'token', '*.token', 'req.headers.cookie', 'req.headers.authorization', 'headers.cookie'],
      censor: '[redacted]',
    },
    base: { app: 'samtrygg' },
  };
  return destination ? pino(options, destination) : pino(options);
}

/**
 * One app's context, built with the modules it runs (all of them unless told otherwise): each
 * context has its own registry, and each module's `listen` subscribes on its own event bus.
 */
export function createAppContext(
  config: Config,
  logger: Logger,
  database: Database = openDatabase(config.databaseUrl, { poolSize: config.pgPoolSize, onCheckpointError: (error) => logger.error({ err: error }, 'SQLite background checkpoints stopped; SQLite checkpoints on its own again') }),
  modules: readonly ModuleManifest[] = allModules,
): AppContext & { database: Database } {
  const registry = createRegistry(modules);
  const ctx: AppContext & { database: Database } = {
    database,
    db: database.db,
    dialect: database.dialect,
    config,
    logger,
    events: createEventBus((name, error) => logger.error({ event: name, err: error }, 'event handler failed'), registry.events),
    notifyMailQueued: () => undefined,
    pageCache: createPageCache(config.pageCacheSeconds * 1000),
    uploadSlots: createUploadSlots(config.uploadConcurrency),
    registry,
    sessionCache: createSessionCache(sessionCacheTtlMs),
  };
  // What this process writes to them, the session cache forgets at once (other instances learn it
  // from the database's notification, see session-cache.ts).
  database.onWrite?.(sessionCacheTables, (_table, statement) => {
    if (!isSessionTouch(statement)) ctx.sessionCache.clear();
  });
  for (const module of modules) module.listen?.(ctx);
  return ctx;
}
