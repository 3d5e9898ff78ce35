// Tables and quotes in staff-written Markdown: what the renderer adds so they can be read on a
// phone, by keyboard and with a screen reader, under our Content-Security-Policy.
import { describe, expect, it } from 'vitest';
import { renderMarkdown } from './markdown.js';

const schedule = `## Datum och platser

| Datum | Tid | Plats |
|---|:-:|--:|
| Onsdag 6 maj | 18.00 | [Kulturhuset](https://example.org) |`;

function regions(html: string): string[] {
  return [...html.matchAll(/<div class="table-scroll" role="region" tabindex="0" aria-label="([^"]*)">\n<table/g)].map((m) => m[1]!);
}

describe('Markdown tables', () => {
  it('puts every table in a focusable region named after the heading it stands under', () => {
    const html = renderMarkdown(schedule);
    expect(regions(html)).toEqual(['Tabell: Datum och platser']);
    expect(html).toMatch(/<\/table>\n<\/div>/);
  });

  it('numbers the regions when there are several, and names them in the language of the text', () => {
    const html = renderMarkdown(`| a |\n|---|\n| 1 |\n\n## Times *and* places\n\n| b |\n|---|\n| 2 |`, 'en');
    expect(regions(html)).toEqual(['Table 1', 'Table 2: Times and places']);
  });

  it('escapes the heading in the name', () => {
    expect(regions(renderMarkdown('## Fältet `"typ" & <kod>`\n\n| a |\n|---|\n| 1 |'))).toEqual(['Tabell: Fältet &quot;typ&quot; &amp; &lt;kod&gt;']);
  });

  it('gives Designsystemet table classes, column headers and alignment without style attributes (blocked by style-src self)', () => {
    const html = renderMarkdown(schedule);
    expect(html).toContain('<table class="ds-table" data-border="" data-zebra="">');
    expect(html).toContain('<th scope="col">Datum</th>');
    expect(html).toContain('<th scope="col" class="align-center">Tid</th>');
    expect(html).toContain('<td class="align-right"><a href="https://example.org" rel="noopener noreferrer">Kulturhuset</a></td>');
    expect(html).not.toContain('style=');
  });
});

describe('Markdown quotes', () => {
  it('keeps a quote and its attribution as a blockquote', () => {
    expect(renderMarkdown('> Det känns tryggare nu.\n>\n> — En boende')).toBe('<blockquote>\n<p>Det känns tryggare nu.</p>\n<p>— En boende</p>\n</blockquote>\n');
  });
});
