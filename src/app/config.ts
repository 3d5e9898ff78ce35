// Configuration comes from environment variables only, validated once at start so a typo fails
// loudly with the variable's name instead of surfacing later as odd behaviour.
import { z } from 'zod';

const booleanFromEnv = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'], {
    error: 'must be one of true, false, 1, 0, yes, no',
  })
  .transform((value) => value === 'true' || value === '1' || value === 'yes');

const configSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  PORT: z.coerce
    .number({ error: 'must be a port number' })
    .int('must be a whole number')
    .min(0, 'must be 0–65535')
    .max(65535, 'must be 0–65535')
    .default(3000),
  HOST: z.string().min(1, 'must not be empty').default('127.0.0.1'),
  DATABASE_URL: z
    .string()
    .regex(/^(sqlite:|postgres:\/\/|postgresql:\/\/)/, 'must start with sqlite: or postgres://')
    .default('sqlite:./data/samtrygg.sqlite'),
  PUBLIC_URL: z.url({ error: 'must be an absolute URL such as https://trygghet.example.se' }).optional(),
  SESSION_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
  SAMTRYGG_DEMO: booleanFromEnv.optional(),
  SMTP_URL: z
    .string()
    .regex(/^smtps?:\/\//, 'must start with smtp:// or smtps://')
    .optional(),
  MAIL_FROM: z.string().min(3, 'must be an e-mail address').default('Samtrygg <no-reply@samtrygg.localhost>'),
  MAP_TILE_URL: z
    .string()
    .regex(/^(https?:\/\/|\/).*\{z\}.*\{x\}.*\{y\}/, 'must be a tile URL template with {z}, {x} and {y}')
    .optional(),
  MAP_ATTRIBUTION: z.string().default(''),
  TRUST_PROXY: booleanFromEnv.default(false),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  UPLOAD_MAX_BYTES: z.coerce.number().int().min(1024, 'must be at least 1024').default(10 * 1024 * 1024),
  UPLOAD_MAX_REQUEST_BYTES: z.coerce.number().int().min(1024, 'must be at least 1024').default(25 * 1024 * 1024),
  UPLOAD_CONCURRENCY: z.coerce.number().int('must be a whole number').min(1, 'must be 1–100').max(100, 'must be 1–100').default(4),
  UPLOAD_SLOT_WAIT_MS: z.coerce.number().int('must be a whole number').min(0, 'must be 0–30000').max(30_000, 'must be 0–30000').default(2000),
  PG_POOL_SIZE: z.coerce.number().int().min(1, 'must be at least 1').max(200, 'must be at most 200').default(10),
  WORKERS: booleanFromEnv.default(true),
  PAGE_CACHE_SECONDS: z.coerce
    .number({ error: 'must be a number of seconds' })
    .min(0, 'must be 0–60')
    .max(60, 'must be 0–60')
    .default(2),
});

export type Config = {
  env: 'development' | 'production' | 'test';
  port: number;
  host: string;
  databaseUrl: string;
  publicUrl: string | undefined;
  sessionSecret: string;
  demo: boolean;
  smtpUrl: string | undefined;
  mailFrom: string;
  map: { tileUrl: string | undefined; attribution: string };
  trustProxy: boolean;
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  /** Largest single uploaded file. */
  uploadMaxBytes: number;
  /** Largest upload request (all files and fields of one form together). */
  uploadMaxRequestBytes: number;
  /** Upload forms this instance reads at once; more wait uploadSlotWaitMs, then get 429. */
  uploadConcurrency: number;
  uploadSlotWaitMs: number;
  pgPoolSize: number;
  runWorkers: boolean;
  pageCacheSeconds: number;
};

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  }
}

/** Reads and validates configuration; throws ConfigError listing every bad variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const present = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = configSchema.safeParse(present);
  if (!parsed.success) {
    throw new ConfigError(
      parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`),
    );
  }
  const c = parsed.data;
  const problems: string[] = [];
  const isProduction = c.NODE_ENV === 'production';
  const demo = c.SAMTRYGG_DEMO ?? !isProduction;
  if (isProduction && !c.SESSION_SECRET) {
    problems.push('SESSION_SECRET: is required when NODE_ENV=production (at least 32 random characters)');
  }
  if (isProduction && demo) {
    problems.push('SAMTRYGG_DEMO: demo mode cannot be used with NODE_ENV=production');
  }
  if (problems.length > 0) throw new ConfigError(problems);
  return {
    env: c.NODE_ENV,
    port: c.PORT,
    host: c.HOST,
    databaseUrl: c.DATABASE_URL,
    publicUrl: c.PUBLIC_URL,
    // Outside production an unset secret falls back to a fixed development value so that
    // `npm start` works with no setup; production refuses to start without one (above).
    sessionSecret: c.SESSION_SECRET ?? 'development-only-secret-not-for-production-use',
    demo,
    smtpUrl: c.SMTP_URL,
    mailFrom: c.MAIL_FROM,
    map: { tileUrl: c.MAP_TILE_URL, attribution: c.MAP_ATTRIBUTION },
    trustProxy: c.TRUST_PROXY,
    logLevel: c.LOG_LEVEL,
    uploadMaxBytes: c.UPLOAD_MAX_BYTES,
    uploadMaxRequestBytes: c.UPLOAD_MAX_REQUEST_BYTES,
    uploadConcurrency: c.UPLOAD_CONCURRENCY,
    uploadSlotWaitMs: c.UPLOAD_SLOT_WAIT_MS,
    pgPoolSize: c.PG_POOL_SIZE,
    runWorkers: c.WORKERS,
    pageCacheSeconds: c.PAGE_CACHE_SECONDS,
  };
}

/** For command-line entry points: the configuration, or a message naming each bad variable and exit code 2. */
export function loadConfigOrExit(env: NodeJS.ProcessEnv = process.env): Config {
  try {
    return loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(2);
    }
    throw error;
  }
}
