import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, TestClient, type TestApp } from '../../../test/app.js';
import { dialects } from '../../../test/databases.js';
import { idFromLocation, jpegWithLocation, postMultipart, tinyPdf } from './news.test-support.js';

const uploadMaxBytes = 200_000;
const newForm = '/vallentuna/admin/nyheter/ny';

describe.each(dialects)('news editor for staff on %s', (dialect) => {
  let t: TestApp;
  let coordinator: TestClient;

  beforeAll(async () => {
    // A small upload limit keeps the oversize test cheap; every other file here is far below it.
    t = await createTestApp(dialect, { config: { UPLOAD_MAX_BYTES: String(uploadMaxBytes) } });
    coordinator = new TestClient(t.app);
    await coordinator.signIn('samordnare@vallentuna.example');
  });
  afterAll(async () => t.close());

  async function countRows() {
    const files = await t.ctx.db.selectFrom('files').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    const items = await t.ctx.db.selectFrom('content_items').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    return { files: Number(files.n), items: Number(items.n) };
  }

  async function publicPages(slug: string) {
    const [list, item, feed, home] = await Promise.all([
      t.app.inject('/vallentuna/nyheter'),
      t.app.inject(`/vallentuna/nyheter/${slug}`),
      t.app.inject('/vallentuna/nyheter.atom'),
      t.app.inject('/vallentuna/'),
    ]);
    return { list, item, feed, home };
  }

  it('lists news for staff with drafts, status and links to write news and pages', async () => {
    const draft = await postMultipart(coordinator, newForm, newForm, { kind: 'news', title: 'Utkast som bara personal ser' });
    expect(draft.statusCode).toBe(303);
    const list = await coordinator.get('/vallentuna/admin/nyheter');
    expect(list.statusCode).toBe(200);
    expect(list.body).toContain('Utkast som bara personal ser');
    expect(list.body).toContain('Utkast');
    expect(list.body).toContain('Kommunen och polisen arbetar tillsammans');
    expect(list.body).toContain('href="/vallentuna/admin/nyheter/ny"');
    expect(list.body).toContain('href="/vallentuna/admin/nyheter/ny?typ=sidor"');
    expect(list.body).toContain(`href="/vallentuna/admin/nyheter/${idFromLocation(draft.headers.location)}"`);
    const pages = await coordinator.get('/vallentuna/admin/nyheter?typ=sidor');
    expect(pages.body).not.toContain('Utkast som bara personal ser');
  });

  it('pages through the staff list without repeating items', async () => {
    for (let i = 0; i < 22; i += 1) {
      const response = await t.app.inject({
        method: 'POST',
        url: '/api/v1/vallentuna/content',
        headers: { cookie: coordinator.jar.header(), 'x-csrf-token': (await csrf()) },
        payload: { kind: 'page', title: `Sida nummer ${i}` },
      });
      expect(response.statusCode).toBe(201);
    }
    const first = await coordinator.get('/vallentuna/admin/nyheter?typ=sidor');
    const older = /href="(\/vallentuna\/admin\/nyheter\?typ=sidor&amp;efter=[^"]+)"/.exec(first.body)?.[1];
    expect(older).toBeDefined();
    const second = await coordinator.get(older!.replace(/&amp;/g, '&'));
    const titles = (html: string) => [...html.matchAll(/>(Sida nummer \d+)</g)].map((m) => m[1]);
    const seen = [...titles(first.body), ...titles(second.body)];
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen.length).toBe(22);
  });

  async function csrf() {
    const page = await coordinator.get('/vallentuna/admin/nyheter');
    return /name="_csrf" value="([^"]+)"/.exec(page.body)![1]!;
  }

  it('creates a news item with an image and a PDF, keeps it hidden as a draft, and publishes and unpublishes it', async () => {
    const photo = await jpegWithLocation();
    const created = await postMultipart(
      coordinator,
      `${newForm}`,
      newForm,
      {
        kind: 'news',
        title: 'Trygghetsvandring på Torget',
        slug: '',
        summary: 'Följ med när vi går runt centrum en kväll.',
        body: 'Vi samlas **klockan 18** vid stationen.\n\n## Ta med\n\n- varma kläder',
        easyBody: 'Vi går en promenad. Alla får komma.',
        titleEn: 'Safety walk at the square',
        summaryEn: 'Join us for an evening walk.',
        bodyEn: 'We meet at the station.',
        imageAlt: 'Människor i reflexvästar på torget',
        imageCredit: 'Anna Andersson',
        attachmentTitle1: 'Karta över rundan',
      },
      { image: { filename: 'torget.jpg', data: photo, type: 'image/jpeg' }, attachment1: { filename: 'karta.pdf', data: tinyPdf, type: 'application/pdf' }, attachment2: null },
    );
    expect(created.statusCode, created.body.match(/error-summary[\s\S]*?<\/ul>/)?.[0]).toBe(303);
    const id = idFromLocation(created.headers.location);
    const edit = await coordinator.get(String(created.headers.location));
    expect(edit.body).toContain('Utkastet är sparat.');
    expect(edit.body).toContain('Status: Utkast');
    expect(edit.body).toContain('Karta över rundan');

    const slug = 'trygghetsvandring-pa-torget';
    let pages = await publicPages(slug);
    expect(pages.item.statusCode).toBe(404);
    expect(pages.list.body).not.toContain('Trygghetsvandring på Torget');
    expect(pages.feed.body).not.toContain('Trygghetsvandring på Torget');
    expect(pages.home.body).not.toContain('Trygghetsvandring på Torget');

    const published = await coordinator.submitForm(`/vallentuna/admin/nyheter/${id}`, `/vallentuna/admin/nyheter/${id}/publicera`, {});
    expect(published.statusCode).toBe(303);
    expect((await coordinator.get(`/vallentuna/admin/nyheter/${id}`)).body).toContain('Status: Publicerad');

    pages = await publicPages(slug);
    expect(pages.list.body).toContain('Trygghetsvandring på Torget');
    expect(pages.home.body).toContain('Trygghetsvandring på Torget');
    expect(pages.feed.body).toContain(`<link rel="alternate" type="text/html" href="http://localhost:80/vallentuna/nyheter/${slug}"/>`.replace('http://localhost:80', pages.feed.body.match(/href="(https?:\/\/[^/"]+)/)![1]!));
    expect(pages.item.statusCode).toBe(200);
    expect(pages.item.body).toMatch(/<img src="\/vallentuna\/filer\/[0-9a-f-]{36}" alt="Människor i reflexvästar på torget"/);
    expect(pages.item.body).toContain('Foto: Anna Andersson');
    expect(pages.item.body).toContain('<strong>klockan 18</strong>');
    const moreInfo = pages.item.body.slice(pages.item.body.indexOf('Mer information'));
    expect(moreInfo).toMatch(/<a class="ds-link" href="\/vallentuna\/filer\/[0-9a-f-]{36}" lang="sv">Karta över rundan<\/a>/);
    expect(moreInfo).toContain('PDF');

    const unpublished = await coordinator.submitForm(`/vallentuna/admin/nyheter/${id}`, `/vallentuna/admin/nyheter/${id}/avpublicera`, {});
    expect(unpublished.statusCode).toBe(303);
    pages = await publicPages(slug);
    expect(pages.item.statusCode).toBe(404);
    expect(pages.list.body).not.toContain('Trygghetsvandring på Torget');
    expect(pages.feed.body).not.toContain('Trygghetsvandring på Torget');
    expect(pages.home.body).not.toContain('Trygghetsvandring på Torget');

    const audit = await t.ctx.db.selectFrom('audit_log').select('action').where('entity_id', '=', id).orderBy('id').execute();
    expect(audit.map((a) => a.action)).toEqual(['news.content_created', 'news.content_published', 'news.content_unpublished']);
  });

  it('strips EXIF and GPS metadata from an uploaded photo', async () => {
    const photo = await jpegWithLocation();
    expect((await sharp(photo).metadata()).exif).toBeDefined();
    const created = await postMultipart(
      coordinator,
      newForm,
      newForm,
      { kind: 'news', title: 'Bild med platsdata', imageAlt: 'En blå yta', imageCredit: 'Testfotograf' },
      { image: { filename: 'telefon.jpg', data: photo, type: 'image/jpeg' } },
    );
    expect(created.statusCode).toBe(303);
    const row = await t.ctx.db.selectFrom('content_items').select('image_file_id').where('id', '=', idFromLocation(created.headers.location)).executeTakeFirstOrThrow();
    // A draft's image: staff see it.
    const served = await coordinator.get(`/vallentuna/filer/${row.image_file_id}`);
    expect(served.statusCode).toBe(200);
    expect(served.headers['content-type']).toBe('image/jpeg');
    const metadata = await sharp(served.rawPayload).metadata();
    expect(metadata.exif).toBeUndefined();
    expect(served.rawPayload.includes(Buffer.from('Test Person'))).toBe(false);
  });

  it('refuses a text file named .jpg with 422 on the image field and stores nothing', async () => {
    const before = await countRows();
    const response = await postMultipart(
      coordinator,
      newForm,
      newForm,
      { kind: 'news', title: 'Falsk bild', imageAlt: 'Något', imageCredit: 'Någon' },
      { image: { filename: 'semester.jpg', data: Buffer.from('detta är ingen bild, bara text\n'), type: 'image/jpeg' }, attachment1: { filename: 'ok.pdf', data: tinyPdf } },
    );
    expect(response.statusCode).toBe(422);
    expect(response.body).toContain('Filen är inte en bild som kan visas.');
    expect(response.body).toMatch(/id="field-image"[^>]*aria-invalid="true"/);
    expect(response.body).toContain('value="Falsk bild"');
    expect(await countRows()).toEqual(before);
  });

  it('refuses an image without alt text with 422, keeps the typed title and stores nothing', async () => {
    const before = await countRows();
    const response = await postMultipart(
      coordinator,
      newForm,
      newForm,
      { kind: 'news', title: 'Nyhet med bild men utan beskrivning', imageCredit: 'Fotografen' },
      { image: { filename: 'bild.jpg', data: await jpegWithLocation(), type: 'image/jpeg' } },
    );
    expect(response.statusCode).toBe(422);
    expect(response.body).toContain('Något behöver rättas till');
    expect(response.body).toContain('href="#field-imageAlt"');
    expect(response.body).toContain('Beskriv bilden för den som inte kan se den.');
    expect(response.body).toContain('value="Nyhet med bild men utan beskrivning"');
    expect(response.body).toContain('value="Fotografen"');
    expect(response.body).toContain('välj sedan bilden och bilagorna igen');
    expect(await countRows()).toEqual(before);
  });

  it('refuses a Markdown image without a description in any body with a clear message, keeping the text', async () => {
    const before = await countRows();
    for (const field of ['body', 'bodyEn', 'easyBody']) {
      const response = await postMultipart(coordinator, newForm, newForm, { kind: 'news', title: 'Nyhet med bild i texten', [field]: 'Se bilden:\n\n![](https://example.org/bild.jpg)' });
      expect(response.statusCode, field).toBe(422);
      expect(response.body).toContain(`href="#field-${field}"`);
      expect(response.body).toContain('En bild eller länk i texten saknar text.');
      expect(response.body).toMatch(new RegExp(`id="field-${field}"[^>]*aria-invalid="true"`));
      expect(response.body).toContain('![](https://example.org/bild.jpg)');
    }
    expect(await countRows()).toEqual(before);
  });

  it('answers an oversized upload with a clear 413 page and stores nothing', async () => {
    const before = await countRows();
    const response = await postMultipart(
      coordinator,
      newForm,
      newForm,
      { kind: 'news', title: 'För stor bilaga' },
      { attachment1: { filename: 'stor.pdf', data: Buffer.concat([tinyPdf, Buffer.alloc(uploadMaxBytes + 1, 0x20)]) } },
    );
    expect(response.statusCode).toBe(413);
    expect(response.headers['content-type']).toContain('text/html');
    expect(response.body).toContain('Filen är för stor');
    expect(response.body).toContain('Ingenting sparades.');
    expect(response.body).toContain(`href="${newForm}"`);
    expect(await countRows()).toEqual(before);
  });

  it('adds attachments over successive saves, removes one, and removes the image', async () => {
    const created = await postMultipart(
      coordinator,
      newForm,
      newForm,
      { kind: 'page', title: 'Om trygghetsrådet', imageAlt: 'Logotyper', imageCredit: 'Kommunen' },
      { image: { filename: 'logo.jpg', data: await jpegWithLocation() }, attachment1: { filename: 'avtal.pdf', data: tinyPdf } },
    );
    const id = idFromLocation(created.headers.location);
    const editUrl = `/vallentuna/admin/nyheter/${id}`;
    const base = { title: 'Om trygghetsrådet', imageAlt: 'Logotyper', imageCredit: 'Kommunen' };
    const second = await postMultipart(coordinator, editUrl, editUrl, { ...base, attachmentTitle1: 'Protokoll' }, { attachment1: { filename: 'protokoll.txt', data: Buffer.from('Protokoll från mötet\n') } });
    expect(second.statusCode).toBe(303);
    const attachments = await t.ctx.db.selectFrom('content_attachments').select(['id', 'title']).where('content_id', '=', id).orderBy('position').execute();
    expect(attachments.map((a) => a.title)).toEqual(['avtal.pdf', 'Protokoll']);

    const third = await postMultipart(coordinator, editUrl, editUrl, { ...base, removeAttachment: attachments[0]!.id, removeImage: 'on', imageAlt: '', imageCredit: '' });
    expect(third.statusCode).toBe(303);
    const after = await t.ctx.db.selectFrom('content_attachments').select('title').where('content_id', '=', id).execute();
    expect(after.map((a) => a.title)).toEqual(['Protokoll']);
    const row = await t.ctx.db.selectFrom('content_items').select(['image_file_id', 'kind']).where('id', '=', id).executeTakeFirstOrThrow();
    expect(row).toEqual({ image_file_id: null, kind: 'page' });
  });

  it('gives a numbered address when the one made from the title is taken', async () => {
    const first = await postMultipart(coordinator, newForm, newForm, { kind: 'news', title: 'Samma rubrik två gånger' });
    const second = await postMultipart(coordinator, newForm, newForm, { kind: 'news', title: 'Samma rubrik två gånger' });
    expect([first.statusCode, second.statusCode]).toEqual([303, 303]);
    const slugs = await t.ctx.db.selectFrom('content_items').select('slug').where('title', '=', 'Samma rubrik två gånger').orderBy('slug').execute();
    expect(slugs.map((r) => r.slug)).toEqual(['samma-rubrik-tva-ganger', 'samma-rubrik-tva-ganger-2']);
    const typed = await postMultipart(coordinator, newForm, newForm, { kind: 'news', title: 'Annan rubrik', slug: 'samma-rubrik-tva-ganger' });
    expect(typed.statusCode).toBe(422);
    expect(typed.body).toContain('Adressen används redan.');
  });

  it('asks for a file when an attachment title is given without one', async () => {
    const response = await postMultipart(coordinator, newForm, newForm, { kind: 'news', title: 'Glömd fil', attachmentTitle2: 'Inbjudan' }, { attachment2: null });
    expect(response.statusCode).toBe(422);
    expect(response.body).toContain('Välj en fil till länktexten');
    expect(response.body).toContain('value="Inbjudan"');
  });

  it('shows the editor in English', async () => {
    const client = new TestClient(t.app);
    await client.signIn('samordnare@vallentuna.example');
    await client.get('/sprak?till=en&tillbaka=%2F');
    const page = await client.get(newForm);
    expect(page.body).toContain('<html lang="en"');
    expect(page.body).toContain('How to write in Markdown');
    expect(page.body).toContain('Image description (alt text)');
  });

  it('hides the staff pages from a volunteer and sends signed-out visitors to sign in', async () => {
    const volunteer = new TestClient(t.app);
    await volunteer.signIn('volontar@vallentuna.example');
    const anyId = (await t.ctx.db.selectFrom('content_items').select('id').executeTakeFirstOrThrow()).id;
    for (const url of ['/vallentuna/admin/nyheter', newForm, `/vallentuna/admin/nyheter/${anyId}`]) {
      expect((await volunteer.get(url)).statusCode).toBe(404);
    }
    const post = await postMultipart(volunteer, '/vallentuna/', newForm, { kind: 'news', title: 'Inte tillåtet' });
    expect(post.statusCode).toBe(404);
    const publish = await volunteer.submitForm('/vallentuna/', `/vallentuna/admin/nyheter/${anyId}/avpublicera`, {});
    expect(publish.statusCode).toBe(404);

    const signedOut = await t.app.inject('/vallentuna/admin/nyheter');
    expect(signedOut.statusCode).toBe(303);
    expect(signedOut.headers.location).toContain('/logga-in');
  });
});
