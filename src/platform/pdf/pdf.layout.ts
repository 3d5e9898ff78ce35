// What the PDF's block renderers (pdf.ts, pdf.table.ts) share: page geometry, type sizes, and the
// document being drawn with its structure root.
import type PDFDocument from 'pdfkit';
import type { Translate } from '../i18n/i18n.js';

export const pdfPage = { size: 'A4', margin: 56, footerGap: 28 } as const;
export const pdfFontSize = { body: 10.5, small: 9, h1: 20, h2: 15, h3: 12.5 } as const;

export type Pdf = InstanceType<typeof PDFDocument>;
export type PdfStructure = ReturnType<Pdf['struct']>;

export interface PdfContext {
  doc: Pdf;
  /** The Document structure element every block is added to. */
  root: PdfStructure;
  t: Translate;
  /** The text column: its left edge and width. */
  left: number;
  width: number;
}

/** Starts a new page unless `height` still fits above the bottom margin. */
export function ensureRoom(ctx: PdfContext, height: number): void {
  if (ctx.doc.y + height > ctx.doc.page.maxY()) ctx.doc.addPage();
}

/** pdfkit's types know no `scope`; pdfkit (≥ 0.19) writes it as a table cell's Scope attribute. */
export type StructOptions = NonNullable<Parameters<Pdf['struct']>[1]> & { scope?: 'Column' | 'Row' };

/** A structure element whose content is what `draw` puts on the page, drawn when it is added. */
export function tagged(doc: Pdf, type: string, draw: () => unknown, options: StructOptions = {}): PdfStructure {
  return doc.struct(type, options, draw);
}
