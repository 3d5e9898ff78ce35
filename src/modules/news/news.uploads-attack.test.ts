// Attacks on uploads (issue 5, item 7): a body is read only on routes that take files, only after
// the session and permission checks, with the CSRF token as its first part (never in the URL),
// within a per-request size cap and a per-instance number of upload slots.
import { connect } from 'node:net';
import type { AddressInfo } from 'node:net';
import { PassThrough, Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { csrfTokenFrom, type TestClient } from '../../../test/app.js';
import { dialects } from '../../../test/databases.js';
import { idFromLocation, tinyPdf } from './news.test-support.js';
import { createWorld, people, type World } from '../../../test/security/world.js';

const boundary = '----samtryggattack';
const maxFileBytes = 100_000;
const maxRequestBytes = 150_000;
const newsForm = '/vallentuna/admin/nyheter/ny';

function fieldPart(name: string, value: string): Buffer {
  return Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`);
}

function fileHead(name: string, filename: string, type = 'application/pdf'): Buffer {
  return Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${name}"; filename="${filename}"\r\nContent-Type: ${type}\r\n\r\n`);
}

const closing = Buffer.from(`\r\n--${boundary}--\r\n`);

/** A PDF of `size` bytes (a real PDF header, padded). */
function pdfOf(size: number): Buffer {
  return Buffer.concat([tinyPdf, Buffer.alloc(Math.max(0, size - tinyPdf.length), 0x20)]);
}

/**
 * A request body produced only as the server reads it, counting what it pulled: `head`, then
 * `fileBytes` of file data in 16 KiB chunks, then `tail` (or never an end, when tail is null).
 */
class CountingBody extends Readable {
  pulled = 0;
  private sentHead = false;
  private fileLeft: number;
  constructor(
    private readonly head: Buffer,
    fileBytes: number,
    private readonly tail: Buffer | null,
  ) {
    super();
    this.fileLeft = fileBytes;
  }
  override _read(): void {
    let chunk: Buffer | null;
    if (!this.sentHead) {
      this.sentHead = true;
      chunk = this.head;
    } else if (this.fileLeft > 0) {
      const size = Math.min(16 * 1024, this.fileLeft);
      this.fileLeft -= size;
      chunk = Buffer.alloc(size, 0x20);
    } else if (this.tail) {
      chunk = this.tail;
      this.push(chunk);
      this.pulled += chunk.length;
      this.push(null);
      return;
    } else {
      return; // an upload that never finishes
    }
    this.pulled += chunk.length;
    this.push(chunk);
  }
}

async function postStream(client: TestClient, url: string, body: Readable, headers: Record<string, string> = {}) {
  const response = await client.app.inject({
    method: 'POST',
    url,
    headers: { cookie: client.jar.header(), 'content-type': `multipart/form-data; boundary=${boundary}`, ...headers },
    payload: body,
  });
  client.jar.store(response.headers['set-cookie']);
  return response;
}

async function postParts(client: TestClient, url: string, parts: Buffer[], headers: Record<string, string> = {}) {
  const response = await client.app.inject({
    method: 'POST',
    url,
    headers: { cookie: client.jar.header(), 'content-type': `multipart/form-data; boundary=${boundary}`, ...headers },
    payload: Buffer.concat([...parts, Buffer.from(`--${boundary}--\r\n`)]),
  });
  client.jar.store(response.headers['set-cookie']);
  return response;
}

/** The token of the person's pages: the sign-out form every signed-in page carries, or a form's. */
async function tokenOf(client: TestClient, url = '/vallentuna/'): Promise<string> {
  return csrfTokenFrom((await client.get(url)).body);
}

