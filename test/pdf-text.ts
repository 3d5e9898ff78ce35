// Reads back what pdfkit wrote, for tests: the objects, the document info, the page count and the
// text of each page. The text is decoded the way a reader does it (the content streams' glyph ids
// through each font's ToUnicode map), so a test that looks for "å" fails when the glyph is missing
// or mapped wrongly, not only when a string is absent. Knows pdfkit's output, not every PDF.
import { inflateSync } from 'node:zlib';

interface PdfObject {
  dict: string;
  stream?: Buffer;
}

export interface ReadPdf {
  objects: Map<number, PdfObject>;
  info: Record<string, string>;
  catalog: string;
  pages: string[];
}

function streamData(dict: string, raw: Buffer): Buffer {
  return /\/Filter\s*\/FlateDecode/.test(dict) ? inflateSync(raw) : raw;
}

function parseObjects(pdf: Buffer): Map<number, PdfObject> {
  const text = pdf.toString('latin1');
  const objects = new Map<number, PdfObject>();
  const header = /(\d+) 0 obj\n/g;
  let match: RegExpExecArray | null;
  while ((match = header.exec(text))) {
    const start = header.lastIndex;
    const end = text.indexOf('\nendobj', start);
    const streamAt = text.indexOf('\nstream\n', start);
    if (streamAt !== -1 && streamAt < end) {
      const dict = text.slice(start, streamAt);
      const length = Number(/\/Length (\d+)/.exec(dict)?.[1] ?? 0);
      const dataStart = streamAt + '\nstream\n'.length;
      objects.set(Number(match[1]), { dict, stream: streamData(dict, pdf.subarray(dataStart, dataStart + length)) });
      header.lastIndex = dataStart + length;
    } else {
      objects.set(Number(match[1]), { dict: text.slice(start, end) });
      header.lastIndex = end;
    }
  }
  return objects;
}

/** A PDF literal string: escapes undone, UTF-16BE (with its byte order mark) decoded. */
export function decodePdfString(literal: string): string {
  const bytes: number[] = [];
  for (let i = 0; i < literal.length; i++) {
    const c = literal[i]!;
    if (c !== '\\') {
      bytes.push(c.charCodeAt(0));
      continue;
    }
    const next = literal[++i]!;
    const escapes: Record<string, number> = { n: 10, r: 13, t: 9, b: 8, f: 12 };
    if (next in escapes) bytes.push(escapes[next]!);
    else if (/[0-7]/.test(next)) {
      const octal = /^[0-7]{1,3}/.exec(literal.slice(i))![0];
      bytes.push(parseInt(octal, 8));
      i += octal.length - 1;
    } else bytes.push(next.charCodeAt(0));
  }
  const buffer = Buffer.from(bytes);
  if (buffer[0] === 0xfe && buffer[1] === 0xff) return buffer.subarray(2).swap16().toString('utf16le');
  return buffer.toString('latin1');
}

function toUnicodeMap(cmap: string): Map<number, string> {
  const map = new Map<number, string>();
  for (const range of cmap.matchAll(/<([0-9a-f]+)> <([0-9a-f]+)> \[([^\]]*)\]/gi)) {
    const start = parseInt(range[1]!, 16);
    const targets = [...range[3]!.matchAll(/<([0-9a-f ]+)>/gi)].map((m) => m[1]!.split(' ').map((h) => parseInt(h, 16)));
    targets.forEach((units, i) => map.set(start + i, String.fromCharCode(...units)));
  }
  return map;
}

export function readPdf(pdf: Buffer): ReadPdf {
  const objects = parseObjects(pdf);
  const ref = (dict: string, key: string) => Number(new RegExp(`/${key} (\\d+) 0 R`).exec(dict)?.[1]);
  const text = pdf.toString('latin1');
  const trailer = text.slice(text.lastIndexOf('trailer'));
  const infoDict = objects.get(ref(trailer, 'Info'))?.dict ?? '';
  const info: Record<string, string> = {};
  for (const entry of infoDict.matchAll(/\/(\w+) (\d+) 0 R/g)) {
    const value = objects.get(Number(entry[2]))?.dict.trim() ?? '';
    if (value.startsWith('(')) info[entry[1]!] = decodePdfString(value.slice(1, -1));
  }
  const catalog = objects.get(ref(trailer, 'Root'))?.dict ?? '';

  // Font resource names (/F1) → their ToUnicode maps.
  const fonts = new Map<string, Map<number, string>>();
  for (const [, object] of objects) {
    for (const entry of object.dict.matchAll(/\/(F\d+) (\d+) 0 R/g)) {
      const font = objects.get(Number(entry[2]));
      const cmap = font && objects.get(ref(font.dict, 'ToUnicode'))?.stream;
      if (cmap) fonts.set(entry[1]!, toUnicodeMap(cmap.toString('latin1')));
    }
  }
  const pages: string[] = [];
  for (const [, object] of objects) {
    if (!/\/Type \/Page\n/.test(object.dict)) continue;
    const content = objects.get(ref(object.dict, 'Contents'))?.stream?.toString('latin1') ?? '';
    const lines: string[] = [];
    let font = new Map<number, string>();
    for (const op of content.matchAll(/\/(F\d+) [\d.]+ Tf|\[([^\]]*)\] TJ|\bET\b/g)) {
      if (op[1]) font = fonts.get(op[1]) ?? new Map();
      else if (op[2] !== undefined) {
        const hex = [...op[2].matchAll(/<([0-9a-f]*)>/gi)].map((m) => m[1]!).join('');
        let line = '';
        for (let i = 0; i < hex.length; i += 4) line += font.get(parseInt(hex.slice(i, i + 4), 16)) ?? '\uFFFD';
        lines.push(line);
      }
    }
    pages.push(lines.join('\n'));
  }
  return { objects, info, catalog, pages };
}
