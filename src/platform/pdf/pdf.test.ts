import { describe, expect, it } from 'vitest';
import { readPdf } from '../../../test/pdf-text.js';
import { renderPdf, type PdfDocumentInput } from './pdf.js';

const createdAt = new Date('2027-03-01T08:00:00Z');

const plan: PdfDocumentInput = {
  title: 'Handlingsplan för ökad trygghet i Åkersberga',
  lang: 'sv',
  author: 'Österåkers kommun',
  subject: 'Medborgarlöfte 2027',
  createdAt,
  blocks: [
    { kind: 'heading', level: 1, text: 'Handlingsplan för ökad trygghet' },
    { kind: 'paragraph', text: 'Kommunen och polisen lovar att öka tryggheten på stationsområdet i Åkersberga.' },
    { kind: 'list', items: ['Bättre belysning på gångvägar', 'Nattvandring fredagar och lördagar'] },
    { kind: 'keyValue', pairs: [{ key: 'Ansvarig', value: 'Säkerhetssamordnare' }] },
    { kind: 'table', caption: 'Aktiviteter', columns: ['Aktivitet', 'Klar'], rows: [['Trygghetsvandring i Älvsjö', 'ja']] },
  ],
};

const manyRows = (n: number) => Array.from({ length: n }, (_, i) => [`Aktivitet ${i + 1}`, `Åtgärd nummer ${i + 1}`, String(i * 7)]);

describe('renderPdf', () => {
  it('writes a tagged PDF 1.7 that states its title, author, language and shows the title', async () => {
    const pdf = await renderPdf(plan);
    expect(pdf.subarray(0, 8).toString('latin1')).toBe('%PDF-1.7');
    const read = readPdf(pdf);
    expect(read.info).toMatchObject({ Title: plan.title, Author: 'Österåkers kommun', Subject: 'Medborgarlöfte 2027', Creator: 'Samtrygg' });
    expect(read.catalog).toMatch(/\/Lang \(sv\)/);
    expect(read.catalog).toMatch(/\/MarkInfo \d+ 0 R/);
    expect(read.catalog).toMatch(/\/StructTreeRoot \d+ 0 R/);
    const viewerPreferences = [...read.objects.values()].some((o) => /\/DisplayDocTitle true/.test(o.dict));
    expect(viewerPreferences).toBe(true);
  });

  it('sets Swedish text, å ä ö included, in the embedded Inter font', async () => {
    const read = readPdf(await renderPdf(plan));
    const text = read.pages.join('\n');
    expect(text).toContain('Handlingsplan för ökad trygghet');
    expect(text).toContain('öka tryggheten på stationsområdet i Åkersberga');
    expect(text).toContain('Säkerhetssamordnare');
    expect(text).toContain('Trygghetsvandring i Älvsjö');
    expect(text).not.toContain('\uFFFD');
    expect([...read.objects.values()].some((o) => /\/BaseFont \/[A-Z]{6}\+Inter/.test(o.dict))).toBe(true);
  });

  it('tags headings, paragraphs, lists and tables, with column and row headers', async () => {
    const read = readPdf(await renderPdf(plan));
    const types = new Set([...read.objects.values()].flatMap((o) => [...o.dict.matchAll(/\/S \/(\w+)/g)].map((m) => m[1])));
    for (const type of ['Document', 'H1', 'P', 'L', 'LI', 'Lbl', 'LBody', 'Table', 'Caption', 'THead', 'TBody', 'TR', 'TH', 'TD']) expect(types).toContain(type);
    const scopes = [...read.objects.values()].flatMap((o) => [...o.dict.matchAll(/\/Scope \/(\w+)/g)].map((m) => m[1]));
    expect(scopes).toContain('Column');
    expect(scopes).toContain('Row');
  });

  it('numbers the pages "Sida n av m" in Swedish and "Page n of m" in English', async () => {
    const swedish = readPdf(await renderPdf({ ...plan, blocks: [{ kind: 'table', caption: 'Lång', columns: ['A', 'B', 'C'], rows: manyRows(80) }] }));
    expect(swedish.pages.length).toBeGreaterThan(1);
    swedish.pages.forEach((page, i) => expect(page).toContain(`Sida ${i + 1} av ${swedish.pages.length}`));
    const english = readPdf(await renderPdf({ ...plan, lang: 'en', blocks: [{ kind: 'paragraph', text: 'One page.' }] }));
    expect(english.pages).toHaveLength(1);
    expect(english.pages[0]).toContain('Page 1 of 1');
    expect(english.catalog).toMatch(/\/Lang \(en\)/);
  });

  it('breaks a 500-row table across pages, repeating its caption and header row on each', async () => {
    const read = readPdf(await renderPdf({ ...plan, blocks: [{ kind: 'table', caption: 'Alla aktiviteter', columns: ['Namn', 'Åtgärd', 'Värde'], rows: manyRows(500), align: ['left', 'left', 'right'] }] }));
    expect(read.pages.length).toBeGreaterThanOrEqual(10);
    read.pages.forEach((page, i) => {
      expect(page).toContain(i === 0 ? 'Alla aktiviteter' : 'Alla aktiviteter (fortsättning)');
      expect(page).toMatch(/^Namn$/m);
    });
    const all = read.pages.join('\n');
    for (const n of [1, 250, 500]) expect(all).toContain(`Åtgärd nummer ${n}`);
    // Only the first header row is content; the repeats are artifacts, so there is one THead.
    const heads = [...read.objects.values()].filter((o) => /\/S \/THead/.test(o.dict));
    expect(heads).toHaveLength(1);
    const rows = [...read.objects.values()].filter((o) => /\/S \/TR/.test(o.dict));
    expect(rows).toHaveLength(501);
  });

  it('gives the same bytes for the same document and creation date', async () => {
    const [a, b] = await Promise.all([renderPdf(plan), renderPdf(plan)]);
    expect(a.equals(b)).toBe(true);
  });

  it('renders an empty document as one page', async () => {
    const read = readPdf(await renderPdf({ ...plan, blocks: [] }));
    expect(read.pages).toHaveLength(1);
  });
});
