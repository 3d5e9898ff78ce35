import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Actor } from '../auth/actor.js';
import { findLiveSession, findRolesInKommun, touchSession } from '../auth/session.repository.js';
import { mustSetUpTotp, totpSetupPath } from '../auth/totp-policy.js';
import { hashToken, hmac, randomToken, safeEqual } from '../auth/tokens.js';
import type { AppContext } from '../context.js';
import { defaultLocale, isLocale, translator, type Locale } from '../i18n/i18n.js';
import { findKommunBySlug, type Kommun } from '../tenants/tenant.repository.js';
import { canonicalPathOf, kommunSlugOf } from './canonical-url.js';
import { CsrfError, NotFoundError } from './errors.js';
import { cookieNames, cookiePaths, type CookieKey, type DisplayPrefs } from './request.js';

export const sessionTiming = {
  /** Signed-out after this much inactivity. */
  idleMs: 4 * 60 * 60 * 1000,
  /** Signed-out this long after signing in, however busy the session was kept (a stolen cookie dies too). */
  absoluteMs: 12 * 60 * 60 * 1000,
  /** Write last_seen_at at most this often, so reading pages does not write to the database. */
  touchEveryMs: 5 * 60 * 1000,
} as const;

const safeMethods = new Set(['GET', 'HEAD', 'OPTIONS']);

// Kommun rows change rarely; a short cache spares a query on every public page. Instances see an
// administrator's change within this time.
const kommunCacheMs = 5_000;
const kommunCaches = new Set<Map<string, { kommun: Kommun | undefined; at: number }>>();

/**
 * Drops this process's cached kommun rows, so the instance that saved a change to a kommun (or
 * added one) shows it at once; other instances see it within kommunCacheMs.
 */
export function forgetCachedKommuner(): void {
  for (const cache of kommunCaches) cache.clear();
}

/**
 * In production, or wherever people reach the site over https, every cookie is Secure however
 * TLS is terminated (a proxy may speak plain HTTP to us), and carries the `__Host-` prefix, which
 * browsers accept only with Secure, Path=/ and no Domain: no subdomain can set or shadow it. A
 * cookie limited to one path (the device cookie) carries `__Secure-` instead.
 */
export function cookiesAlwaysSecure(config: AppContext['config']): boolean {
  return config.env === 'production' || config.publicUrl.startsWith('https:');
}

export function cookieOptions(request: FastifyRequest, maxAgeSeconds?: number, path = '/') {
  return {
    path,
    httpOnly: true,
    sameSite: 'lax' as const,
    secure: request.secureCookies,
    ...(maxAgeSeconds === undefined ? {} : { maxAge: maxAgeSeconds }),
  };
}

export function setCookie(reply: FastifyReply, request: FastifyRequest, key: CookieKey, value: string, maxAgeSeconds?: number): void {
  reply.setCookie(request.cookieName(key), value, cookieOptions(request, maxAgeSeconds, cookiePaths[key]));
}

export function clearCookie(reply: FastifyReply, request: FastifyRequest, key: CookieKey): void {
  reply.clearCookie(request.cookieName(key), cookieOptions(request, undefined, cookiePaths[key]));
}

function readPrefs(value: string | undefined): DisplayPrefs {
  return { largeText: value?.includes('text-large') ?? false, highContrast: value?.includes('contrast-high') ?? false };
}

export function setFlash(reply: FastifyReply, request: FastifyRequest, messageKey: string): void {
  setCookie(reply, request, 'flash', messageKey, 60);
}

/**
 * Registers the hooks that fill request.locale/t/prefs/kommun/session/actor and check CSRF.
 * Routes with a :kommun parameter get the kommun resolved (or a 404) before their handler runs.
 */
