// Staff write Markdown; residents read HTML. Raw HTML in the source is escaped (html: false) and
// markdown-it refuses javascript:, vbscript: and data: links, so the output is safe to embed.
// A level-1 heading becomes <h2>: the page's own title is the only <h1>. Other levels stay, so
// "## Section" under the title is an <h2> and no level is skipped.
import MarkdownIt, { type Token } from 'markdown-it';
import type { Locale } from '../i18n/i18n.js';

const md = new MarkdownIt({ html: false, linkify: true, typographer: true, breaks: false });

const defaultLinkOpen = md.renderer.rules.link_open ?? ((tokens, idx, options, _env, self) => self.renderToken(tokens, idx, options));

md.renderer.rules.link_open = (tokens, idx, options, env, self) => {
  const token = tokens[idx];
  const href = String(token?.attrGet('href') ?? '');
  if (token && /^https?:\/\//i.test(href)) token.attrSet('rel', 'noopener noreferrer');
  return defaultLinkOpen(tokens, idx, options, env, self);
};

md.core.ruler.push('no_second_h1', (state) => {
  for (const token of state.tokens) {
    if ((token.type === 'heading_open' || token.type === 'heading_close') && token.tag === 'h1') token.tag = 'h2';
  }
});

// A table wider than a phone scrolls inside its own box, never the page (WCAG 1.4.10). Keyboard
// users must be able to scroll that box, so it is a focusable region, and a region needs a name:
// "Tabell", numbered when there are several, with the heading the table stands under. The HTML is
// saved once for every reader, so the word is in the language the text is written in.
const tableWord: Record<Locale, string> = { sv: 'Tabell', en: 'Table' };

md.core.ruler.push('table_regions', (state) => {
  const locale = (state.env as Partial<RenderEnv>).locale ?? 'sv';
  const tableCount = state.tokens.filter((token) => token.type === 'table_open').length;
  let heading = '';
  let tableNumber = 0;
  for (const [i, token] of state.tokens.entries()) {
    if (token.type === 'heading_open') heading = plainText(state.tokens[i + 1]);
    if (token.type === 'table_open') {
      tableNumber += 1;
      const word = tableCount > 1 ? `${tableWord[locale]} ${tableNumber}` : tableWord[locale];
      token.meta = { label: heading ? `${word}: ${heading}` : word } satisfies TableMeta;
      // Designsystemet's table, with its borders and zebra rows in the kommun's colours.
      token.attrSet('class', 'ds-table');
      token.attrSet('data-border', '');
      token.attrSet('data-zebra', '');
    }
    if (token.type === 'th_open') token.attrSet('scope', 'col');
    if (token.type === 'th_open' || token.type === 'td_open') alignWithClass(token);
  }
});

md.renderer.rules.table_open = (tokens, idx, options, _env, self) => {
  const label = (tokens[idx]?.meta as TableMeta | null)?.label ?? '';
  return `<div class="table-scroll" role="region" tabindex="0" aria-label="${md.utils.escapeHtml(label)}">\n${self.renderToken(tokens, idx, options)}`;
};
md.renderer.rules.table_close = (tokens, idx, options, _env, self) => `${self.renderToken(tokens, idx, options)}</div>\n`;

interface RenderEnv {
  locale: Locale;
}

interface TableMeta {
  label: string;
}

function plainText(inline: Token | undefined): string {
  return (inline?.children ?? [])
    .filter((child) => child.type === 'text' || child.type === 'code_inline')
    .map((child) => child.content)
    .join('')
    .trim();
}

/**
 * markdown-it aligns columns ("|--:|") with a style attribute, which our Content-Security-Policy
 * (style-src 'self') blocks: a class carries the alignment instead.
 */
function alignWithClass(cell: Token): void {
  const alignment = /text-align:(left|center|right)/.exec(String(cell.attrGet('style') ?? ''))?.[1];
  cell.attrs = (cell.attrs ?? []).filter(([name]) => name !== 'style');
  if (alignment) cell.attrJoin('class', `align-${alignment}`);
}

// Images in the body would bypass our upload checks and alt-text rule; the main image is a field.
md.disable(['image']);

// A second parser with images on, only to find what the writer meant as an image: the rendering
// parser above reads "![](url)" as "!" and an empty link, which no screen reader can name.
const checker = new MarkdownIt({ html: false, linkify: false });

/**
 * True when the source has an image with no description ("![](bild.jpg)") or a link with no
 * text ("[](https://…)"); both publish a link nobody can name. Code blocks don't count.
 */
export function hasUnnamedImageOrLink(source: string): boolean {
  if (!source.includes('](')) return false;
  for (const block of checker.parse(source, {})) {
    const children = block.children ?? [];
    for (const [i, token] of children.entries()) {
      if (token.type === 'image' && (token.children ?? []).every((c) => c.content.trim() === '')) return true;
      if (token.type === 'link_open' && children[i + 1]?.type === 'link_close') return true;
    }
  }
  return false;
}

/** `locale` is the language the source is written in (labels added around tables use it). */
export function renderMarkdown(source: string, locale: Locale = 'sv'): string {
  return md.render(source, { locale } satisfies RenderEnv);
}
