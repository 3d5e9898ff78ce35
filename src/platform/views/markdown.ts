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

export function renderMarkdown(source: string): string {
  return md.render(source);
}
