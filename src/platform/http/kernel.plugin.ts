import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Actor } from '../auth/actor.js';
import { authenticateBearer } from '../auth/api-token.service.js';
import { findLiveSessionWithRoles, findRolesInKommun, touchSession } from '../auth/session.repository.js';
import { mustSetUpTotp, totpSetupPath } from '../auth/totp-policy.js';
import { hashToken, hmac, randomToken, safeEqual } from '../auth/tokens.js';
import type { AppContext } from '../context.js';
import { whenDurable } from '../db/database.js';
import { defaultLocale, isLocale, type Locale } from '../i18n/i18n.js';
import { findKommunBySlug, type Kommun } from '../tenants/tenant.repository.js';
import type { UploadLimits } from '../files/multipart.js';
import { registerApiCatalogue } from './api-catalogue.js';
import { canonicalPathOf, kommunSlugOf } from './canonical-url.js';
import { BadRequestError, CsrfError, NotFoundError, UnsupportedMediaTypeError } from './errors.js';
import { cookieNames, cookiePaths, type CookieKey, type DisplayPrefs } from './request.js';

declare module 'fastify' {
  interface FastifyContextConfig {
    /**
     * The route is the link of a List-Unsubscribe header (RFC 8058): it takes the mail client's
     * bare `List-Unsubscribe=One-Click` POST, which carries no cookie and no CSRF token.
     */
    oneClickUnsubscribe?: boolean;
    /**
     * The route authenticates each request by a key in the request itself (Open311's api_key) and
     * never reads the session: a forged request would have to know the key, so no CSRF token.
     */
    keyAuthenticated?: boolean;
  }
}

export const sessionTiming = {
  /** Signed-out after this much inactivity. */
  idleMs: 4 * 60 * 60 * 1000,
  /** Signed-out this long after signing in, however busy the session was kept (a stolen cookie dies too). */
  absoluteMs: 12 * 60 * 60 * 1000,
  /** Write last_seen_at at most this often, so reading pages does not write to the database. */
  touchEveryMs: 5 * 60 * 1000,
} as const;

const safeMethods = new Set(['GET', 'HEAD', 'OPTIONS']);

// A session's CSRF token is an HMAC of the session's secret, and every signed-in page carries it
// (the sign-out form): computing it was a twentieth of a staff page's rendering. Kept by secret,
// so a token is computed once per session and instance; the map is bounded like the page cache.
const sessionCsrfTokens = new Map<string, string>();

function sessionCsrfToken(csrfSecret: string): string {
  let token = sessionCsrfTokens.get(csrfSecret);
  if (token === undefined) {
    token = hmac(csrfSecret, 'csrf');
    if (sessionCsrfTokens.size >= 10_000) sessionCsrfTokens.clear();
    sessionCsrfTokens.set(csrfSecret, token);
  }
  return token;
}

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

/** A multipart body (file upload) of any kind, by the header: the body itself is not read here. */
export function isMultipartRequest(request: FastifyRequest): boolean {
  return /^multipart\//i.test(request.headers['content-type'] ?? '');
}

