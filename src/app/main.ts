// `npm start`: validate configuration, open and migrate the database, create the demo on first
// start in demo mode, serve, run background jobs, and shut down gracefully on SIGTERM/SIGINT.
import { loadConfigOrExit } from '../platform/config.js';
import { createAppContext, createLogger } from './context.js';
import { buildServer } from './server.js';
import { allModules } from './modules.js';
import { collectMigrations, migrateToLatest } from '../platform/db/migrate.js';
import { startJobs } from '../platform/jobs/jobs.js';
import { seedDemoIfEmpty } from '../platform/demo.js';

async function main(): Promise<void> {
  const config = loadConfigOrExit();
  const logger = createLogger(config);
  const ctx = createAppContext(config, logger);
  await migrateToLatest(ctx.db, collectMigrations(allModules));
  if (config.demo) {
    const created = await seedDemoIfEmpty(ctx);
    if (created) logger.info('created the Vallentuna demo');
  }
  const app = await buildServer(ctx);
  const jobs = config.runWorkers ? startJobs(ctx, allModules.flatMap((m) => m.jobs ?? [])) : null;
  if (jobs) ctx.notifyMailQueued = () => jobs.kick('mail.send');

  let closing = false;
  const shutdown = async (signal: string) => {
    if (closing) return;
    closing = true;
    logger.info({ signal }, 'shutting down: finishing in-flight requests');
    const force = setTimeout(() => {
      logger.error('shutdown took too long, exiting');
      process.exit(1);
    }, 15_000);
    force.unref();
    await app.close();
    await jobs?.stop();
    await ctx.database.close();
    logger.info('stopped');
    process.exit(0);
  };
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));

  await app.listen({ port: config.port, host: config.host });
  logger.info({ url: `http://localhost:${config.port}/`, demo: config.demo, dialect: ctx.dialect }, 'Samtrygg is running');
}

main().catch((error: unknown) => {
  process.stderr.write(`Samtrygg could not start: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
