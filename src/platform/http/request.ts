// What the kernel attaches to every request: language, display preferences, the kommun the URL
// names, the signed-in person and their roles there, and CSRF tokens. Routes read these; they
// never parse cookies themselves.
import type { Actor } from '../auth/actor.js';
import type { ApiTokenOwner } from '../auth/api-token.repository.js';
import type { ScopedRole, SessionRow } from '../auth/session.repository.js';
import type { Locale, Translate } from '../i18n/i18n.js';
import type { Kommun } from '../tenants/tenant.repository.js';

export interface DisplayPrefs {
  largeText: boolean;
  highContrast: boolean;
}

declare module 'fastify' {
  interface FastifyRequest {
    locale: Locale;
    t: Translate;
    prefs: DisplayPrefs;
    kommun: Kommun | null;
    session: SessionRow | null;
    /** On /api/ routes, the owner of the bearer token the request authenticated with; the session is then null. */
    apiToken: ApiTokenOwner | null;
    /** The roles the session's person holds in the kommun the route names, loaded with the session. */
    sessionRoles: { kommunId: string | null; roles: ScopedRole[] } | null;
    actor: Actor | null;
    /** Token to embed in forms as _csrf; creates the anonymous CSRF cookie on first use. */
    csrfToken(): string;
    /** Set when a new anonymous CSRF cookie must be sent with this response. */
    newCsrfCookie: string | null;
    /** Set while the page being rendered may be stored in the anonymous page cache. */
    cachePage: ((html: string) => void) | null;
    /** One-shot message shown on the next page (a message key), read from the flash cookie. */
    flash: string | null;
    /** True when cookies must carry Secure: always in production or behind an https PUBLIC_URL, else when this request came over https. */
    secureCookies: boolean;
    /** The cookie's name on this deployment: `__Host-` prefixed wherever cookies are always Secure. */
    cookieName(key: CookieKey): string;
    /** The value of one of our cookies, if the browser sent it. */
    readCookie(key: CookieKey): string | undefined;
    /**
     * Shows this page in the look of the kommun with this slug (its name, colours and menu), for
     * pages outside `/:kommun` reached from a kommun, such as the sign-in form. Returns the kommun,
     * or null when there is none (the page then keeps the plain look).
     */
    showInKommun(slug: string): Promise<Kommun | null>;
  }
}

export const cookieNames = {
  session: 'samtrygg_session',
  csrf: 'samtrygg_csrf',
  lang: 'samtrygg_lang',
  prefs: 'samtrygg_prefs',
  flash: 'samtrygg_flash',
  /** The device cookie of sign-in throttling (auth/device-cookie.ts). */
  device: 'samtrygg_device',
} as const;

/** Cookies sent to one path only; all others are sent everywhere (Path=/). */
export const cookiePaths: Partial<Record<keyof typeof cookieNames, string>> = {
  // Read only by the sign-in form.
  device: '/logga-in',
};

export type CookieKey = keyof typeof cookieNames;