export function registerKernelHooks(app: FastifyInstance, ctx: AppContext): void {
  const kommunCache = new Map<string, { kommun: Kommun | undefined; at: number }>();
  kommunCaches.add(kommunCache);
  app.addHook('onClose', async () => {
    kommunCaches.delete(kommunCache);
  });

  app.decorateRequest('locale', defaultLocale);
  app.decorateRequest('t', null as never);
  app.decorateRequest('prefs', null as never);
  app.decorateRequest('kommun', null);
  app.decorateRequest('session', null);
  app.decorateRequest('actor', null);
  app.decorateRequest('newCsrfCookie', null);
  app.decorateRequest('flash', null);
  app.decorateRequest('cachePage', null);
  const alwaysSecure = cookiesAlwaysSecure(ctx.config);
  app.decorateRequest('secureCookies', alwaysSecure);
  app.decorateRequest('cookieName', function (this: FastifyRequest, key: CookieKey) {
    // __Host- needs Path=/; a cookie sent to one path only can still insist on Secure.
    if (!alwaysSecure) return cookieNames[key];
    return `${cookiePaths[key] ? '__Secure-' : '__Host-'}${cookieNames[key]}`;
  });
  app.decorateRequest('readCookie', function (this: FastifyRequest, key: CookieKey) {
    return this.cookies[this.cookieName(key)];
  });

  async function findKommunCached(slug: string): Promise<Kommun | undefined> {
    const cached = kommunCache.get(slug);
    if (cached && Date.now() - cached.at < kommunCacheMs) return cached.kommun;
    const kommun = /^[a-z0-9-]{1,60}$/.test(slug) ? await findKommunBySlug(ctx.db, slug) : undefined;
    if (kommunCache.size > 1000) kommunCache.clear();
    kommunCache.set(slug, { kommun, at: Date.now() });
    return kommun;
  }

  function useKommun(request: FastifyRequest, kommun: Kommun): void {
    request.kommun = kommun;
    if (!kommun.settings.languages.includes(request.locale)) {
      request.locale = kommun.settings.languages[0] ?? defaultLocale;
      request.t = translator(request.locale);
    }
  }

  app.decorateRequest('showInKommun', async function (this: FastifyRequest, slug: string) {
    const kommun = await findKommunCached(slug);
    if (kommun) useKommun(this, kommun);
    return kommun ?? null;
  });
  app.decorateRequest('csrfToken', function (this: FastifyRequest) {
    // A page with a form carries this browser's token, so it must not be cached for others.
    this.cachePage = null;
    if (this.session) return hmac(this.session.csrfSecret, 'csrf');
    let seed = this.readCookie('csrf');
    if (!seed || seed.length < 20) {
      seed = this.newCsrfCookie ?? randomToken(24);
      this.newCsrfCookie = seed;
    }
    return hmac(ctx.config.sessionSecret, `anon:${seed}`);
  });

  app.addHook('onRequest', async (request, reply) => {
    request.secureCookies = alwaysSecure || request.protocol === 'https';
    const langCookie = request.readCookie('lang');
    const locale: Locale = isLocale(langCookie) ? langCookie : defaultLocale;
    request.locale = locale;
    request.t = translator(locale);
    request.prefs = readPrefs(request.readCookie('prefs'));
    const flash = request.readCookie('flash');
    request.flash = flash && /^[a-zA-Z0-9_.]{1,80}$/.test(flash) ? flash : null;

    const [path = '/', query] = request.url.split('?', 2) as [string, string?];
    const route = request.is404 ? undefined : request.routeOptions.url;
    if (request.method === 'GET' || request.method === 'HEAD') {
      const canonical = canonicalPathOf(path, route, (url) => app.hasRoute({ method: 'GET', url }));
      if (canonical !== null) return reply.redirect(query === undefined ? canonical : `${canonical}?${query}`, 301);
    }
    // A page no route matched still belongs to the kommun its address names: the 404 keeps the
    // kommun's header, colours and menu, so a mistyped link does not look like leaving the site.
    if (request.is404) {
      const slug = kommunSlugOf(path);
      if (slug !== null) await request.showInKommun(slug);
    }

    const cacheKey = ctx.pageCache.keyOf(request);
    if (cacheKey !== null) {
      const cached = ctx.pageCache.get(cacheKey);
      if (cached !== undefined) {
        return reply.code(200).header('content-type', 'text/html; charset=utf-8').header('cache-control', 'no-store').send(cached);
      }
      request.cachePage = (html) => ctx.pageCache.set(cacheKey, html);
    }

    const sessionToken = request.readCookie('session');
    if (sessionToken && sessionToken.length <= 100) {
      const now = new Date();
      const session = await findLiveSession(ctx.db, hashToken(sessionToken), now.toISOString(), new Date(now.getTime() - sessionTiming.absoluteMs).toISOString());
      if (session) {
        request.session = session;
        if (now.getTime() - Date.parse(session.lastSeenAt) > sessionTiming.touchEveryMs) {
          await touchSession(ctx.db, session.idHash, now.toISOString(), new Date(now.getTime() + sessionTiming.idleMs).toISOString());
        }
      }
    }
  });

  app.addHook('preHandler', async (request, reply) => {
    const params = request.params as Record<string, string> | undefined;
    const slug = params?.kommun;
    if (typeof slug === 'string') {
      const kommun = await findKommunCached(slug);
      if (!kommun) throw new NotFoundError('errors.kommunNotFound');
      useKommun(request, kommun);
    }
    if (request.session) {
      // A session that still owes its second factor acts as nobody until the code is given.
      const fullySignedIn = request.session.secondFactorDone || !request.session.user.hasTotp;
      if (fullySignedIn) request.actor = await actorFor(ctx, request);
      // A kommun can require TOTP for some roles. Until the person has set it up, those roles
      // (all their roles here) count for nothing, so every permission check in every service and
      // list fails; staff pages send them to the set-up page instead of answering 404.
      if (request.actor && request.kommun && mustSetUpTotp(request.kommun.settings.requireTotpForRoles, request.actor.roles, request.session.user.hasTotp)) {
        request.actor = { ...request.actor, roles: [] };
        const route = request.routeOptions.url ?? '';
        if (request.method === 'GET' && /^\/:kommun\/admin(\/|$)/.test(route)) {
          const query = new URLSearchParams({ kommun: request.kommun.slug, tillbaka: request.url });
          return reply.redirect(`${totpSetupPath}?${query.toString()}`, 303);
        }
      }
    }
    if (!safeMethods.has(request.method)) verifyCsrf(ctx, request);
  });

  // Writes outside inTransaction (and any unsafe request) may change what a cached page shows.
  app.addHook('onResponse', async (request) => {
    if (!safeMethods.has(request.method)) ctx.pageCache.clear();
  });

  app.addHook('onSend', async (request, reply) => {
    if (request.newCsrfCookie) setCookie(reply, request, 'csrf', request.newCsrfCookie);
    if (request.flash && request.readCookie('flash') && String(reply.getHeader('content-type') ?? '').startsWith('text/html')) clearCookie(reply, request, 'flash');
  });
}

