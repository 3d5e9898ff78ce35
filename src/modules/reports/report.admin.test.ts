// The administration pages of reports on both databases: the categories editor (copy of the
// defaults on the first save, edit, new, deactivate, extra questions on the form's step 2 and
// Open311, audit rows, 422 with what was typed, 409 on a stale form; another instance's cached
// copy) and blocked senders (block from a report's page, the next report quarantined, unblock, the
// hash never on a page), with Täby's coordinator and the kommunpolis (no reports.manage) refused
// with 404.
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { createSecondInstance, csrfTokenFrom, TestClient } from '../../../test/app.js';
import { dialects } from '../../../test/databases.js';
import { createWorld, type World } from '../../../test/security/world.js';
import { kommunActor } from '../../../test/actors.js';
import type { Actor } from '../../platform/auth/index.js';
import type { Db } from '../../platform/db/database.js';
import { demoId } from '../../platform/demo.js';
import { findKommunBySlug, type Kommun } from '../../platform/tenants/index.js';
import { defaultCategories } from './report.categories.js';
import { activeCategoriesOf, allCategoriesOf, categoryCacheMs } from './report.categories.service.js';
import { blockSenderOfReport, createCategory, setCategoryActive, unblockSender, updateCategory } from './report.admin.service.js';
import { moderateReport } from './report.moderation.service.js';
import { clientHashOf, submitReport } from './report.service.js';
import { postForm, referenceOf, reportThroughForms, reviewThroughForms } from './report.test-support.js';

