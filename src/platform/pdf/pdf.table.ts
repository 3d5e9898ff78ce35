// Tables in the PDF, drawn by hand rather than with pdfkit's doc.table(): a long table must break
// across pages with its caption and header row repeated, and pdfkit's table repeats neither. The
// repeats are artifacts, so a screen reader meets the header once, in the one Table element.
import { ensureRoom, pdfFontSize, tagged, type Pdf, type PdfContext, type PdfStructure } from './pdf.layout.js';

export interface PdfTableBlock {
  kind: 'table';
  caption: string;
  columns: readonly string[];
  rows: readonly (readonly string[])[];
  /** Per column; numbers read best right-aligned. Default left. */
  align?: readonly ('left' | 'right')[];
}

interface TableSpec {
  caption?: string;
  /** Empty: no header row (key–value pairs). */
  columns: readonly string[];
  rows: readonly (readonly string[])[];
  align?: readonly ('left' | 'right')[];
  /** The first cell of each row is a row header (TH scope Row), set in bold. */
  rowHeaders?: boolean;
}

const padding = 4;
const colours = { text: '#1e2b3c', rule: '#9aa5b1', header: '#e4e9ee', zebra: '#f4f6f8' };

function artifact(doc: Pdf, draw: () => void): void {
  doc.markContent('Artifact', { type: 'Layout' });
  draw();
  doc.endMarkedContent();
}

/** Widths that fit the text width: narrow columns keep their natural width, wide ones share the rest. */
function columnWidths(doc: Pdf, spec: TableSpec, total: number, count: number): number[] {
  const natural = new Array<number>(count).fill(0);
  const sample = spec.rows.slice(0, 200);
  // Word by word: pdfkit caches the layout of each word, not of whole strings, and laying out a
  // new string with Inter's OpenType features costs most of a millisecond.
  const space = doc.font('Inter').fontSize(pdfFontSize.body).widthOfString(' ');
  const widthOf = (text: string) => text.split(/\s+/).reduce((sum, word) => sum + doc.widthOfString(word) + space, -space);
  doc.font('Inter-Bold');
  spec.columns.forEach((text, i) => (natural[i] = Math.max(natural[i]!, widthOf(text))));
  doc.font('Inter');
  for (const row of sample) row.forEach((text, i) => i < count && (natural[i] = Math.max(natural[i]!, widthOf(text))));
  const wanted = natural.map((w) => w + 2 * padding + 1);
  const sum = wanted.reduce((a, b) => a + b, 0);
  if (sum <= total) return wanted.map((w) => (w / sum) * total);
  const widths = new Array<number>(count).fill(0);
  let open = wanted.map((_, i) => i);
  let left = total;
  for (;;) {
    const share = left / open.length;
    const fitting = open.filter((i) => wanted[i]! <= share);
    if (fitting.length === 0) break;
    for (const i of fitting) {
      widths[i] = wanted[i]!;
      left -= wanted[i]!;
    }
    open = open.filter((i) => wanted[i]! > share);
    if (open.length === 0) break;
  }
  for (const i of open) widths[i] = left / open.length;
  return widths;
}

export function drawTable(ctx: PdfContext, spec: TableSpec): void {
  const { doc, root, left, width } = ctx;
  const count = Math.max(spec.columns.length, ...spec.rows.map((row) => row.length));
  if (count === 0) return;
  const widths = columnWidths(doc, spec, width, count);
  const xs = widths.map((_, i) => left + widths.slice(0, i).reduce((a, b) => a + b, 0));
  const maxCellHeight = doc.page.maxY() - doc.page.margins.top - 60;
  const fontOf = (header: boolean) => doc.font(header ? 'Inter-Bold' : 'Inter').fontSize(pdfFontSize.body);
  const heightOf = (cells: readonly string[], header: (i: number) => boolean) =>
    Math.min(maxCellHeight, Math.max(...widths.map((w, i) => fontOf(header(i)).heightOfString(cells[i] ?? '', { width: w - 2 * padding })))) + 2 * padding;
  const isRowHeader = (i: number) => spec.rowHeaders === true && i === 0;

  const drawCells = (cells: readonly string[], y: number, height: number, header: (i: number) => boolean, cell?: (i: number, draw: () => void) => void) => {
    widths.forEach((w, i) => {
      const draw = () => {
        fontOf(header(i)).fillColor(colours.text);
        doc.text(cells[i] ?? '', xs[i]! + padding, y + padding, { width: w - 2 * padding, height: height - 2 * padding, ellipsis: true, align: spec.align?.[i] ?? 'left' });
      };
      if (cell) cell(i, draw);
      else draw();
    });
  };
  const drawBackground = (y: number, height: number, fill: string | null) =>
    artifact(doc, () => {
      if (fill) doc.rect(left, y, width, height).fill(fill);
      doc.moveTo(left, y + height).lineTo(left + width, y + height).lineWidth(0.75).strokeColor(colours.rule).stroke();
    });

  const captionHeight = spec.caption ? fontOf(true).heightOfString(spec.caption, { width }) + 4 : 0;
  const headerHeight = spec.columns.length ? heightOf(spec.columns, () => true) : 0;
  const firstRowHeight = spec.rows[0] ? heightOf(spec.rows[0], isRowHeader) : 0;
  ensureRoom(ctx, captionHeight + headerHeight + firstRowHeight);

  const table = doc.struct('Table');
  root.add(table);
  if (spec.caption) {
    const caption = spec.caption;
    const y = doc.y;
    table.add(tagged(doc, 'Caption', () => fontOf(true).fillColor(colours.text).text(caption, left, y, { width })));
    doc.y = y + captionHeight;
  }
  const drawHeader = (first: boolean) => {
    if (!spec.columns.length) return;
    const y = doc.y;
    drawBackground(y, headerHeight, colours.header);
    if (first) {
      const head = doc.struct('THead');
      table.add(head);
      const tr = doc.struct('TR');
      head.add(tr);
      drawCells(spec.columns, y, headerHeight, () => true, (_i, draw) => tr.add(tagged(doc, 'TH', draw, { scope: 'Column' })));
      head.end();
    } else {
      artifact(doc, () => drawCells(spec.columns, y, headerHeight, () => true));
    }
    doc.y = y + headerHeight;
  };
  drawHeader(true);

  const body = doc.struct('TBody');
  table.add(body);
  spec.rows.forEach((row, index) => {
    const height = heightOf(row, isRowHeader);
    if (doc.y + height > doc.page.maxY()) {
      doc.addPage();
      if (spec.caption) {
        const y = doc.y;
        artifact(doc, () => fontOf(true).fillColor(colours.text).text(ctx.t('pdf.tableContinued', { caption: spec.caption! }), left, y, { width }));
        doc.y = y + captionHeight;
      }
      drawHeader(false);
    }
    const y = doc.y;
    drawBackground(y, height, index % 2 === 1 ? colours.zebra : null);
    const tr: PdfStructure = doc.struct('TR');
    body.add(tr);
    drawCells(row, y, height, isRowHeader, (i, draw) =>
      tr.add(isRowHeader(i) ? tagged(doc, 'TH', draw, { scope: 'Row' }) : tagged(doc, 'TD', draw)),
    );
    tr.end();
    doc.y = y + height;
  });
  table.end();
  doc.font('Inter').fontSize(pdfFontSize.body).fillColor('black');
  doc.x = left;
  doc.moveDown(0.8);
}
