// Documents as PDF (an action plan, an agreement, a report to the kommunstyrelse) from a small
// document model: headings, paragraphs, lists, tables and key–value pairs. The PDF is tagged
// (headings, lists and tables are structure elements a screen reader can walk; page furniture
// is marked as artifacts), states its language and title, and shows the title in the viewer's
// title bar. Text is set in Inter from @expo-google-fonts/inter, an npm dependency, because
// pdfkit needs TrueType and @fontsource ships only woff2; the font covers å ä ö and Sami letters.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import PDFDocument from 'pdfkit';
import { createMessageCatalog, type Locale } from '../i18n/i18n.js';
import { ensureRoom, pdfFontSize, pdfPage, tagged, type PdfContext } from './pdf.layout.js';
import { pdfMessages } from './pdf.messages.js';
import { drawTable, type PdfTableBlock } from './pdf.table.js';

export type PdfBlock =
  | { kind: 'heading'; level: 1 | 2 | 3; text: string }
  | { kind: 'paragraph'; text: string }
  | { kind: 'list'; items: readonly string[]; ordered?: boolean }
  | PdfTableBlock
  | { kind: 'keyValue'; pairs: readonly { key: string; value: string }[] };

export type { PdfTableBlock } from './pdf.table.js';

export interface PdfDocumentInput {
  title: string;
  lang: Locale;
  author?: string;
  subject?: string;
  blocks: readonly PdfBlock[];
  /** The creation date written into the file; fixed, it makes the output byte for byte repeatable. */
  createdAt?: Date;
}

const require = createRequire(import.meta.url);
let fonts: { regular: Buffer; bold: Buffer } | undefined;

/** Read once per process: about 340 kB each, then subset into every PDF by pdfkit. */
function interFonts(): { regular: Buffer; bold: Buffer } {
  fonts ??= {
    regular: readFileSync(require.resolve('@expo-google-fonts/inter/400Regular/Inter_400Regular.ttf')),
    bold: readFileSync(require.resolve('@expo-google-fonts/inter/700Bold/Inter_700Bold.ttf')),
  };
  return fonts;
}

/** Renders the document; resolves with the whole file. */
export function renderPdf(input: PdfDocumentInput): Promise<Buffer> {
  const t = createMessageCatalog([pdfMessages]).translator(input.lang);
  const { regular, bold } = interFonts();
  const createdAt = input.createdAt ?? new Date();
  const doc = new PDFDocument({
    size: pdfPage.size,
    margins: { top: pdfPage.margin, left: pdfPage.margin, right: pdfPage.margin, bottom: pdfPage.margin + pdfPage.footerGap },
    pdfVersion: '1.7',
    tagged: true,
    lang: input.lang,
    displayTitle: true,
    // Page numbers ("Sida 3 av 7") need the page count, known only at the end.
    bufferPages: true,
    info: {
      Title: input.title,
      ...(input.author ? { Author: input.author } : {}),
      ...(input.subject ? { Subject: input.subject } : {}),
      Creator: 'Samtrygg',
      CreationDate: createdAt,
      ModDate: createdAt,
    },
  });
  doc.registerFont('Inter', regular);
  doc.registerFont('Inter-Bold', bold);
  doc.font('Inter').fontSize(pdfFontSize.body).lineGap(2.5);
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  try {
    const root = doc.struct('Document');
    doc.addStructure(root);
    const ctx: PdfContext = { doc, root, t, left: doc.page.margins.left, width: doc.page.width - doc.page.margins.left - doc.page.margins.right };
    for (const block of input.blocks) drawBlock(ctx, block);
    root.end();
    drawFooters(ctx, input.title);
    doc.end();
  } catch (error) {
    doc.destroy(error instanceof Error ? error : new Error(String(error)));
  }
  return done;
}

function drawBlock(ctx: PdfContext, block: PdfBlock): void {
  const { doc, root, width, left } = ctx;
  switch (block.kind) {
    case 'heading': {
      const size = block.level === 1 ? pdfFontSize.h1 : block.level === 2 ? pdfFontSize.h2 : pdfFontSize.h3;
      doc.font('Inter-Bold').fontSize(size);
      // Space above, and never a heading alone at the foot of a page: it needs two lines of body under it.
      if (doc.y > doc.page.margins.top) doc.moveDown(0.6);
      ensureRoom(ctx, doc.heightOfString(block.text, { width }) + 3 * doc.currentLineHeight(true));
      root.add(tagged(doc, `H${block.level}`, () => doc.text(block.text, left, doc.y, { width })));
      doc.moveDown(0.3);
      break;
    }
    case 'paragraph':
      doc.font('Inter').fontSize(pdfFontSize.body);
      root.add(tagged(doc, 'P', () => doc.text(block.text, left, doc.y, { width })));
      doc.moveDown(0.6);
      break;
    case 'list':
      drawList(ctx, block.items, block.ordered ?? false);
      break;
    case 'table':
      drawTable(ctx, block);
      break;
    case 'keyValue':
      drawTable(ctx, { columns: [], rows: block.pairs.map((pair) => [pair.key, pair.value]), rowHeaders: true });
      break;
  }
}

function drawList(ctx: PdfContext, items: readonly string[], ordered: boolean): void {
  const { doc, root, width, left } = ctx;
  const indent = ordered ? 22 : 14;
  doc.font('Inter').fontSize(pdfFontSize.body);
  const list = doc.struct('L');
  root.add(list);
  items.forEach((item, index) => {
    ensureRoom(ctx, doc.currentLineHeight(true));
    const y = doc.y;
    const li = doc.struct('LI');
    list.add(li);
    li.add(tagged(doc, 'Lbl', () => doc.text(ordered ? `${index + 1}.` : '•', left, y, { width: indent, lineBreak: false })));
    li.add(tagged(doc, 'LBody', () => doc.text(item, left + indent, y, { width: width - indent })));
    li.end();
    doc.moveDown(0.25);
  });
  list.end();
  doc.x = left;
  doc.moveDown(0.4);
}

/** "Title · Sida 2 av 5" under every page, marked as a pagination artifact (not read as content). */
function drawFooters(ctx: PdfContext, title: string): void {
  const { doc, t, left, width } = ctx;
  const range = doc.bufferedPageRange();
  for (let i = range.start; i < range.start + range.count; i++) {
    doc.switchToPage(i);
    const bottom = doc.page.margins.bottom;
    // Writing below the bottom margin would make pdfkit start a new page.
    doc.page.margins.bottom = 0;
    const y = doc.page.height - pdfPage.margin - pdfFontSize.small;
    doc.markContent('Artifact', { type: 'Pagination' });
    doc.font('Inter').fontSize(pdfFontSize.small).fillColor('#3d4651');
    doc.text(title, left, y, { width: width * 0.7, lineBreak: false, ellipsis: true, height: pdfFontSize.small * 1.5 });
    doc.text(t('pdf.pageNumber', { page: i + 1, pages: range.count }), left, y, { width, align: 'right', lineBreak: false });
    doc.endMarkedContent();
    doc.page.margins.bottom = bottom;
  }
  doc.fillColor('black');
}