describe.each(dialects)('administration of reports on %s', (dialect) => {
  let world: World;
  let kommun: Kommun;
  let coordinator: Actor;
  let staff: TestClient;

  beforeAll(async () => {
    world = await createWorld(dialect);
    kommun = (await findKommunBySlug(world.t.ctx.db, 'vallentuna'))!;
    coordinator = kommunActor({ ctx: world.t.ctx, kommunId: kommun.id, users: { coordinator: demoId('user:coordinator') } }, 'coordinator', 'coordinator');
    staff = await world.as('vallentunaCoordinator');
  });
  afterAll(async () => world?.t.close());
  beforeEach(async () => {
    const db = world.t.ctx.db;
    await db.deleteFrom('rate_limits').execute();
    await db.deleteFrom('report_categories').execute();
    await db.deleteFrom('report_blocked_clients').execute();
  });

  const db = () => world.t.ctx.db;
  const audits = (action: string) => db().selectFrom('audit_log').selectAll().where('action', '=', action).execute();
  const form = (name: string, extra: Record<string, string> = {}) => ({ name_sv: name, name_en: `${name} (en)`, description_sv: '', description_en: '', notice_sv: '', notice_en: '', position: '50', updatedAt: '', ...extra });
  const input = (name: string) => ({ name: { sv: name, en: name }, description: { sv: '', en: '' }, notice: { sv: '', en: '' }, sensitive: false, publishAtOnce: false, position: 9, questions: [] });

  async function post(client: TestClient, page: string, url: string, fields: Record<string, string>) {
    const shown = await client.get(page);
    return postForm(client, url, { ...fields, _csrf: csrfTokenFrom(shown.body) });
  }

  it('copies every default into the kommun’s rows on the first save, in one go, and audits the change', async () => {
    await updateCategory(world.t.ctx, coordinator, kommun, 'klotter', input('Klotter och skadegörelse'), '');
    const rows = await db().selectFrom('report_categories').selectAll().where('kommun_id', '=', kommun.id).execute();
    expect(rows.map((r) => r.code).sort()).toEqual(defaultCategories.map((c) => c.code).sort());
    const all = await allCategoriesOf(db(), kommun.id);
    expect(all.find((c) => c.code === 'klotter')?.name.sv).toBe('Klotter och skadegörelse');
    // The others are the defaults as they were, questions included.
    expect(all.find((c) => c.code === 'belysning')?.questions).toEqual(defaultCategories[0]!.questions);
    const [audit] = await audits('reports.category_changed');
    expect(JSON.parse(audit!.before_json!).name.sv).toBe('Klotter eller skadegörelse');
    expect(JSON.parse(audit!.after_json!).name.sv).toBe('Klotter och skadegörelse');
  });

  it('refuses a code already taken and a stale save', async () => {
    await expect(createCategory(world.t.ctx, coordinator, kommun, 'klotter', input('Ny'))).rejects.toMatchObject({ status: 422 });
    await updateCategory(world.t.ctx, coordinator, kommun, 'trafik', input('Trafik 1'), '');
    const row = await db().selectFrom('report_categories').selectAll().where('code', '=', 'trafik').executeTakeFirstOrThrow();
    await updateCategory(world.t.ctx, coordinator, kommun, 'trafik', input('Trafik 2'), String(row.updated_at));
    await expect(updateCategory(world.t.ctx, coordinator, kommun, 'trafik', input('Trafik 3'), String(row.updated_at))).rejects.toMatchObject({ status: 409 });
    // A form shown while the defaults were in use is stale once that category has been saved.
    await expect(updateCategory(world.t.ctx, coordinator, kommun, 'trafik', input('Trafik 4'), '')).rejects.toMatchObject({ status: 409 });
    // …but not for a category nobody has changed since the copy.
    await updateCategory(world.t.ctx, coordinator, kommun, 'annat', input('Annat 1'), '');
    expect((await allCategoriesOf(db(), kommun.id)).find((c) => c.code === 'trafik')?.name.sv).toBe('Trafik 2');
  });

  it('answers two new categories with one code at the same moment with one category and one refusal, never a 500', async () => {
    const results = await Promise.allSettled([
      createCategory(world.t.ctx, coordinator, kommun, 'samtidig', input('Först')),
      createCategory(world.t.ctx, coordinator, kommun, 'samtidig', input('Sedan')),
    ]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const refused = results.find((r) => r.status === 'rejected');
    expect(refused?.status === 'rejected' && refused.reason).toMatchObject({ status: 422 });
    const rows = await world.t.ctx.db.selectFrom('report_categories').select('code').where('kommun_id', '=', kommun.id).where('code', '=', 'samtidig').execute();
    expect(rows).toHaveLength(1);
  });

  it('keeps a deactivated category’s reports readable and hides it from the form and Open311’s services', async () => {
    const outcome = await submitReport(world.t.ctx, kommun, { category: 'trafik', placeId: demoId('place:station'), when: ['night'], description: 'Bilar kör för fort här.' }, { source: 'web', locale: 'sv', clientKey: '10.9.0.1', answers: {} });
    await moderateReport(world.t.ctx, coordinator, kommun, outcome.id, { decision: 'publish', publicDescription: null });
    await setCategoryActive(world.t.ctx, coordinator, kommun, 'trafik', false);
    expect((await activeCategoriesOf(db(), kommun.id)).map((c) => c.code)).not.toContain('trafik');
    const anonymous = world.anonymous();
    const form = await anonymous.get('/vallentuna/rapportera');
    expect(form.statusCode).toBe(200);
    expect(form.body).not.toContain('value="trafik"');
    expect(form.body).toContain('value="klotter"');
    const services = await anonymous.get('/open311/v2/services.json?jurisdiction_id=vallentuna');
    expect(services.statusCode).toBe(200);
    const codes = (JSON.parse(services.body) as { service_code: string }[]).map((s) => s.service_code);
    expect(codes).toContain('klotter');
    expect(codes).not.toContain('trafik');
    const report = await anonymous.get(`/vallentuna/rapporter/${outcome.reference}`);
    expect(report.statusCode).toBe(200);
    expect(report.body).toContain('Trafik');
    expect(await audits('reports.category_deactivated')).toHaveLength(1);
    await setCategoryActive(world.t.ctx, coordinator, kommun, 'trafik', true);
    expect((await activeCategoriesOf(db(), kommun.id)).map((c) => c.code)).toContain('trafik');
  });

  it('creates a category with a required list question over HTTP; the question is on step 2 and is checked there', async () => {
    const page = '/vallentuna/admin/rapporter/kategorier/ny';
    const invalid = await post(staff, page, '/vallentuna/admin/rapporter/kategorier', { ...form('Hundar'), code: 'Hundar lösa', q0_code: 'antal', q0_datatype: 'singlevaluelist', q0_label_sv: 'Hur många?', q0_values: 'en|En|One\nfel rad' });
    expect(invalid.statusCode).toBe(422);
    expect(invalid.body).toContain('value="Hundar lösa"');
    expect(invalid.body).toContain('Hur många?');
    expect(invalid.body).toContain('Använd bara små bokstäver');
    expect(invalid.body).toContain('nyckel|Svenskt namn|English name');
    expect(await db().selectFrom('report_categories').selectAll().execute()).toHaveLength(0);

    const created = await post(staff, page, '/vallentuna/admin/rapporter/kategorier', {
      ...form('Lösa hundar'),
      code: 'losa-hundar',
      q0_code: 'antal',
      q0_datatype: 'singlevaluelist',
      q0_required: 'on',
      q0_label_sv: 'Hur många hundar?',
      q0_label_en: 'How many dogs?',
      q0_values: 'en|En hund|One dog\nflera|Flera hundar|Several dogs',
    });
    expect(created.statusCode).toBe(303);
    expect(created.headers.location).toBe('/vallentuna/admin/rapporter/kategorier');
    expect((await audits('reports.category_created')).filter((a) => a.entity_id !== 'samtidig')).toHaveLength(1);
    const list = await staff.get('/vallentuna/admin/rapporter/kategorier');
    expect(list.body).toContain('Lösa hundar');

    const anonymous = world.anonymous();
    const definition = await anonymous.get('/open311/v2/services/losa-hundar.json?jurisdiction_id=vallentuna');
    expect(definition.statusCode).toBe(200);
    expect(definition.body).toContain('Hur många hundar?');
    const missing = await reviewThroughForms(anonymous, 'vallentuna', { category: 'losa-hundar', placeId: demoId('place:station'), when: ['day'], description: 'Lösa hundar i parken.' });
    expect(missing.detailsPage.body).toContain('Hur många hundar?');
    expect(missing.detailsPage.body).toContain('Flera hundar');
    expect(missing.review.statusCode).toBe(422);
    const { sent } = await reportThroughForms(anonymous, 'vallentuna', { category: 'losa-hundar', placeId: demoId('place:station'), when: ['day'], description: 'Lösa hundar i parken.', 'answer.antal': 'flera' });
    expect(sent.statusCode).toBe(303);
    const row = await db().selectFrom('reports').selectAll().where('reference', '=', referenceOf(sent.headers.location)).executeTakeFirstOrThrow();
    expect(JSON.parse(row.answers_json)).toEqual({ antal: 'flera' });
  });

  it('edits a category over HTTP with 303, 422 keeping what was typed, and 409 on a stale form', async () => {
    const url = '/vallentuna/admin/rapporter/kategorier/nedskrapning';
    const shown = await staff.get(url);
    expect(shown.statusCode).toBe(200);
    const invalid = await postForm(staff, url, { ...form(''), notice_sv: 'Ring gärna också.', _csrf: csrfTokenFrom(shown.body) });
    expect(invalid.statusCode).toBe(422);
    expect(invalid.body).toContain('Ring gärna också.');
    const saved = await postForm(staff, url, { ...form('Skräp'), sensitive: 'on', _csrf: csrfTokenFrom(shown.body) });
    expect(saved.statusCode).toBe(303);
    expect((await allCategoriesOf(db(), kommun.id)).find((c) => c.code === 'nedskrapning')).toMatchObject({ name: { sv: 'Skräp' }, sensitive: true });
    const again = await staff.get(url);
    const stamp = /name="updatedAt" value="([^"]*)"/.exec(again.body)![1]!;
    expect(stamp).not.toBe('');
    expect((await postForm(staff, url, { ...form('Skräp 2'), updatedAt: stamp, _csrf: csrfTokenFrom(again.body) })).statusCode).toBe(303);
    const stale = await postForm(staff, url, { ...form('Skräp 3'), updatedAt: stamp, _csrf: csrfTokenFrom(again.body) });
    expect(stale.statusCode).toBe(409);
    expect(stale.body).toContain('Skräp 3');
    expect((await postForm(staff, '/vallentuna/admin/rapporter/kategorier/finns-inte', { ...form('X'), _csrf: csrfTokenFrom(again.body) })).statusCode).toBe(404);
    const toggled = await post(staff, '/vallentuna/admin/rapporter/kategorier', '/vallentuna/admin/rapporter/kategorier/annat/aktiv', { active: 'off', updatedAt: '' });
    expect(toggled.statusCode).toBe(303);
    expect((await allCategoriesOf(db(), kommun.id)).find((c) => c.code === 'annat')?.active).toBe(false);
  });

  it('answers 404 to Täby’s coordinator, to the kommunpolis, who lacks reports.manage, and to a partner’s reporter, and changes nothing', async () => {
    for (const person of ['tabyCoordinator', 'kommunpolis', 'partnerReporter'] as const) {
      const client = await world.as(person);
      for (const url of ['/vallentuna/admin/rapporter/kategorier', '/vallentuna/admin/rapporter/kategorier/ny', '/vallentuna/admin/rapporter/kategorier/klotter', '/vallentuna/admin/rapporter/blockerade']) {
        expect((await client.get(url)).statusCode, `${person} ${url}`).toBe(404);
      }
      const token = csrfTokenFrom((await client.get(person === 'tabyCoordinator' ? '/taby/admin/rapporter' : '/vallentuna/admin/rapporter')).body);
      expect((await postForm(client, '/vallentuna/admin/rapporter/kategorier/klotter', { ...form('Kapad'), _csrf: token })).statusCode).toBe(404);
      expect((await postForm(client, '/vallentuna/admin/rapporter/kategorier', { ...form('Kapad'), code: 'kapad', _csrf: token })).statusCode).toBe(404);
    }
    expect(await db().selectFrom('report_categories').selectAll().execute()).toHaveLength(0);
    // Nor may Täby's coordinator block the sender of a Vallentuna report, or anyone unblock one.
    const outcome = await submitReport(world.t.ctx, kommun, { category: 'klotter', placeId: demoId('place:station'), when: ['night'], description: 'Vallentunas rapport.' }, { source: 'web', locale: 'sv', clientKey: '10.9.0.9', answers: {} });
    await blockSenderOfReport(world.t.ctx, coordinator, kommun, outcome.id, 'Test');
    const blocked = await db().selectFrom('report_blocked_clients').selectAll().executeTakeFirstOrThrow();
    const taby = await world.as('tabyCoordinator');
    const token = csrfTokenFrom((await taby.get('/taby/admin/rapporter')).body);
    expect((await postForm(taby, `/vallentuna/admin/rapporter/${outcome.id}/blockera`, { reason: 'Kapad', _csrf: token })).statusCode).toBe(404);
    expect((await postForm(taby, `/vallentuna/admin/rapporter/${outcome.id}/blockera`, { reason: '', _csrf: token })).statusCode).toBe(404);
    expect((await postForm(taby, `/taby/admin/rapporter/blockerade/${blocked.id}/ta-bort`, { _csrf: token })).statusCode).toBe(404);
    expect((await postForm(taby, `/vallentuna/admin/rapporter/blockerade/${blocked.id}/ta-bort`, { _csrf: token })).statusCode).toBe(404);
    expect(await db().selectFrom('report_blocked_clients').selectAll().execute()).toEqual([blocked]);
    expect((await world.anonymous().get('/vallentuna/admin/rapporter/kategorier')).statusCode).not.toBe(200);
  });

  it('blocks a sender from a report’s page: the next report is quarantined, after unblocking pending; the hash is never shown', async () => {
    const anonymous = world.anonymous();
    const first = await reportThroughForms(anonymous, 'vallentuna', { category: 'klotter', placeId: demoId('place:station'), when: ['night'], description: 'Första rapporten.' });
    const report = await db().selectFrom('reports').selectAll().where('reference', '=', referenceOf(first.sent.headers.location)).executeTakeFirstOrThrow();
    const hash = report.client_hash!;
    expect(hash).toBe(clientHashOf(world.t.ctx, '127.0.0.1'));
    const url = `/vallentuna/admin/rapporter/${report.id}`;
    const page = await staff.get(url);
    expect(page.body).toContain(`${url}/blockera`);
    expect(page.body).not.toContain('data-sender-blocked');
    expect(page.body).not.toContain(hash);
    const empty = await postForm(staff, `${url}/blockera`, { reason: '', _csrf: csrfTokenFrom(page.body) });
    expect(empty.statusCode).toBe(422);
    const blocked = await postForm(staff, `${url}/blockera`, { reason: 'Skickar påhittade rapporter', _csrf: csrfTokenFrom(page.body) });
    expect(blocked.statusCode).toBe(303);
    const audit = (await audits('reports.sender_blocked')).filter((a) => a.after_json?.includes(report.id));
    expect(audit).toHaveLength(1);
    expect(JSON.stringify(await db().selectFrom('audit_log').selectAll().execute())).not.toContain(hash);
    // Blocked already: the page says so and where to lift it, instead of offering to block again.
    const again = await staff.get(url);
    expect(again.body).toContain('data-sender-blocked');
    expect(again.body).not.toContain(`${url}/blockera`);

    const second = await reportThroughForms(anonymous, 'vallentuna', { category: 'klotter', placeId: demoId('place:station'), when: ['night'], description: 'Andra rapporten.' });
    const quarantined = await db().selectFrom('reports').selectAll().where('reference', '=', referenceOf(second.sent.headers.location)).executeTakeFirstOrThrow();
    expect(quarantined.moderation).toBe('quarantined');
    // Releasing it is publishing it in moderation.
    await moderateReport(world.t.ctx, coordinator, kommun, quarantined.id, { decision: 'publish', publicDescription: null });
    expect((await db().selectFrom('reports').select('moderation').where('id', '=', quarantined.id).executeTakeFirstOrThrow()).moderation).toBe('published');

    const list = await staff.get('/vallentuna/admin/rapporter/blockerade');
    expect(list.statusCode).toBe(200);
    expect(list.body).toContain('Skickar påhittade rapporter');
    expect(list.body).not.toContain(hash);
    const row = await db().selectFrom('report_blocked_clients').selectAll().executeTakeFirstOrThrow();
    const queue = await staff.get('/vallentuna/admin/rapporter');
    expect(queue.body).not.toContain(hash);
    expect(queue.body).toContain('/vallentuna/admin/rapporter/blockerade');
    expect(queue.body).toContain('/vallentuna/admin/rapporter/kategorier');
    const removed = await postForm(staff, `/vallentuna/admin/rapporter/blockerade/${row.id}/ta-bort`, { _csrf: csrfTokenFrom(list.body) });
    expect(removed.statusCode).toBe(303);
    expect((await audits('reports.sender_unblocked')).filter((a) => a.entity_id === row.id)).toHaveLength(1);

    const third = await reportThroughForms(anonymous, 'vallentuna', { category: 'klotter', placeId: demoId('place:station'), when: ['night'], description: 'Tredje rapporten.' });
    const pending = await db().selectFrom('reports').selectAll().where('reference', '=', referenceOf(third.sent.headers.location)).executeTakeFirstOrThrow();
    expect(pending.moderation).toBe('pending');
  });

  it('lets the kommunpolis block (reports.moderate) but not unblock (reports.manage)', async () => {
    const outcome = await submitReport(world.t.ctx, kommun, { category: 'klotter', placeId: demoId('place:station'), when: ['night'], description: 'Från polisens test.' }, { source: 'web', locale: 'sv', clientKey: '10.9.0.7', answers: {} });
    const police = await world.as('kommunpolis');
    const url = `/vallentuna/admin/rapporter/${outcome.id}`;
    const page = await police.get(url);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Blockera avsändaren');
    expect(page.body).not.toContain('/vallentuna/admin/rapporter/kategorier');
    expect((await postForm(police, `${url}/blockera`, { reason: 'Upprepade påhitt', _csrf: csrfTokenFrom(page.body) })).statusCode).toBe(303);
    const row = await db().selectFrom('report_blocked_clients').selectAll().executeTakeFirstOrThrow();
    expect(row.client_hash).toBe(clientHashOf(world.t.ctx, '10.9.0.7'));
    expect((await postForm(police, `/vallentuna/admin/rapporter/blockerade/${row.id}/ta-bort`, { _csrf: csrfTokenFrom(page.body) })).statusCode).toBe(404);
    await expect(unblockSender(world.t.ctx, coordinator, kommun, row.id)).resolves.toBeUndefined();
    expect(await db().selectFrom('report_blocked_clients').selectAll().execute()).toHaveLength(0);
    // A report without a recognisable sender (contact details deleted) has no block form, and blocking it is refused.
    await db().updateTable('reports').set({ client_hash: null }).where('id', '=', outcome.id).execute();
    const without = await staff.get(url);
    expect(without.body).not.toContain('Blockera avsändaren');
    await expect(blockSenderOfReport(world.t.ctx, coordinator, kommun, outcome.id, 'x')).rejects.toMatchObject({ status: 422 });
  });
});

