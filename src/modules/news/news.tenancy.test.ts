// News across kommuner: a Täby coordinator, who may write and publish news in Täby, reaches a
// Vallentuna item by its id through every door (pages, API, service, repository) and finds
// nothing, changes nothing. Vallentuna and Täby share a police area, so this is the pair an
// attacker would try first.
import { createGrantTable } from '../../platform/auth/roles.js';
import { allModules } from '../../app/modules.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { csrfTokenFrom, type TestClient } from '../../../test/app.js';
import { dialects } from '../../../test/databases.js';
import { createWorld, ids, people, type World } from '../../../test/security/world.js';
import type { Actor } from '../../platform/auth/index.js';
import { newId } from '../../platform/db/ids.js';
import { prepareUpload } from '../../platform/files/file.service.js';
import { NotFoundError } from '../../platform/http/errors.js';
import {
  deleteAttachment,
  deleteTranslation,
  findAttachments,
  findTranslations,
  insertAttachment,
  updateContentItem,
  upsertTranslation,
} from './news.repository.js';
import { contentInputSchema } from './news.schemas.js';
import {
  createContent,
  getContentForEditing,
  listContentForStaff,
  patchContent,
  selectDraftCountFor,
  setContentPublished,
  updateContent,
} from './news.service.js';
import { postMultipart, tinyPdf } from './news.test-support.js';

function coordinatorIn(kommunId: string, userId: string, name: string): Actor {
  return { userId, name, email: `${name}@example.org`, isPlatformAdmin: false, kommunId, roles: [{ role: 'coordinator', organisationId: kommunId, organisationKind: 'kommun', organisationName: name }], grants };
}

const grants = createGrantTable(allModules);

