// Rendering one component (or a page) outside a request, for view tests: a page context for the
// given language over the kernel's features, the way pageContextOf builds one per request.
import type { ComponentChildren } from 'preact';
import { renderToString } from 'preact-render-to-string';
import { kernelFeatures } from '../src/platform/features.js';
import type { Locale } from '../src/platform/i18n/i18n.js';
import { createRegistry, type Registry } from '../src/platform/registry.js';
import { withPage, type PageContext } from '../src/platform/views/page-context.js';

let kernelRegistry: Registry | undefined;

export function pageContextFor(locale: Locale = 'sv', registry?: Registry): PageContext {
  registry ??= kernelRegistry ??= createRegistry(kernelFeatures);
  return {
    locale,
    t: registry.messages.translator(locale),
    kommun: null,
    actor: null,
    prefs: { largeText: false, highContrast: false },
    currentPath: '/',
    csrfToken: () => 'test-token',
    flash: null,
    publicNav: registry.publicNav,
    staffNav: registry.staffNav,
    mapConfig: { tileUrl: undefined, attribution: '', vector: undefined },
    registry,
  };
}

/** The component's HTML as the page would render it; the catalogue's missing keys fail the test. */
export function renderView(node: ComponentChildren, locale: Locale = 'sv'): string {
  const context = pageContextFor(locale);
  const html = withPage(context, () => renderToString(<>{node}</>));
  const missing = context.registry.messages.missing();
  if (missing.length > 0) throw new Error(`Messages missing from the catalogue: ${missing.join(', ')}`);
  return html;
}
