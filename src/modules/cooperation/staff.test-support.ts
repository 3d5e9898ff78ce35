// Test helpers for the cooperation's staff pages: a real multipart post, as a browser sends the
// follow-up form (the CSRF token as the first part, files as file parts).
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