describe.each(dialects)('news across kommuner on %s', (dialect) => {
  let world: World;
  let attacker: TestClient;
  let token: string;
  const vallentunaCoordinator = coordinatorIn(ids.vallentuna, people.vallentunaCoordinator.id, 'Vallentuna kommun');
  const tabyCoordinator = coordinatorIn(ids.taby, people.tabyCoordinator.id, 'Täby kommun');
  let draftId: string;
  let publishedSlug: string;
  let attachmentId: string;
  let attachmentFileId: string;

  beforeAll(async () => {
    world = await createWorld(dialect);
    const ctx = world.t.ctx;
    const plan = await prepareUpload('document', { filename: 'plan.pdf', data: tinyPdf });
    const input = contentInputSchema.parse({ title: 'Vallentunas hemliga utkast', titleEn: 'Vallentuna’s secret draft', bodyEn: 'Not yet.' });
    draftId = (await createContent(ctx, vallentunaCoordinator, ids.vallentuna, input, { attachments: [{ file: plan, title: 'Planen' }] })).id;
    const [attachment] = await findAttachments(ctx.db, ids.vallentuna, draftId);
    attachmentId = attachment!.id;
    attachmentFileId = attachment!.fileId;
    publishedSlug = (await ctx.db.selectFrom('content_items').select('slug').where('kommun_id', '=', ids.vallentuna).where('status', '=', 'published').executeTakeFirstOrThrow()).slug;
    attacker = await world.as('tabyCoordinator');
    token = csrfTokenFrom((await attacker.get('/taby/admin/nyheter')).body);
  });
  afterAll(async () => world.t.close());

  /** Everything stored about the Vallentuna draft, to compare before and after an attempt. */
  async function storedDraft() {
    const db = world.t.ctx.db;
    return {
      item: await db.selectFrom('content_items').selectAll().where('id', '=', draftId).executeTakeFirstOrThrow(),
      translations: await db.selectFrom('content_translations').selectAll().where('content_id', '=', draftId).execute(),
      attachments: await db.selectFrom('content_attachments').selectAll().where('content_id', '=', draftId).orderBy('id').execute(),
      files: await db.selectFrom('files').select(['id', 'delete_after']).where('owner_id', '=', draftId).orderBy('id').execute(),
      audit: await db.selectFrom('audit_log').select('action').where('entity_id', '=', draftId).execute(),
    };
  }

  function api(method: 'GET' | 'POST' | 'PATCH', url: string, payload?: Record<string, unknown>) {
    return world.t.app.inject({ method, url, headers: { cookie: attacker.jar.header(), 'x-csrf-token': token }, ...(payload ? { payload } : {}) });
  }

  it('answers 404 to every page and API call that names the Vallentuna item from Täby, and changes nothing', async () => {
    const before = await storedDraft();
    const answers = {
      editor: (await attacker.get(`/taby/admin/nyheter/${draftId}`)).statusCode,
      save: (await postMultipart(attacker, '/taby/admin/nyheter/ny', `/taby/admin/nyheter/${draftId}`, { title: 'Kapad', removeAttachment: attachmentId }, { attachment1: { filename: 'x.pdf', data: tinyPdf } })).statusCode,
      publish: (await attacker.submitForm('/taby/admin/nyheter', `/taby/admin/nyheter/${draftId}/publicera`, {})).statusCode,
      apiGet: (await api('GET', `/api/v1/taby/content/${draftId}`)).statusCode,
      apiPatch: (await api('PATCH', `/api/v1/taby/content/${draftId}`, { title: 'Kapad' })).statusCode,
      apiPublish: (await api('POST', `/api/v1/taby/content/${draftId}/publish`)).statusCode,
      file: (await attacker.get(`/taby/filer/${attachmentFileId}`)).statusCode,
    };
    expect(answers).toEqual({ editor: 404, save: 404, publish: 404, apiGet: 404, apiPatch: 404, apiPublish: 404, file: 404 });
    expect(await storedDraft()).toEqual(before);
  });

  it('answers 404 through Vallentuna’s own addresses too, where the Täby coordinator holds no role', async () => {
    const before = await storedDraft();
    expect((await attacker.get(`/vallentuna/admin/nyheter/${draftId}`)).statusCode).toBe(404);
    expect((await attacker.get(`/vallentuna/filer/${attachmentFileId}`)).statusCode).toBe(404);
    expect((await api('PATCH', `/api/v1/vallentuna/content/${draftId}`, { title: 'Kapad' })).statusCode).toBe(404);
    expect((await api('POST', `/api/v1/vallentuna/content/${draftId}/publish`)).statusCode).toBe(404);
    expect(await storedDraft()).toEqual(before);
  });

  it('shows neither the draft nor Vallentuna’s published news in Täby', async () => {
    const list = await attacker.get('/taby/admin/nyheter');
    expect(list.statusCode).toBe(200);
    expect(list.body).not.toContain('Vallentunas hemliga utkast');
    expect((await attacker.get(`/taby/nyheter/${publishedSlug}`)).statusCode).toBe(404);
    expect((await world.t.app.inject(`/api/v1/taby/news/${publishedSlug}`)).statusCode).toBe(404);
    expect((await world.t.app.inject('/api/v1/taby/news')).json()).toEqual({ data: [], next: null });
  });

  it('refuses the service calls: the item is not Täby’s, and a Täby actor has no rights in Vallentuna', async () => {
    const ctx = world.t.ctx;
    const before = await storedDraft();
    const input = contentInputSchema.parse({ title: 'Kapad' });
    await expect(updateContent(ctx, tabyCoordinator, ids.taby, draftId, input, { removeAttachmentIds: [attachmentId] })).rejects.toBeInstanceOf(NotFoundError);
    await expect(setContentPublished(ctx, tabyCoordinator, ids.taby, draftId, true)).rejects.toBeInstanceOf(NotFoundError);
    await expect(patchContent(ctx, tabyCoordinator, ids.taby, draftId, { title: 'Kapad' })).rejects.toBeInstanceOf(NotFoundError);
    await expect(getContentForEditing(ctx, tabyCoordinator, ids.taby, draftId)).rejects.toBeInstanceOf(NotFoundError);
    // Naming Vallentuna does not lend the Täby roles any weight there, nor tell what exists.
    await expect(updateContent(ctx, tabyCoordinator, ids.vallentuna, draftId, input)).rejects.toBeInstanceOf(NotFoundError);
    await expect(setContentPublished(ctx, tabyCoordinator, ids.vallentuna, draftId, true)).rejects.toBeInstanceOf(NotFoundError);
    await expect(createContent(ctx, tabyCoordinator, ids.vallentuna, input)).rejects.toBeInstanceOf(NotFoundError);
    await expect(getContentForEditing(ctx, tabyCoordinator, ids.vallentuna, draftId)).rejects.toBeInstanceOf(NotFoundError);
    expect(await storedDraft()).toEqual(before);
  });

  it('lists and counts no Vallentuna drafts for a Täby actor, even when asked for Vallentuna', async () => {
    const ctx = world.t.ctx;
    const listed = await listContentForStaff(ctx, tabyCoordinator, ids.vallentuna, 'news', undefined);
    expect(listed.rows.length).toBeGreaterThan(0);
    expect(listed.rows.every((row) => row.status === 'published')).toBe(true);
    const drafts = async (reader: Actor) => Number((await selectDraftCountFor(ctx.db, reader, ids.vallentuna).executeTakeFirstOrThrow()).n);
    expect(await drafts(tabyCoordinator)).toBe(0);
    expect(await drafts(vallentunaCoordinator)).toBeGreaterThan(0);
    expect((await listContentForStaff(ctx, tabyCoordinator, ids.taby, 'news', undefined)).rows).toEqual([]);
  });

  it('writes, deletes and reads nothing of the item through the repository when given Täby’s kommun id', async () => {
    const db = world.t.ctx.db;
    const before = await storedDraft();
    await updateContentItem(db, ids.taby, draftId, { title: 'Kapad', status: 'published' });
    await upsertTranslation(db, ids.taby, draftId, { locale: 'en', title: 'Hijacked', summary: '', bodyMd: '', bodyHtml: '' }, new Date().toISOString());
    await upsertTranslation(db, ids.taby, draftId, { locale: 'de', title: 'Gekapert', summary: '', bodyMd: '', bodyHtml: '' }, new Date().toISOString());
    await deleteTranslation(db, ids.taby, draftId, 'en');
    await insertAttachment(db, ids.taby, { id: newId(), contentId: draftId, fileId: attachmentFileId, title: 'Kapad', position: 5 });
    expect(await deleteAttachment(db, ids.taby, draftId, attachmentId)).toBeUndefined();
    expect(await findAttachments(db, ids.taby, draftId)).toEqual([]);
    expect((await findTranslations(db, ids.taby, [draftId], 'en')).size).toBe(0);
    expect(await storedDraft()).toEqual(before);
  });
});