/** The route's upload limits, if it is one of the few routes that take files (route config `upload`). */
export function uploadLimitsOf(request: FastifyRequest): UploadLimits | undefined {
  return request.routeOptions.config.upload;
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
 * The live session, its person and their roles in the kommun: from this instance's session cache
 * when it is on and holds a fresh answer, else in one query (then cached). A cached session whose
 * cached times say it has expired is looked up again, never trusted.
 */
async function liveSessionWithRoles(ctx: AppContext, idHash: string, now: Date, kommunId: string | null) {
  const nowMs = now.getTime();
  const createdAfter = nowMs - sessionTiming.absoluteMs;
  const cached = ctx.sessionCache.get(idHash, kommunId, nowMs);
  if (cached && Date.parse(cached.session.expiresAt) > nowMs && Date.parse(cached.session.createdAt) > createdAfter) return cached;
  const found = await findLiveSessionWithRoles(ctx.db, idHash, now.toISOString(), new Date(createdAfter).toISOString(), kommunId);
  if (found) ctx.sessionCache.set(idHash, kommunId, found, nowMs);
  return found;
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

  // Routes declared with kommunRoute/siteRoute describe their JSON API here, per app.
  registerApiCatalogue(app);

  app.decorateRequest('locale', defaultLocale);
  app.decorateRequest('t', null as never);
  app.decorateRequest('prefs', null as never);
  app.decorateRequest('kommun', null);
  app.decorateRequest('session', null);
  app.decorateRequest('apiToken', null);
  app.decorateRequest('actor', null);
  app.decorateRequest('sessionRoles', null);
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
      request.t = ctx.registry.messages.translator(request.locale);
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
    if (this.session) return sessionCsrfToken(this.session.csrfSecret);
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
    request.t = ctx.registry.messages.translator(locale);
    request.prefs = readPrefs(request.readCookie('prefs'));
    const flash = request.readCookie('flash');
    request.flash = flash && /^[a-zA-Z0-9_.]{1,80}$/.test(flash) ? flash : null;

    // Only routes that take files accept multipart bodies; anywhere else the body is refused
    // before a byte of it is read (and the connection closed, see onSend).
    // A List-Unsubscribe link takes RFC 8058's POST, which mail clients SHOULD send as multipart;
    // it never reads that body (the credential is in its URL).
    if (!safeMethods.has(request.method) && !request.is404 && isMultipartRequest(request) && !uploadLimitsOf(request) && request.routeOptions.config.oneClickUnsubscribe !== true) {
      throw new UnsupportedMediaTypeError();
    }

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

    // On the JSON API only, a bearer token is the caller's whole identity: the session cookie is
    // not read at all (a request is one person by one credential, never a mix), no cached page
    // is served, and a token that does not authenticate is a 401, never an anonymous request.
    // Anywhere else the header is ignored: pages and their forms answer to the session and CSRF.
    const bearer = route?.startsWith('/api/') ? bearerCredentialOf(request.headers.authorization) : null;
    if (bearer !== null) {
      request.apiToken = await authenticateBearer(ctx, bearer, request.ip);
      return;
    }

    const cacheKey = ctx.pageCache.keyOf(request);
    if (cacheKey !== null) {
      const cached = ctx.pageCache.get(cacheKey);
      if (cached !== undefined) {
        return reply.code(200).header('content-type', 'text/html; charset=utf-8').header('cache-control', 'no-store').send(cached);
      }
      request.cachePage = (html) => ctx.pageCache.set(cacheKey, html);
    }

    // The kommun the route names, if any, so the session and the roles there load in one query.
    const slug = (request.params as Record<string, unknown> | undefined)?.kommun;
    const kommun = typeof slug === 'string' ? await findKommunCached(slug) : undefined;
    const sessionToken = request.readCookie('session');
    if (sessionToken && sessionToken.length <= 100) {
      const now = new Date();
      const found = await liveSessionWithRoles(ctx, hashToken(sessionToken), now, kommun?.id ?? null);
      if (found) {
        request.session = found.session;
        request.sessionRoles = { kommunId: kommun?.id ?? null, roles: found.roles };
        if (now.getTime() - Date.parse(found.session.lastSeenAt) > sessionTiming.touchEveryMs) {
          const lastSeenAt = now.toISOString();
          const expiresAt = new Date(now.getTime() + sessionTiming.idleMs).toISOString();
          await touchSession(ctx.db, found.session.idHash, lastSeenAt, expiresAt);
          ctx.sessionCache.touched(found.session.idHash, lastSeenAt, expiresAt);
        }
      }
    }
  });

  // PostgreSQL cannot hold a NUL character in text, and no person types one: a query, a path or a
  // parsed body carrying one is refused here with a 400 instead of failing in a query (a 500 on
  // PostgreSQL only; found on the reports filters). Multipart fields are the upload reader's.
  app.addHook('preHandler', async (request) => {
    if (request.url.includes('%00') || holdsNul(request.body)) throw new BadRequestError('errors.nulCharacter');
  });

  app.addHook('preHandler', async (request, reply) => {
    const params = request.params as Record<string, string> | undefined;
    const slug = params?.kommun;
    if (typeof slug === 'string') {
      const kommun = await findKommunCached(slug);
      if (!kommun) throw new NotFoundError('errors.kommunNotFound');
      useKommun(request, kommun);
    }
    // Whoever the request is: a session, or on /api/ a bearer token (which only a fully signed-in
    // person could make). Either way the person's roles are loaded as they are now.
    const person = request.session ?? request.apiToken;
    if (person) {
      // A session that still owes its second factor acts as nobody until the code is given.
      const fullySignedIn = !request.session || request.session.secondFactorDone || !request.session.user.hasTotp;
      if (fullySignedIn) request.actor = await actorFor(ctx, request, person);
      // A kommun can require TOTP for some roles. Until the person has set it up, those roles
      // (all their roles here) count for nothing, so every permission check in every service and
      // list fails; staff pages send them to the set-up page instead of answering 404.
      if (request.actor && request.kommun && mustSetUpTotp(request.kommun.settings.requireTotpForRoles, request.actor.roles, person.user.hasTotp)) {
        request.actor = { ...request.actor, roles: [] };
        const route = request.routeOptions.url ?? '';
        if (request.method === 'GET' && /^\/:kommun\/admin(\/|$)/.test(route)) {
          const query = new URLSearchParams({ kommun: request.kommun.slug, tillbaka: request.url });
          return reply.redirect(`${totpSetupPath}?${query.toString()}`, 303);
        }
      }
    }
    // An upload's body is still unread here: readUploadForm checks its token (the first part or
    // the x-csrf-token header), which the handler calls only after its permission check.
    const uploadUnread = isMultipartRequest(request) && uploadLimitsOf(request) !== undefined;
    // A bearer request carries no ambient credential: a browser never adds the header by itself,
    // and the session cookie was not read for it. There is nothing for a forged request to ride on.
    if (!safeMethods.has(request.method) && !uploadUnread && !request.apiToken) verifyCsrf(ctx, request);
  });

  // Writes outside inTransaction (and any unsafe request) may change what a cached page shows.
  app.addHook('onResponse', async (request) => {
    if (!safeMethods.has(request.method)) ctx.pageCache.clear();
  });

  // An unsafe request may have changed a session, an account or a role. Its handler has finished
  // (and committed) when the reply is sent: forget every cached session here before the browser
  // can ask again, rather than wait for the database's notification to come back.
  app.addHook('onSend', async (request) => {
    if (!safeMethods.has(request.method)) ctx.sessionCache.clear();
  });

  // On SQLite, writes are committed in groups (db/group-commit.ts): no reply, which may tell
  // someone that what they sent is stored (or show what another request wrote), leaves before
  // the commit. A failed commit fails the reply.
  app.addHook('onSend', async () => {
    await whenDurable(ctx.db);
  });

  app.addHook('onSend', async (request, reply) => {
    // A body refused before it was read to its end (415, no permission, a bad token, too large,
    // no upload slot) must not keep arriving: Node would otherwise go on reading it to keep the
    // connection alive.
    if (request.raw.complete === false && !safeMethods.has(request.method)) reply.header('connection', 'close');
    if (request.newCsrfCookie) setCookie(reply, request, 'csrf', request.newCsrfCookie);
    if (request.flash && request.readCookie('flash') && String(reply.getHeader('content-type') ?? '').startsWith('text/html')) clearCookie(reply, request, 'flash');
  });
}

