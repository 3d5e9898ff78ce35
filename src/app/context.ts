import pino, { type Logger } from 'pino';
import type { AppContext } from '../platform/context.js';
import { openDatabase, type Database } from '../platform/db/database.js';
import { createEventBus } from '../platform/events/events.js';
import { createPageCache } from '../platform/http/page-cache.js';
import { createUploadSlots } from '../platform/files/upload-slots.js';
import type { Config } from '../platform/config.js';
import type { ModuleManifest } from '../platform/module.js';
import { createRegistry } from '../platform/registry.js';
import { allModules } from './modules.js';

export function createLogger(config: Config): Logger {
  return pino({
    level: config.logLevel,
    // Belt and braces: these never belong in logs even if someone logs a whole object.
    redact: {
      paths: ['password', '*.password', 'email', '*.email', 'to', '*.to', 'token', '*.token', 'req.headers.cookie', 'req.headers.authorization', 'headers.cookie'],
      censor: '[redacted]',
    },
    base: { app: 'samtrygg' },
  });
}

/**
 * One app's context, built with the modules it runs (all of them unless told otherwise): each
 * context has its own registry, and each module's `listen` subscribes on its own event bus.
 */
export function createAppContext(
  config: Config,
  logger: Logger,
  database: Database = openDatabase(config.databaseUrl, { poolSize: config.pgPoolSize }),
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
  };
  for (const module of modules) module.listen?.(ctx);
  return ctx;
}
