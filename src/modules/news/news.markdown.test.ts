// What staff write in Markdown is embedded unescaped on public pages; nothing that runs script may
// come out of renderMarkdown, whatever is typed.
import { describe, expect, it } from 'vitest';
import { hasUnnamedImageOrLink, renderMarkdown } from '../../platform/views/markdown.js';

const attacks = [
  '<script>alert(1)</script>',
  'Text <script src="https://evil.example/x.js"></script> mer text',
  '<img src=x onerror=alert(1)>',
  '<a href="#" onclick="alert(1)">klicka</a>',
  '<svg onload=alert(1)>',
  '[klicka här](javascript:alert(1))',
  '[klicka här](JaVaScRiPt:alert(1))',
  '[klicka här](javascript&#58;alert(1))',
  '[klicka här](&#106;avascript:alert(1))',
  '[klicka här]( javascript:alert(1) )',
  '[ref]\n\n[ref]: javascript:alert(1)',
  '<javascript:alert(1)>',
  '![bild](x" onerror="alert(1))',
  '[data](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)',
  '<iframe src="https://evil.example"></iframe>',
  '```\n<script>alert(1)</script>\n```',
];

describe('Markdown rendering of staff-written text', () => {
  it.each(attacks)('never lets script through: %s', (source) => {
    const html = renderMarkdown(source);
    expect(html).not.toMatch(/<script/i);
    expect(html).not.toMatch(/<(img|svg|iframe|a)\b[^>]*\son\w+=/i);
    expect(html).not.toMatch(/href="\s*(javascript|vbscript|data):/i);
    expect(html).not.toMatch(/<iframe/i);
    expect(html).not.toMatch(/<img/i);
  });

  it('keeps ordinary formatting and safe links, and keeps every heading below the page title without skipping a level', () => {
    const html = renderMarkdown('# Rubrik\n\n## Avsnitt\n\n**fet** och [Polisen](https://polisen.se)');
    expect(html).toContain('<h2>Rubrik</h2>');
    expect(html).toContain('<h2>Avsnitt</h2>');
    expect(html).toContain('<strong>fet</strong>');
    expect(html).toContain('<a href="https://polisen.se" rel="noopener noreferrer">Polisen</a>');
  });
});

describe('images and links nobody can name', () => {
  it.each(['![](bild.jpg)', 'Text ![ ](https://example.org/a.png) text', '[](https://example.org)', '- punkt\n- ![](x.jpg)'])('finds %s', (source) => {
    expect(hasUnnamedImageOrLink(source)).toBe(true);
  });
  it.each(['![Kulturhusets entré](bild.jpg)', '[Läs mer](https://example.org)', '`![](kod.jpg)`', '```\n![](kod.jpg)\n```', 'Vanlig text [utan länk]'])('accepts %s', (source) => {
    expect(hasUnnamedImageOrLink(source)).toBe(false);
  });
});