async function actorFor(ctx: AppContext, request: FastifyRequest): Promise<Actor> {
  const session = request.session!;
  const roles = request.kommun ? await findRolesInKommun(ctx.db, session.userId, request.kommun.id) : [];
  return {
    userId: session.userId,
    name: session.user.name,
    email: session.user.email,
    isPlatformAdmin: session.user.isPlatformAdmin,
    kommunId: request.kommun?.id ?? null,
    roles,
  };
}

/**
 * Every unsafe request from a browser carries a token bound to the session (signed-in) or to the
 * anonymous CSRF cookie. JSON requests without any cookie carry no ambient authority and pass.
 */
function verifyCsrf(ctx: AppContext, request: FastifyRequest): void {
  const hasSession = request.readCookie('session') !== undefined;
  const contentType = request.headers['content-type'] ?? '';
  const isFormPost = contentType.startsWith('application/x-www-form-urlencoded') || contentType.startsWith('multipart/form-data');
  if (!hasSession && !isFormPost) return;
  const body = request.body as Record<string, unknown> | undefined;
  const query = request.query as Record<string, unknown> | undefined;
  const fromBody = body && typeof body === 'object' ? body._csrf : undefined;
  const candidate = [fromBody, query?._csrf, request.headers['x-csrf-token']].find((v): v is string => typeof v === 'string');
  if (!candidate) throw new CsrfError();
  if (request.session) {
    if (!safeEqual(candidate, hmac(request.session.csrfSecret, 'csrf'))) throw new CsrfError();
    return;
  }
  const seed = request.readCookie('csrf');
  if (!seed || !safeEqual(candidate, hmac(ctx.config.sessionSecret, `anon:${seed}`))) throw new CsrfError();
}
