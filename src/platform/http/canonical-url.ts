// One address per page: search engines, shared links and the page cache should not see
// /Vallentuna/nyheter/ and /vallentuna/nyheter as two pages.

const slugPattern = /^[a-z0-9-]{1,60}$/;

/**
 * The canonical path for a GET to `path` (no query), or null when it already is canonical or is
 * not ours to rewrite. Kommun slugs are lower case, and pages have no trailing slash except a
 * kommun's home page, `/{kommun}/`. Only addresses under a kommun (route `/:kommun…`) and
 * addresses no route matched (`route` undefined) are rewritten; `isStaticRoute` tells whether a
 * one-segment path such as `/logga-in` is a page of its own rather than a kommun.
 */
export function canonicalPathOf(path: string, route: string | undefined, isStaticRoute: (path: string) => boolean): string | null {
  if (route !== undefined && !route.startsWith('/:kommun')) return null;
  // `//host` or `/\host` in a Location header would send the browser to another site.
  if (!path.startsWith('/') || path.startsWith('//') || path.includes('\\')) return null;
  const segments = path.slice(1).split('/');
  const first = segments[0] ?? '';
  const lower = first.toLowerCase();
  if (lower !== first && slugPattern.test(lower)) segments[0] = lower;
  let canonical = `/${segments.join('/')}`;
  if (canonical.length > 1 && canonical.endsWith('/')) {
    const trimmed = canonical.replace(/\/+$/, '');
    const isOneSegment = trimmed.lastIndexOf('/') === 0;
    if (trimmed === '') canonical = '/';
    else if (!isOneSegment || isStaticRoute(trimmed)) canonical = trimmed;
    else canonical = `${trimmed}/`;
  }
  return canonical === path ? null : canonical;
}

/** The kommun slug an address would name, for pages no route matched (e.g. a 404 under a kommun). */
export function kommunSlugOf(path: string): string | null {
  const first = path.split('/')[1] ?? '';
  return slugPattern.test(first) ? first : null;
}
