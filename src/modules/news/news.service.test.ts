import { kommunActor } from '../../../test/actors.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dialects, createTestContext, type TestContext } from '../../../test/databases.js';
import { seedDemo } from '../../platform/demo.js';
import type { Actor } from '../../platform/auth/index.js';
import { ForbiddenError, ValidationError } from '../../platform/http/errors.js';
import { findPublishedBySlug, listPublished } from './news.repository.js';
import { contentInputSchema, newsLimits } from './news.schemas.js';
import { prepareUpload } from '../../platform/files/file.service.js';
import { createContent, setContentPublished } from './news.service.js';

describe.each(dialects)('news service on %s', (dialect) => {
  let ctx: TestContext;
  let kommunId: string;
  let coordinator: Actor;
  let volunteer: Actor;

  beforeAll(async () => {
    ctx = await createTestContext(dialect);
    const seed = await seedDemo(ctx);
    kommunId = seed.kommunId;
    coordinator = kommunActor(seed, 'coordinator', 'coordinator');
    volunteer = kommunActor(seed, 'volunteer', 'volunteer');
  });
  afterAll(async () => ctx.destroy());

  it('keeps a new item as a draft, invisible to the public, until it is published', async () => {
    const created = await createContent(ctx, coordinator, kommunId, contentInputSchema.parse({ title: 'Nattvandring i helgen' }));
    expect(created.status).toBe('draft');
    expect(await findPublishedBySlug(ctx.db, kommunId, 'news', created.slug)).toBeUndefined();
    await setContentPublished(ctx, coordinator, kommunId, created.id, true);
    expect((await findPublishedBySlug(ctx.db, kommunId, 'news', created.slug))?.title).toBe('Nattvandring i helgen');
    await setContentPublished(ctx, coordinator, kommunId, created.id, false);
    expect(await findPublishedBySlug(ctx.db, kommunId, 'news', created.slug)).toBeUndefined();
  });

  it('refuses a volunteer who tries to write news', async () => {
    await expect(createContent(ctx, volunteer, kommunId, contentInputSchema.parse({ title: 'Hej' }))).rejects.toBeInstanceOf(ForbiddenError);
  });

  it('refuses a second item with the same address', async () => {
    const input = contentInputSchema.parse({ title: 'Samma rubrik', slug: 'samma-adress' });
    await createContent(ctx, coordinator, kommunId, input);
    await expect(createContent(ctx, coordinator, kommunId, input)).rejects.toBeInstanceOf(ValidationError);
  });

  it('writes an audit row with the change', async () => {
    const created = await createContent(ctx, coordinator, kommunId, contentInputSchema.parse({ title: 'Granskad nyhet' }));
    const rows = await ctx.db.selectFrom('audit_log').selectAll().where('entity_id', '=', created.id).execute();
    expect(rows.map((r) => r.action)).toEqual(['news.content_created']);
    expect(JSON.parse(rows[0]!.after_json!)).toMatchObject({ title: 'Granskad nyhet', status: 'draft' });
  });

  it('keeps nothing — item, files, English text or audit row — when a later step of the same change fails', async () => {
    const counts = async () =>
      Promise.all((['content_items', 'content_translations', 'files', 'audit_log'] as const).map(async (table) => Number((await ctx.db.selectFrom(table as 'files').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n)));
    const before = await counts();
    const note = await prepareUpload('document', { filename: 'bilaga.txt', data: Buffer.from('En bilaga.') });
    // One attachment too many is refused only after the item, its English text and the first
    // files were written: all of it must roll back together.
    const attachments = Array.from({ length: newsLimits.attachmentsPerItem + 1 }, (_, i) => ({ file: note, title: `Bilaga ${i}` }));
    const input = contentInputSchema.parse({ title: 'Ska inte finnas', titleEn: 'Must not exist', bodyEn: 'x' });
    await expect(createContent(ctx, coordinator, kommunId, input, { attachments })).rejects.toBeInstanceOf(ValidationError);
    expect(await ctx.db.selectFrom('content_items').select('id').where('title', '=', 'Ska inte finnas').execute()).toEqual([]);
    expect(await counts()).toEqual(before);
  });

  it('pages through published news newest first without repeating or skipping items', async () => {
    const seen: string[] = [];
    let after: { publishedAt: string; id: string } | undefined;
    for (;;) {
      const page = await listPublished(ctx.db, kommunId, 'news', { limit: 2, after });
      if (page.length === 0) break;
      seen.push(...page.map((p) => p.id));
      const last = page[page.length - 1]!;
      after = { publishedAt: last.publishedAt, id: last.id };
    }
    const all = await listPublished(ctx.db, kommunId, 'news', { limit: 100 });
    expect(seen).toEqual(all.map((a) => a.id));
    const dates = all.map((a) => a.publishedAt);
    expect([...dates].sort().reverse()).toEqual(dates);
    expect(all.at(-1)?.publishedAt).toBe('2016-12-08T10:00:00.000Z');
  });
});
