// Configuration comes from environment variables only, validated once at start so a typo fails
// loudly with the variable's name instead of surfacing later as odd behaviour.
import { existsSync } from 'node:fs';
import { isIP } from 'node:net';
import { resolve } from 'node:path';
import { z } from 'zod';
import { readPmtilesHeader, type BasemapInfo } from './map/basemap.js';

const booleanFromEnv = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'], {
    error: 'must be one of true, false, 1, 0, yes, no',
  })
  .transform((value) => value === 'true' || value === '1' || value === 'yes');

/** Used as the basemap when MAP_PMTILES is not set and the file exists. */
export const defaultPmtilesPath = './data/basemap.pmtiles';

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
  /** A PMTiles v3 vector archive (an OpenStreetMap extract of the region) served from our own origin. */
  MAP_PMTILES: z.string().min(1).optional(),
  TRUST_PROXY: z
    .string()
    .default('false')
    .transform((value, context) => {
      const setting = parseTrustProxy(value);
      if (typeof setting === 'string') {
        context.addIssue({ code: 'custom', message: setting });
        return z.NEVER;
      }
      return setting;
    }),
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
  /** The address people use; links in mail are built from it (PUBLIC_URL, or http://localhost:PORT outside production). */
  publicUrl: string;
  sessionSecret: string;
  demo: boolean;
  smtpUrl: string | undefined;
  mailFrom: string;
  /** Basemaps: raster tiles (MAP_TILE_URL), a self-hosted vector archive (MAP_PMTILES), both or neither. */
  map: { tileUrl: string | undefined; attribution: string; pmtiles: BasemapInfo | undefined };
  /** False, a number of proxy hops, or the proxies' addresses/ranges: never "trust everything". */
  trustProxy: false | number | string[];
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

/**
 * TRUST_PROXY names how many proxies stand in front (their count of X-Forwarded-For hops) or
 * their addresses and ranges. "true" would trust every hop, and with it any address a client
 * writes into X-Forwarded-For, so the client would choose the address rate limits count; it is
 * refused. Returns the setting, or a message (string) saying what is wrong.
 */
export function parseTrustProxy(value: string): false | number | string[] | string {
  const trimmed = value.trim().toLowerCase();
  if (['false', '0', 'no', ''].includes(trimmed)) return false;
  if (['true', 'yes', 'all'].includes(trimmed)) {
    return 'give the number of proxies in front of Samtrygg (e.g. 1) or their addresses (e.g. 10.0.0.0/8), not true: trusting every hop lets any client choose its own address';
  }
  if (/^\d+$/.test(trimmed)) {
    const hops = Number(trimmed);
    return hops >= 1 && hops <= 10 ? hops : 'a number of proxy hops must be 1–10';
  }
  const entries = value.split(',').map((e) => e.trim()).filter(Boolean);
  for (const entry of entries) {
    const [address, prefix, ...rest] = entry.split('/');
    const version = isIP(address ?? '');
    const maxPrefix = version === 4 ? 32 : 128;
    const prefixOk = prefix === undefined || (/^\d+$/.test(prefix) && Number(prefix) <= maxPrefix);
    if (version === 0 || !prefixOk || rest.length > 0) return `"${entry}" is not an IP address or range (e.g. 10.0.0.0/8, 192.168.1.10, ::1)`;
  }
  return entries;
}

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
  if (isProduction && !c.PUBLIC_URL) {
    problems.push('PUBLIC_URL: is required when NODE_ENV=production (the address people use, e.g. https://trygghet.example.se); links in mail are built from it');
  }
  let pmtiles: BasemapInfo | undefined;
  // A kommun can also just drop its extract into the data folder. Tests never pick one up by chance.
  const pmtilesPath = c.MAP_PMTILES ?? (c.NODE_ENV !== 'test' && existsSync(defaultPmtilesPath) ? defaultPmtilesPath : undefined);
  if (pmtilesPath) {
    const header = readPmtilesHeader(resolve(pmtilesPath));
    if (typeof header === 'string') problems.push(`MAP_PMTILES: ${header}`);
    else pmtiles = header;
  }
  if (problems.length > 0) throw new ConfigError(problems);
  // OpenStreetMap's licence (ODbL) requires the credit wherever its data is shown.
  const attribution = c.MAP_ATTRIBUTION || (pmtiles ? '© OpenStreetMap contributors' : '');
  return {
    env: c.NODE_ENV,
    port: c.PORT,
    host: c.HOST,
    databaseUrl: c.DATABASE_URL,
    publicUrl: c.PUBLIC_URL ?? `http://localhost:${c.PORT}`,
    // Outside production an unset secret falls back to a fixed development value so that
    // `npm start` works with no setup; production refuses to start without one (above).
    sessionSecret: c.SESSION_SECRET ?? 'development-only-secret-not-for-production-use',
    demo,
    smtpUrl: c.SMTP_URL,
    mailFrom: c.MAIL_FROM,
    map: { tileUrl: c.MAP_TILE_URL, attribution, pmtiles },
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