describe.each(dialects)('attacks on uploads on %s', (dialect) => {
  let world: World;
  let coordinator: TestClient;

  const count = async (table: 'content_items' | 'files' | 'organisations' | 'sessions') =>
    Number((await world.t.ctx.db.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
  const itemTitled = (title: string) => world.t.ctx.db.selectFrom('content_items').select('id').where('title', '=', title).executeTakeFirst();

  beforeAll(async () => {
    world = await createWorld(dialect, {
      config: {
        UPLOAD_MAX_BYTES: String(maxFileBytes),
        UPLOAD_MAX_REQUEST_BYTES: String(maxRequestBytes),
        UPLOAD_CONCURRENCY: '2',
        UPLOAD_SLOT_WAIT_MS: '50',
      },
    });
    coordinator = await world.as('vallentunaCoordinator');
  });
  afterAll(async () => world?.t.close());

  describe('a route that takes no files', () => {
    it('refuses an anonymous multipart post with 415 without reading a byte of its body', async () => {
      const visitor = world.anonymous();
      const token = await tokenOf(visitor, '/logga-in');
      const body = new CountingBody(Buffer.concat([fieldPart('_csrf', token), fileHead('image', 'stor.jpg', 'image/jpeg')]), 4 * 1024 * 1024, closing);
      const response = await postStream(visitor, '/logga-in', body);
      expect(response.statusCode).toBe(415);
      expect(response.body).toContain('Den typen av innehåll tas inte emot här.');
      expect(body.pulled).toBe(0);
    });

    it('does not sign anyone in from a multipart body, however valid its parts', async () => {
      const visitor = world.anonymous();
      const token = await tokenOf(visitor, '/logga-in');
      const sessions = await count('sessions');
      // The token also in the address, as multipart forms used to send it.
      const response = await postParts(visitor, `/logga-in?_csrf=${encodeURIComponent(token)}`, [
        fieldPart('_csrf', token),
        fieldPart('email', people.vallentunaCoordinator.email),
        fieldPart('password', people.vallentunaCoordinator.password),
      ]);
      expect(response.statusCode).toBe(415);
      expect(visitor.jar.cookies.has('samtrygg_session')).toBe(false);
      expect(await count('sessions')).toBe(sessions);
    });

    it('refuses a signed-in administrator’s multipart post with 415 and changes nothing', async () => {
      const admin = await world.as('vallentunaAdmin');
      const token = await tokenOf(admin, '/vallentuna/admin/organisationer');
      const organisations = await count('organisations');
      const response = await postParts(admin, `/vallentuna/admin/organisationer?_csrf=${encodeURIComponent(token)}`, [fieldPart('_csrf', token), fieldPart('name', 'Smugglad organisation'), fieldPart('partnerType', 'other')]);
      expect(response.statusCode).toBe(415);
      expect(await count('organisations')).toBe(organisations);
    });

    it('answers before the client has finished sending, and closes the connection', { timeout: 15_000 }, async () => {
      await world.t.app.listen({ port: 0, host: '127.0.0.1' });
      const { port } = world.t.app.server.address() as AddressInfo;
      const socket = connect(port, '127.0.0.1');
      const declared = 50 * 1024 * 1024;
      // Whatever the server sends until it closes the connection; we never send the 50 MiB.
      const answer = new Promise<{ text: string; closedByServer: boolean }>((resolve) => {
        let text = '';
        socket.on('data', (chunk: Buffer) => (text += chunk.toString('latin1')));
        // The server may close with our unread bytes still in its buffer: a reset, also a close.
        socket.on('error', () => undefined);
        socket.on('close', () => resolve({ text, closedByServer: true }));
      });
      socket.write(
        `POST /logga-in HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: multipart/form-data; boundary=${boundary}\r\nContent-Length: ${declared}\r\n\r\n`,
      );
      socket.write(Buffer.concat([fileHead('image', 'stor.jpg', 'image/jpeg'), Buffer.alloc(1024, 0x20)]));
      const { text, closedByServer } = await answer;
      socket.destroy();
      expect(text).toMatch(/^HTTP\/1\.1 415 /);
      expect(text.toLowerCase()).toContain('connection: close');
      expect(closedByServer).toBe(true);
    });
  });

  describe('an upload route', () => {
    it('sends a signed-out visitor away before reading the body', async () => {
      const visitor = world.anonymous();
      const token = await tokenOf(visitor, '/logga-in');
      const body = new CountingBody(Buffer.concat([fieldPart('_csrf', token), fieldPart('title', 'Anonym'), fileHead('attachment1', 'a.pdf')]), 4 * 1024 * 1024, closing);
      const response = await postStream(visitor, newsForm, body);
      expect(response.statusCode).toBe(401);
      expect(body.pulled).toBe(0);
      expect(await itemTitled('Anonym')).toBeUndefined();
    });

    for (const [person, url] of [
      ['partnerReporter', newsForm],
      ['tabyAdmin', newsForm],
      ['tabyAdmin', '/vallentuna/admin/installningar'],
      ['solnaAdmin', '/vallentuna/admin/installningar'],
    ] as const) {
      it(`answers ${person} 404 at ${url} before reading the body`, async () => {
        const client = await world.as(person);
        const token = await tokenOf(client, '/vallentuna/');
        const body = new CountingBody(Buffer.concat([fieldPart('_csrf', token), fieldPart('title', `Från ${person}`), fieldPart('name', `Kapad av ${person}`), fileHead('logo', 'a.png', 'image/png')]), 4 * 1024 * 1024, closing);
        const response = await postStream(client, url, body);
        expect(response.statusCode).toBe(404);
        expect(body.pulled).toBe(0);
        expect(await itemTitled(`Från ${person}`)).toBeUndefined();
      });
    }

    it('refuses a form whose token is only in the URL (403) and stores nothing', async () => {
      const token = await tokenOf(coordinator, newsForm);
      const before = await count('content_items');
      const response = await postParts(coordinator, `${newsForm}?_csrf=${encodeURIComponent(token)}`, [fieldPart('kind', 'news'), fieldPart('title', 'Token i adressen')]);
      expect(response.statusCode).toBe(403);
      expect(response.body).toContain('Formuläret var för gammalt');
      expect(await count('content_items')).toBe(before);
    });

    it('refuses a form whose first part is not the token, even when the token comes later', async () => {
      const token = await tokenOf(coordinator, newsForm);
      const before = { items: await count('content_items'), files: await count('files') };
      // Also with the token in the address, which is no longer looked at.
      const inAddress = `${newsForm}?_csrf=${encodeURIComponent(token)}`;
      const late = await postParts(coordinator, inAddress, [fieldPart('kind', 'news'), fieldPart('title', 'Token för sent'), fieldPart('_csrf', token)]);
      expect(late.statusCode).toBe(403);
      const fileFirst = await postParts(coordinator, inAddress, [fileHead('attachment1', 'a.pdf'), tinyPdf, Buffer.from('\r\n'), fieldPart('_csrf', token), fieldPart('title', 'Fil först')]);
      expect(fileFirst.statusCode).toBe(403);
      const wrong = await postParts(coordinator, newsForm, [fieldPart('_csrf', `${token}x`), fieldPart('title', 'Fel token')]);
      expect(wrong.statusCode).toBe(403);
      const none = await postParts(coordinator, newsForm, []);
      expect(none.statusCode).toBe(403);
      expect({ items: await count('content_items'), files: await count('files') }).toEqual(before);
    });

    it('takes the token from the x-csrf-token header instead, and then reads the form', async () => {
      const token = await tokenOf(coordinator, newsForm);
      const response = await postParts(coordinator, newsForm, [fieldPart('kind', 'news'), fieldPart('title', 'Token i huvudet')], { 'x-csrf-token': token });
      expect(response.statusCode).toBe(303);
      expect(await itemTitled('Token i huvudet')).toBeDefined();
      const wrong = await postParts(coordinator, newsForm, [fieldPart('_csrf', token), fieldPart('title', 'Fel token i huvudet')], { 'x-csrf-token': 'fel' });
      expect(wrong.statusCode).toBe(403);
    });

    it('renders the editor and the settings form without the token in their address, the token first', async () => {
      const admin = await world.as('vallentunaAdmin');
      for (const [client, url, formClass] of [
        [coordinator, newsForm, 'content-form'],
        [admin, '/vallentuna/admin/installningar', 'settings-form'],
      ] as const) {
        const html = (await client.get(url)).body;
        const form = new RegExp(`<form[^>]*class="${formClass}"[^>]*>\\s*<input([^>]*)>`).exec(html);
        expect(form, url).not.toBeNull();
        expect(form![0], url).toContain('enctype="multipart/form-data"');
        expect(form![0], url).not.toContain('_csrf=');
        expect(form![1], url).toContain('name="_csrf"');
      }
    });

    it('refuses more than the allowed bytes per request with 413 and a page that names the limit', async () => {
      const token = await tokenOf(coordinator, newsForm);
      const before = { items: await count('content_items'), files: await count('files') };
      // Each file is below the per-file limit; together they are above the per-request one. The
      // token travels in the header here (the first-part path is the news editor's own tests').
      const withToken = { 'x-csrf-token': token };
      const parts = [
        fieldPart('kind', 'news'),
        fieldPart('title', 'För mycket tillsammans'),
        fileHead('attachment1', 'ett.pdf'),
        pdfOf(90_000),
        Buffer.from('\r\n'),
        fileHead('attachment2', 'tva.pdf'),
        pdfOf(90_000),
        Buffer.from('\r\n'),
      ];
      // Once with its length declared (refused before reading), once streamed without one.
      const declared = await postParts(coordinator, newsForm, parts, withToken);
      const body = new CountingBody(Buffer.concat(parts.slice(0, -2)), 4 * 1024 * 1024, closing);
      const streamed = await postStream(coordinator, newsForm, body, withToken);
      for (const response of [declared, streamed]) {
        expect(response.statusCode).toBe(413);
        expect(response.headers['content-type']).toContain('text/html');
        expect(response.body).toContain('Filerna är för stora tillsammans');
        expect(response.body).toContain('Alla filer i formuläret får tillsammans vara högst 146,5 kB. Ingenting sparades.');
        expect(response.body).toContain(`href="${newsForm}"`);
      }
      expect(body.pulled).toBeLessThan(4 * 1024 * 1024);
      expect({ items: await count('content_items'), files: await count('files') }).toEqual(before);
      // The form says so before anyone tries.
      expect((await coordinator.get(newsForm)).body).toContain('högst 97,7 kB per fil och 146,5 kB för alla filer i formuläret tillsammans');

      const english = await world.as('vallentunaCoordinator');
      await english.get('/sprak?till=en&tillbaka=%2F');
      const inEnglish = await postParts(english, newsForm, parts, { 'x-csrf-token': await tokenOf(english, newsForm) });
      expect(inEnglish.statusCode).toBe(413);
      expect(inEnglish.body).toContain('All files in the form together may be at most 146.5 kB. Nothing was saved.');
    });

    it('stops reading a file at the per-file limit and answers 413', async () => {
      const token = await tokenOf(coordinator, newsForm);
      const before = await count('files');
      const body = new CountingBody(Buffer.concat([fieldPart('kind', 'news'), fieldPart('title', 'Jättefil'), fileHead('attachment1', 'stor.pdf'), tinyPdf]), 4 * 1024 * 1024, closing);
      const response = await postStream(coordinator, newsForm, body, { 'x-csrf-token': token });
      expect(response.statusCode).toBe(413);
      expect(response.body).toContain('En fil får vara högst 97,7 kB. Ingenting sparades.');
      expect(body.pulled).toBeLessThan(4 * 1024 * 1024);
      expect(await count('files')).toBe(before);
      expect(await itemTitled('Jättefil')).toBeUndefined();
    });

    it('refuses uploads beyond the slots of the instance with 429 and Retry-After, never 5xx, and stores nothing for them', async () => {
      const token = await tokenOf(coordinator, newsForm);
      // Three uploads that do not finish until we say so; the instance reads two at a time.
      const bodies = [0, 1, 2].map(() => new PassThrough());
      const responses = bodies.map((body, i) => {
        body.write(Buffer.concat([fieldPart('_csrf', token), fieldPart('kind', 'news'), fieldPart('title', `Samtidig uppladdning ${i}`), fileHead('attachment1', `fil-${i}.pdf`), tinyPdf]));
        return postStream(coordinator, newsForm, body).then((response) => ({ i, response }));
      });
      // Whichever found both slots taken is answered while the other two are still sending.
      const first = await Promise.race(responses);
      expect(first.response.statusCode).toBe(429);
      expect(first.response.headers['retry-after']).toMatch(/^\d+$/);
      expect(first.response.body).toContain('Många skickar filer just nu');
      expect(first.response.body).toContain(`href="${newsForm}"`);
      for (const body of bodies) body.end(closing);
      const all = await Promise.all(responses);
      for (const { i, response } of all) {
        if (i === first.i) continue;
        expect(response.statusCode, `upload ${i}`).toBe(303);
        expect(await itemTitled(`Samtidig uppladdning ${i}`)).toBeDefined();
      }
      expect(await itemTitled(`Samtidig uppladdning ${first.i}`)).toBeUndefined();
      // Slots are freed when each answer's connection closes, an event after the answer itself.
      await new Promise((resolve) => setImmediate(resolve));
      expect(world.t.ctx.uploadSlots.inUse).toBe(0);
      // The slots are free again.
      const after = await postParts(coordinator, newsForm, [fieldPart('_csrf', token), fieldPart('kind', 'news'), fieldPart('title', 'Efter kön')]);
      expect(after.statusCode).toBe(303);
      expect(idFromLocation(after.headers.location)).toBeTruthy();
    });
  });

  it('takes the token only from the body or the header on routes without files, never from the URL', async () => {
    const draft = await postParts(coordinator, newsForm, [fieldPart('kind', 'news'), fieldPart('title', 'Utkast att publicera')], { 'x-csrf-token': await tokenOf(coordinator, newsForm) });
    const id = idFromLocation(draft.headers.location);
    const token = await tokenOf(coordinator, `/vallentuna/admin/nyheter/${id}`);
    const publish = await coordinator.app.inject({
      method: 'POST',
      url: `/vallentuna/admin/nyheter/${id}/publicera?_csrf=${encodeURIComponent(token)}`,
      headers: { cookie: coordinator.jar.header(), 'content-type': 'application/x-www-form-urlencoded' },
      payload: '',
    });
    expect(publish.statusCode).toBe(403);
    const row = await world.t.ctx.db.selectFrom('content_items').select('status').where('id', '=', id).executeTakeFirstOrThrow();
    expect(row.status).toBe('draft');
  });
});
