import pino from 'pino';
import { createAppContext } from '../src/app/context.js';
import { loadConfig } from '../src/platform/config.js';
import { buildServer } from '../src/app/server.js';
const config = loadConfig({ NODE_ENV: 'development', LOG_LEVEL: 'silent', WORKERS: 'false', DATABASE_URL: 'sqlite:/tmp/sub.db', PAGE_CACHE_SECONDS: '0' });
const ctx = createAppContext(config, pino({ level: 'silent' }));
const app = await buildServer(ctx);
for (const url of (process.argv[2] ? [process.argv[2]] : ['/vallentuna/rapporter', '/vallentuna/rapportera', '/vallentuna/'])) {
  for (let i = 0; i < 50; i++) await app.inject({ url });
  const s = performance.now();
  for (let i = 0; i < 300; i++) { const r = await app.inject({ url }); if (r.statusCode !== 200) throw new Error(String(r.statusCode)); }
  console.log(url, ((performance.now() - s) / 300).toFixed(2), 'ms');
}
await app.close();
