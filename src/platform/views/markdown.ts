// Staff write Markdown; residents read HTML. Raw HTML in the source is escaped (html: false) and
// markdown-it refuses javascript:, vbscript: and data: links, so the output is safe to embed.
// A level-1 heading becomes <h2>: the page's own title is the only <h1>. Other levels stay, so
// "## Section" under the title is an <h2> and no level is skipped.
import MarkdownIt from 'markdown-it';

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

export function renderMarkdown(source: string): string {
  return md.render(source);
}
