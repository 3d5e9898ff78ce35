// Test helpers for the cooperation's staff pages: a real multipart post, as a browser sends the
// follow-up form (the CSRF token as the first part, files as file parts), and a form's fields as
// the browser would send them unchanged.
import { csrfTokenFrom, type TestClient } from '../../../test/app.js';

export async function postMultipart(
  client: TestClient,
  pageUrl: string,
  action: string,
  fields: Record<string, string>,
  files: Record<string, { filename: string; data: Buffer; type?: string }> = {},
) {
  const page = await client.get(pageUrl);
  const form = new FormData();
  form.append('_csrf', csrfTokenFrom(page.body));
  for (const [name, value] of Object.entries(fields)) form.append(name, value);
  for (const [name, file] of Object.entries(files)) form.append(name, new Blob([new Uint8Array(file.data)], { type: file.type ?? 'application/octet-stream' }), file.filename);
  const response = await client.app.inject({ method: 'POST', url: action, headers: { cookie: client.jar.header() }, payload: form });
  client.jar.store(response.headers['set-cookie']);
  return response;
}

/** The form fields of a page's first form with this action, as the browser would send them unchanged. */
export function formFields(html: string, action: string): Record<string, string> {
  const start = html.indexOf(`action="${action}"`);
  const form = html.slice(start, html.indexOf('</form>', start));
  const fields: Record<string, string> = {};
  for (const m of form.matchAll(/<input[^>]*name="([^"]+)"[^>]*>/g)) {
    const tag = m[0];
    if (/type="(checkbox|radio)"/.test(tag) && !/ checked/.test(tag)) continue;
    if (/type="file"/.test(tag)) continue;
    fields[m[1]!] = /value="([^"]*)"/.exec(tag)?.[1] ?? '';
  }
  for (const m of form.matchAll(/<textarea[^>]*name="([^"]+)"[^>]*>([\s\S]*?)<\/textarea>/g)) fields[m[1]!] = m[2]!;
  for (const m of form.matchAll(/<select[^>]*name="([^"]+)"[^>]*>([\s\S]*?)<\/select>/g)) fields[m[1]!] = /<option[^>]*value="([^"]*)"[^>]*selected/.exec(m[2]!)?.[1] ?? '';
  const decode = (s: string) => s.replace(/&amp;/g, '&').replace(/&quot;/g, '"').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&#x27;|&#39;/g, "'");
  return Object.fromEntries(Object.entries(fields).map(([k, v]) => [k, decode(v)]));
}
