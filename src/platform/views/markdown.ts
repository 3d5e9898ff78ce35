// Staff write Markdown; residents read HTML. Raw HTML in the source is escaped (html: false) and
// markdown-it refuses javascript:, vbscript: and data: links, so the output is safe to embed.
// Headings are pushed down one level: the page's own title is the only <h1>.
import MarkdownIt from 'markdown-it';

const md = new MarkdownIt({ html: false, linkify: true, typographer: true, breaks: false });

const defaultLinkOpen = md.renderer.rules.link_open ?? ((tokens, idx, options, _env, self) => self.renderToken(tokens, idx, options));

md.renderer.rules.link_open = (tokens, idx, options, env, self) => {
  const token = tokens[idx];
  const href = String(token?.attrGet('href') ?? '');
  if (token && /^https?:\/\//i.test(href)) token.attrSet('rel', 'noopener noreferrer');
  return defaultLinkOpen(tokens, idx, options, env, self);
};

md.core.ruler.push('shift_headings', (state) => {
  for (const token of state.tokens) {
    if ((token.type === 'heading_open' || token.type === 'heading_close') && /^h[1-5]$/.test(token.tag)) {
      token.tag = `h${Number(token.tag.slice(1)) + 1}`;
    }
  }
});

// Images in the body would bypass our upload checks and alt-text rule; the main image is a field.
md.disable(['image']);

export function renderMarkdown(source: string): string {
  return md.render(source);
}