/** True when a parsed body (text, or objects and lists of it, a few levels deep) has a NUL character. */
function holdsNul(value: unknown, depth = 0): boolean {
  if (typeof value === 'string') return value.includes('\u0000');
  if (depth > 8 || value === null || typeof value !== 'object' || Buffer.isBuffer(value)) return false;
  return Object.entries(value as Record<string, unknown>).some(([key, item]) => key.includes('\u0000') || holdsNul(item, depth + 1));
}

/** The value of `Authorization: Bearer <credential>` ('' when it names none), or null for no bearer header. */
function bearerCredentialOf(header: string | undefined): string | null {
  if (header === undefined) return null;
  const match = /^bearer(?:[ \t]+(.*))?$/i.exec(header.trim());
  return match ? (match[1] ?? '').trim() : null;
}

async function actorFor(ctx: AppContext, request: FastifyRequest, person: { userId: string; user: { name: string; email: string; isPlatformAdmin: boolean } }): Promise<Actor> {
  const kommunId = request.kommun?.id ?? null;
  // Loaded with the session for the kommun the route names; asked again only if that changed
  // (and always for a bearer token, whose lookup loads no roles).
  const roles = !kommunId ? [] : request.sessionRoles?.kommunId === kommunId ? request.sessionRoles.roles : await findRolesInKommun(ctx.db, person.userId, kommunId);
  return {
    userId: person.userId,
    name: person.user.name,
    email: person.user.email,
    isPlatformAdmin: person.user.isPlatformAdmin,
    kommunId,
    roles,
    grants: ctx.registry.grants,
  };
}

/**
 * Whether `candidate` is this browser's CSRF token: bound to the session when signed in, else to
 * the anonymous CSRF cookie. Shared by the kernel's check and readUploadForm.
 */
export function csrfTokenMatches(ctx: AppContext, request: FastifyRequest, candidate: unknown): boolean {
  if (typeof candidate !== 'string' || candidate === '') return false;
  if (request.session) return safeEqual(candidate, sessionCsrfToken(request.session.csrfSecret));
  const seed = request.readCookie('csrf');
  return seed !== undefined && seed !== '' && safeEqual(candidate, hmac(ctx.config.sessionSecret, `anon:${seed}`));
}

/**
 * Every unsafe request from a browser carries a token bound to the session (signed-in) or to the
 * anonymous CSRF cookie, in the form body or the x-csrf-token header; never in the URL, where it
 * would reach history, logs and Referer headers. JSON requests without any cookie carry no
 * ambient authority and pass.
 */
function verifyCsrf(ctx: AppContext, request: FastifyRequest): void {
  const hasSession = request.readCookie('session') !== undefined;
  const contentType = request.headers['content-type'] ?? '';
  const isFormPost = contentType.startsWith('application/x-www-form-urlencoded') || isMultipartRequest(request);
  if (!hasSession && !isFormPost) return;
  if (request.routeOptions.config.keyAuthenticated === true) return;
  const body = request.body as Record<string, unknown> | undefined;
  // A mail client's one-click unsubscribe (RFC 8058) cannot carry our token. It needs none: the
  // route's own credential is the token in its URL, which a forged request would have to know.
  // Only routes that declare themselves such links pass it: an url-encoded body must be exactly
  // RFC 8058's; a multipart one (the RFC's SHOULD) is never read, so it is not looked at.
  if (request.routeOptions.config.oneClickUnsubscribe === true) {
    if (isMultipartRequest(request)) return;
    if (body && typeof body === 'object' && body['List-Unsubscribe'] === 'One-Click') return;
  }
  const fromBody = body && typeof body === 'object' ? body._csrf : undefined;
  const candidate = [fromBody, request.headers['x-csrf-token']].find((v): v is string => typeof v === 'string');
  if (!csrfTokenMatches(ctx, request, candidate)) throw new CsrfError();
}
