import type { FastifyReply, FastifyRequest } from 'fastify';
import type { ComponentChildren } from 'preact';
import { renderToString } from 'preact-render-to-string';
import { withPage, type PageContext } from './page-context.js';

/** The request's path and query without a CSRF token, which must never travel on in links. */
function currentPathOf(url: string): string {
  if (!url.includes('_csrf=')) return url;
  const [path, query = ''] = url.split('?', 2) as [string, string?];
  const params = new URLSearchParams(query);
  params.delete('_csrf');
  const rest = params.toString();
  return rest ? `${path}?${rest}` : path;
}

export function pageContextOf(request: FastifyRequest): PageContext {
  const registry = request.server.registry;
  return {
    locale: request.locale,
    t: request.t,
    kommun: request.kommun,
    actor: request.actor,
    prefs: request.prefs,
    currentPath: currentPathOf(request.url),
    csrfToken: () => request.csrfToken(),
    flash: request.flash,
    publicNav: registry.publicNav,
    staffNav: registry.staffNav,
    mapConfig: request.server.mapConfig,
    registry,
  };
}

/**
 * The element a page is rendered in: it carries the page context (for `npm run bench`, whose
 * baseline finds it with preact's options.vnode and renders the same page again) and renders the page.
 */
export function PageRoot({ children }: { context: PageContext; children: ComponentChildren }) {
  return <>{children}</>;
}

/** A page (usually a <Layout>) as a complete HTML document. */
export function renderPage(context: PageContext, node: ComponentChildren): string {
  return withPage(context, () => `<!doctype html>${renderToString(<PageRoot context={context}>{node}</PageRoot>)}`);
}

/** Renders a page (usually a <Layout>) to a complete HTML document and sends it. */
export function sendPage(request: FastifyRequest, reply: FastifyReply, node: ComponentChildren, status = 200): FastifyReply {
  const html = renderPage(pageContextOf(request), node);
  if (status === 200) request.cachePage?.(html);
  return reply
    .code(status)
    .header('content-type', 'text/html; charset=utf-8')
    .header('cache-control', 'no-store')
    .send(html);
}