// Only PostgreSQL has a second instance on the same database (an in-memory SQLite is one process's).
describe('a category change seen by another instance (postgres)', () => {
  let world: World;
  afterAll(async () => world?.t.close());

  it('shows on the saving instance at once and on another within categoryCacheMs, whose copy it kept meanwhile', async () => {
    world = await createWorld('postgres');
    const kommun = (await findKommunBySlug(world.t.ctx.db, 'vallentuna'))!;
    const coordinator = kommunActor({ ctx: world.t.ctx, kommunId: kommun.id, users: { coordinator: demoId('user:coordinator') } }, 'coordinator', 'coordinator');
    const second = await createSecondInstance(world.t);
    try {
      const codes = async (db: Db) => (await activeCategoriesOf(db, kommun.id)).map((c) => c.code);
      expect(await codes(world.t.ctx.db)).toContain('trafik');
      expect(await codes(second.ctx.db)).toContain('trafik');
      const saved = Date.now();
      await setCategoryActive(world.t.ctx, coordinator, kommun, 'trafik', false);
      expect(await codes(world.t.ctx.db)).not.toContain('trafik');
      // The other instance answers from its copy until the copy is categoryCacheMs old, then reads again.
      expect(await codes(second.ctx.db)).toContain('trafik');
      const clock = vi.spyOn(Date, 'now').mockReturnValue(saved + categoryCacheMs + 1);
      try {
        expect(await codes(second.ctx.db)).not.toContain('trafik');
      } finally {
        clock.mockRestore();
      }
    } finally {
      await second.close();
    }
  });
});
