import type { Actor } from '../auth/actor.js';
import type { DisplayPrefs } from '../http/request.js';
import type { Locale, Translate } from '../i18n/i18n.js';
import type { NavLink } from '../module.js';
import type { Kommun } from '../tenants/tenant.repository.js';
import type { Registry } from '../registry.js';

/** What maps draw under the places: raster tiles, a vector archive on our own origin, or nothing. */
export interface MapConfig {
  tileUrl: string | undefined;
  attribution: string;
  /** The self-hosted PMTiles archive: its URL and the deepest zoom it holds (deeper views overzoom). */
  vector: { url: string; maxZoom: number } | undefined;
}

declare module 'fastify' {
  interface FastifyInstance {
    /** Per server, not per process: two test apps with different basemaps can run side by side. */
    mapConfig: MapConfig;
  }
}

/** Everything a view may need from the request, provided once per page render. */
export interface PageContext {
  locale: Locale;
  t: Translate;
  kommun: Kommun | null;
  actor: Actor | null;
  prefs: DisplayPrefs;
  /** The current path and query, for "switch language and come back". */
  currentPath: string;
  csrfToken: () => string;
  flash: string | null;
  publicNav: readonly NavLink[];
  staffNav: readonly NavLink[];
  mapConfig: MapConfig;
  /** The app's modules: their footer and head links, stylesheets and settings. */
  registry: Registry;
}

// The page being rendered. Rendering to a string is synchronous, so one variable serves every
// request: a page's components cannot run while another page renders. This replaced a preact
// context: importing preact/hooks (for useContext) hooks into the rendering of every component,
// and made pages three to four times slower to render (profiled under `npm run bench`).
let rendering: PageContext | null = null;

/** Runs `render` (renderToString of a page) with `page` as what usePage() answers. */
export function withPage<T>(page: PageContext, render: () => T): T {
  const previous = rendering;
  rendering = page;
  try {
    return render();
  } finally {
    rendering = previous;
  }
}

export function usePage(): PageContext {
  const page = rendering;
  if (!page) throw new Error('usePage() outside a rendered page');
  return page;
}

/** Path under the current kommun, e.g. kommunPath(page, 'nyheter') → /vallentuna/nyheter */
export function kommunPath(page: Pick<PageContext, 'kommun'>, path = ''): string {
  const slug = page.kommun?.slug ?? '';
  return path ? `/${slug}/${path}` : `/${slug}/`;
}
