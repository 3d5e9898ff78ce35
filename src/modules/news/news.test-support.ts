// Test helpers for the news editor: real multipart posts (Node's FormData, which light-my-request
// encodes like a browser would) and small real files.
import sharp from 'sharp';
import { csrfTokenFrom, type TestClient } from '../../../test/app.js';

export interface TestUpload {
  filename: string;
  data: Buffer;
  type?: string;
}

/**
 * Loads `pageUrl` as the person would, then posts the multipart form to `action` with the CSRF
 * token as the first part (as a browser sends the Form component's hidden field) and files as
 * real file parts. A file input left empty is sent the way browsers send it: a part with no name
 * and no bytes.
 */
export async function postMultipart(
  client: TestClient,
  pageUrl: string,
  action: string,
  fields: Record<string, string | string[]>,
  files: Record<string, TestUpload | null> = {},
) {
  const page = await client.get(pageUrl);
  const token = csrfTokenFrom(page.body);
  const form = new FormData();
  form.append('_csrf', token);
  for (const [name, value] of Object.entries(fields)) {
    for (const v of Array.isArray(value) ? value : [value]) form.append(name, v);
  }
  for (const [name, file] of Object.entries(files)) {
    if (file) form.append(name, new Blob([new Uint8Array(file.data)], { type: file.type ?? 'application/octet-stream' }), file.filename);
    else form.append(name, new Blob([], { type: 'application/octet-stream' }), '');
  }
  const response = await client.app.inject({
    method: 'POST',
    url: action,
    headers: { cookie: client.jar.header() },
    payload: form,
  });
  client.jar.store(response.headers['set-cookie']);
  return response;
}

/** A small JPEG carrying EXIF with a camera owner and GPS position, like a phone photo. */
export async function jpegWithLocation(): Promise<Buffer> {
  return sharp({ create: { width: 64, height: 48, channels: 3, background: { r: 40, g: 90, b: 160 } } })
    .jpeg()
    .withExif({
      IFD0: { Copyright: 'Test Person', Artist: 'Test Person' },
      IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '59/1 26/1 0/1', GPSLongitudeRef: 'E', GPSLongitude: '18/1 4/1 0/1' },
    })
    .toBuffer();
}

export const tinyPdf = Buffer.from('%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n', 'latin1');

export function idFromLocation(location: unknown): string {
  const match = /\/admin\/nyheter\/([0-9a-f-]{36})$/.exec(String(location));
  if (!match?.[1]) throw new Error(`not an edit page: ${String(location)}`);
  return match[1];
}
