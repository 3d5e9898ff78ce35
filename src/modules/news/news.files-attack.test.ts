// Attacks on stored files (issue 5, item 10): a file is public only while its owner is published
// content of the kommun in the address; otherwise only staff allowed to read the owner see it,
// uncached; a file its owner let go of is deleted, row and bytes. Every address a file ever had
// is tried: the kommun's, other kommuner's and the old /filer/{id}.
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestClient } from '../../../test/app.js';
import { dialects } from '../../../test/databases.js';
import { idFromLocation, postMultipart, tinyPdf } from './news.test-support.js';
import { createWorld, type Person, type World } from '../../../test/security/world.js';

const kommuner = ['vallentuna', 'taby', 'solna'] as const;

/** Every address at which someone might try the file. */
function addressesOf(fileId: string): string[] {
  return [`/filer/${fileId}`, ...kommuner.map((k) => `/${k}/filer/${fileId}`)];
}

describe.each(dialects)('attacks on stored files on %s', (dialect) => {
  let world: World;
  let coordinator: TestClient;
  const clients = new Map<Person | 'anonymous', TestClient>();
  let jpeg: Buffer;

  beforeAll(async () => {
    world = await createWorld(dialect);
    coordinator = await world.as('vallentunaCoordinator');
    clients.set('anonymous', world.anonymous());
    for (const person of ['tabyAdmin', 'tabyCoordinator', 'solnaAdmin', 'partnerReporter', 'kommunpolis', 'vallentunaCoordinator', 'vallentunaAdmin'] as const) {
      clients.set(person, await world.as(person));
    }
    jpeg = await sharp({ create: { width: 32, height: 24, channels: 3, background: { r: 200, g: 40, b: 40 } } }).jpeg().toBuffer();
  });
  afterAll(async () => world?.t.close());

  const client = (who: Person | 'anonymous') => clients.get(who)!;

  async function createDraft(title: string) {
    const newForm = '/vallentuna/admin/nyheter/ny';
    const created = await postMultipart(
      coordinator,
      newForm,
      newForm,
      { kind: 'news', title, imageAlt: 'En röd yta', imageCredit: 'Testfotograf', attachmentTitle1: 'Bilaga' },
      { image: { filename: 'bild.jpg', data: jpeg, type: 'image/jpeg' }, attachment1: { filename: 'bilaga.pdf', data: tinyPdf, type: 'application/pdf' } },
    );
    expect(created.statusCode).toBe(303);
    const id = idFromLocation(created.headers.location);
    const row = await world.t.ctx.db.selectFrom('content_items').select(['image_file_id', 'slug']).where('id', '=', id).executeTakeFirstOrThrow();
    const attachment = await world.t.ctx.db.selectFrom('content_attachments').select(['id', 'file_id']).where('content_id', '=', id).executeTakeFirstOrThrow();
    return { id, slug: row.slug, imageId: row.image_file_id!, attachmentId: attachment.id, attachmentFileId: attachment.file_id };
  }

  async function setPublished(id: string, published: boolean) {
    const response = await coordinator.submitForm(`/vallentuna/admin/nyheter/${id}`, `/vallentuna/admin/nyheter/${id}/${published ? 'publicera' : 'avpublicera'}`, {});
    expect(response.statusCode).toBe(303);
  }

  /** Answers for `who` at every address of the file, as "address → status cache-control". */
  async function answers(who: Person | 'anonymous', fileId: string, headers: Record<string, string> = {}) {
    const out: Record<string, string> = {};
    for (const url of addressesOf(fileId)) {
      const response = await client(who).get(url, headers);
      out[url] = `${response.statusCode} ${String(response.headers['cache-control'] ?? '')}`.trim();
    }
    return out;
  }

  const hidden = (fileId: string) => Object.fromEntries(addressesOf(fileId).map((url) => [url, '404 no-store']));

  it('hides a draft’s image and attachment from the public and from other kommuner, shows them uncached to Vallentuna’s staff', async () => {
    const draft = await createDraft('Utkast med bild och bilaga');
    for (const fileId of [draft.imageId, draft.attachmentFileId]) {
      for (const who of ['anonymous', 'tabyAdmin', 'tabyCoordinator', 'solnaAdmin', 'partnerReporter'] as const) {
        expect(await answers(who, fileId), `${who} ${fileId}`).toEqual(hidden(fileId));
      }
      // Staff who may read drafts in Vallentuna, only at Vallentuna's address. The police area
      // also covers Täby, where the kommunpolis is staff too: that does not open Täby's address.
      for (const who of ['vallentunaCoordinator', 'kommunpolis'] as const) {
        expect(await answers(who, fileId), `${who} ${fileId}`).toEqual({ ...hidden(fileId), [`/vallentuna/filer/${fileId}`]: '200 private, no-store' });
      }
    }
    const served = await coordinator.get(`/vallentuna/filer/${draft.imageId}`);
    expect(served.headers['content-type']).toBe('image/jpeg');
    // The editor shows the draft image from its kommun's address.
    expect((await coordinator.get(`/vallentuna/admin/nyheter/${draft.id}`)).body).toContain(`src="/vallentuna/filer/${draft.imageId}"`);
  });

  it('does not confirm a hidden file with a 304, but revalidates it for staff', async () => {
    const draft = await createDraft('Utkast för etag');
    const etag = String((await coordinator.get(`/vallentuna/filer/${draft.imageId}`)).headers.etag);
    expect(etag).toMatch(/^"[0-9a-f]{64}"$/);
    for (const who of ['anonymous', 'tabyAdmin'] as const) {
      expect(await answers(who, draft.imageId, { 'if-none-match': etag }), who).toEqual(hidden(draft.imageId));
    }
    const revalidated = await coordinator.get(`/vallentuna/filer/${draft.imageId}`, { 'if-none-match': etag });
    expect(revalidated.statusCode).toBe(304);
    expect(revalidated.headers['cache-control']).toBe('private, no-store');
  });

  it('serves the files to everyone once published, only under the kommun’s address, and hides them again when unpublished', async () => {
    const item = await createDraft('Publicerad med bild och bilaga');
    await setPublished(item.id, true);
    for (const fileId of [item.imageId, item.attachmentFileId]) {
      for (const who of ['anonymous', 'tabyAdmin', 'solnaAdmin'] as const) {
        const seen = await answers(who, fileId);
        expect(seen[`/vallentuna/filer/${fileId}`], who).toBe('200 public, max-age=300');
        expect(seen[`/taby/filer/${fileId}`], who).toMatch(/^404 /);
        expect(seen[`/solna/filer/${fileId}`], who).toMatch(/^404 /);
      }
      // The old address leads to the new one, for public files only.
      const old = await client('anonymous').get(`/filer/${fileId}`);
      expect(old.statusCode).toBe(301);
      expect(old.headers.location).toBe(`/vallentuna/filer/${fileId}`);
    }
    const page = await client('anonymous').get(`/vallentuna/nyheter/${item.slug}`);
    expect(page.body).toContain(`src="/vallentuna/filer/${item.imageId}"`);
    expect(page.body).toContain(`href="/vallentuna/filer/${item.attachmentFileId}"`);
    const json = await client('anonymous').get(`/api/v1/vallentuna/news/${item.slug}`);
    expect(json.json().data.image.url).toBe(`/vallentuna/filer/${item.imageId}`);

    await setPublished(item.id, false);
    for (const fileId of [item.imageId, item.attachmentFileId]) {
      expect(await answers('anonymous', fileId)).toEqual(hidden(fileId));
      expect((await coordinator.get(`/vallentuna/filer/${fileId}`)).headers['cache-control']).toBe('private, no-store');
    }
  });

  it('deletes a removed attachment and a replaced image, row and bytes, and answers 404 to everyone', async () => {
    const item = await createDraft('Bilder som byts');
    await setPublished(item.id, true);
    const editUrl = `/vallentuna/admin/nyheter/${item.id}`;
    const saved = await postMultipart(
      coordinator,
      editUrl,
      editUrl,
      { title: 'Bilder som byts', imageAlt: 'En ny bild', imageCredit: 'Testfotograf', removeAttachment: item.attachmentId },
      { image: { filename: 'ny.jpg', data: jpeg, type: 'image/jpeg' } },
    );
    expect(saved.statusCode).toBe(303);
    const gone = await world.t.ctx.db.selectFrom('files').select('id').where('id', 'in', [item.imageId, item.attachmentFileId]).execute();
    expect(gone).toEqual([]);
    for (const fileId of [item.imageId, item.attachmentFileId]) {
      for (const who of ['anonymous', 'vallentunaCoordinator'] as const) expect(await answers(who, fileId), who).toEqual(hidden(fileId));
    }
    const row = await world.t.ctx.db.selectFrom('content_items').select('image_file_id').where('id', '=', item.id).executeTakeFirstOrThrow();
    expect((await client('anonymous').get(`/vallentuna/filer/${row.image_file_id}`)).statusCode).toBe(200);

    const removed = await postMultipart(coordinator, editUrl, editUrl, { title: 'Bilder som byts', removeImage: 'on' });
    expect(removed.statusCode).toBe(303);
    expect(await world.t.ctx.db.selectFrom('files').select('id').where('id', '=', row.image_file_id!).execute()).toEqual([]);
  });

  it('serves the current kommun logo to everyone and deletes a replaced one', async () => {
    const admin = client('vallentunaAdmin');
    const png = (r: number) => sharp({ create: { width: 20, height: 20, channels: 4, background: { r, g: 90, b: 140, alpha: 1 } } }).png().toBuffer();
    const settings = {
      name: 'Vallentuna kommun',
      primaryColour: '#1e5a8c',
      logoAlt: 'Kommunvapnet',
      contactEmail: '',
      contactPhone: '',
      contactAddress: '',
      contactWebsite: '',
      languages: ['sv', 'en'],
    };
    const upload = async (r: number) => {
      const response = await postMultipart(admin, '/vallentuna/admin/installningar', '/vallentuna/admin/installningar', settings, { logo: { filename: 'vapen.png', data: await png(r), type: 'image/png' } });
      expect(response.statusCode).toBe(303);
      const row = await world.t.ctx.db.selectFrom('organisations').select('settings').where('slug', '=', 'vallentuna').executeTakeFirstOrThrow();
      return (JSON.parse(row.settings) as { logoFileId: string }).logoFileId;
    };
    const first = await upload(10);
    const seen = await answers('anonymous', first);
    expect(seen[`/vallentuna/filer/${first}`]).toBe('200 public, max-age=300');
    expect(seen[`/taby/filer/${first}`]).toMatch(/^404 /);
    const second = await upload(200);
    expect(second).not.toBe(first);
    expect(await world.t.ctx.db.selectFrom('files').select('id').where('id', '=', first).execute()).toEqual([]);
    expect(await answers('vallentunaAdmin', first)).toEqual(hidden(first));
    expect((await client('anonymous').get('/vallentuna/')).body).toContain(`src="/vallentuna/filer/${second}"`);
  });

  it('never lets a response for a file that is not public be cached by others', async () => {
    const draft = await createDraft('Utkast och cache');
    for (const who of ['anonymous', 'tabyAdmin', 'vallentunaCoordinator', 'kommunpolis'] as const) {
      for (const fileId of [draft.imageId, draft.attachmentFileId]) {
        for (const url of addressesOf(fileId)) {
          const response = await client(who).get(url);
          expect(String(response.headers['cache-control'] ?? ''), `${who} ${url}`).not.toMatch(/public/);
        }
      }
    }
  });
});
