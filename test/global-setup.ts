// Runs once before the suite: PostgreSQL must answer, or the whole run fails. SQL-touching tests
// run on both dialects, and a suite that silently skipped one would prove nothing.
import pg from 'pg';
import { postgresAdminUrl } from './databases.js';

export default async function setup(): Promise<void> {
  process.env.NO_COLOR = '1';
  const client = new pg.Client({ connectionString: postgresAdminUrl(), connectionTimeoutMillis: 5000 });
  try {
    await client.connect();
    await client.query('select 1');
  } catch (error) {
    throw new Error(
      `PostgreSQL is not reachable at ${postgresAdminUrl()} (${error instanceof Error ? error.message : String(error)}). ` +
        'Start it (see README, "Tests") or set TEST_POSTGRES_URL. The suite runs every SQL test on SQLite and PostgreSQL and does not skip either.',
    );
  } finally {
    await client.end().catch(() => undefined);
  }
}
