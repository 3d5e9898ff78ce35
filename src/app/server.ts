import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import cookie from '@fastify/cookie';
import formbody from '@fastify/formbody';
import multipart from '@fastify/multipart';
import fastifyStatic from '@fastify/static';
import Fastify, { LogController, type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import type { AppContext } from '../platform/context.js';
import { registerErrorHandling } from '../platform/http/error-handler.js';
import { registerKernelHooks } from '../platform/http/kernel.plugin.js';
import { registerSecurityHeaders } from '../platform/http/security-headers.js';
import { basemapUrl, registerBasemapRoute } from '../platform/map/basemap.js';
import type { Registry } from '../platform/registry.js';
import type { MapConfig } from '../platform/views/page-context.js';
import { listenForAuthChanges, type AuthChangeListener } from '../platform/auth/session-cache-listener.js';

declare module 'fastify' {
  interface FastifyInstance {
    /** PostgreSQL: this instance's subscription to session, account and role changes (session cache). */
    authChanges: AuthChangeListener | null;
  }
}

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..', '..');

/** Request bodies above this are refused with 413 before parsing (uploads have their own limit). */
export const bodyLimitBytes = 256 * 1024;

/** Fastify's types take a hop count as a function: trust the first n hops, counted from the socket. */
function trustProxyOption(setting: false | number | string[]): boolean | string[] | ((address: string, hop: number) => boolean) {
  if (typeof setting === 'number') return (_address: string, hop: number) => hop < setting;
  return setting;
}

function tileOrigin(tileUrl: string | undefined): string[] {
  if (!tileUrl || tileUrl.startsWith('/')) return [];
  try {
    const url = new URL(tileUrl.replace(/\{[a-z]\}/g, 'x'));
    return [url.origin];
  } catch {
    return [];
  }
}

/** The app for a context: the modules it runs are the ones its registry was built from. */
export async function buildServer(ctx: AppContext): Promise<FastifyInstance> {
  const modules = ctx.registry.modules;
  const app = Fastify({
    loggerInstance: ctx.logger as FastifyBaseLogger,
    trustProxy: trustProxyOption(ctx.config.trustProxy),
    bodyLimit: bodyLimitBytes,
    logController: new LogController({ disableRequestLogging: true }),
    routerOptions: { maxParamLength: 200, ignoreTrailingSlash: false },
    return503OnClosing: true,
  });

  // One line per request, with the route pattern instead of the URL: URLs can carry reset tokens
  // and search words, which must not reach the logs.
  app.addHook('onResponse', async (request, reply) => {
    request.log.info(
      { method: request.method, route: request.routeOptions.url ?? 'not-found', status: reply.statusCode, ms: Math.round(reply.elapsedTime) },
      'request',
    );
  });

  await app.register(cookie);
  await app.register(formbody, { bodyLimit: bodyLimitBytes });
  // Without attachFieldsToBody the multipart parser reads nothing: only upload routes read their
  // body, with readUploadForm, after their permission check (the kernel refuses multipart elsewhere).
  await app.register(multipart, { limits: { fileSize: ctx.config.uploadMaxBytes, files: 0, parts: 0 } });
  registerSecurityHeaders(app, { tileOrigins: tileOrigin(ctx.config.map.tileUrl), hsts: ctx.config.publicUrl.startsWith('https:') });

  app.addContentTypeParser('*', (_request, _payload, done) => {
    const error = Object.assign(new Error('Unsupported Media Type'), { statusCode: 415, code: 'FST_ERR_CTP_INVALID_MEDIA_TYPE' });
    done(error, undefined);
  });

  app.decorate('mapConfig', {
    tileUrl: ctx.config.map.tileUrl,
    attribution: ctx.config.map.attribution,
    vector: ctx.config.map.pmtiles ? { url: basemapUrl, maxZoom: ctx.config.map.pmtiles.maxZoom } : undefined,
  } satisfies MapConfig);
  app.decorate('registry', ctx.registry);
  registerStatic(app, ctx.registry.assets);
  if (ctx.config.map.pmtiles) registerBasemapRoute(app, ctx.config.map.pmtiles);
  registerKernelHooks(app, ctx);
  registerErrorHandling(app);
  // The session cache serves only while this instance hears every change; SQLite keeps it off.
  const authChanges = ctx.dialect === 'postgres' ? listenForAuthChanges(ctx.config.databaseUrl, ctx.sessionCache, ctx.logger) : null;
  app.decorate('authChanges', authChanges);
  if (authChanges) {
    app.addHook('onClose', async () => authChanges.close());
    await authChanges.ready;
  }

  for (const module of modules) {
    if (module.routes) await app.register(async (scope) => module.routes!(scope, ctx));
  }
  return app;
}

function registerStatic(app: FastifyInstance, moduleAssets: Registry['assets']): void {
  // `only`: the files of a package that pages use; the rest of it is not served.
  const assets: [prefix: string, dir: string, only?: RegExp][] = [
    ...moduleAssets.map((folder): [string, string] => [folder.prefix, folder.dir]),
    ['/assets/vendor/ds/', join(root, 'node_modules', '@digdir', 'designsystemet-css', 'dist')],
    ['/assets/vendor/leaflet/', join(root, 'node_modules', 'leaflet', 'dist')],
    // The browser build (one classic script, pmtiles bundled in): it extends the global L.
    ['/assets/vendor/protomaps-leaflet/', join(root, 'node_modules', 'protomaps-leaflet', 'dist')],
    // Inter (SIL OFL 1.1), the typeface Designsystemet is drawn for: Latin and Latin Extended, upright and italic.
    ['/assets/vendor/inter/', join(root, 'node_modules', '@fontsource-variable', 'inter', 'files'), /^\/inter-latin(-ext)?-wght-(normal|italic)\.woff2$/],
  ];
  let first = true;
  for (const [prefix, dir, only] of assets) {
    void app.register(fastifyStatic, {
      root: dir,
      prefix,
      decorateReply: first,
      index: false,
      list: false,
      dotfiles: 'deny',
      maxAge: '1h',
      allowedPath: (path) => !path.endsWith('.ts') && !path.endsWith('.tsx') && (!only || only.test(path)),
    });
    first = false;
  }
}
