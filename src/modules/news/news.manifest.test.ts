// What news adds to the kernel's pages through its manifest (the home page section, the menu
// link, the staff overview count, the change log's sentences), and the kernel's rules (the 404
// look, canonical addresses, TOTP for a role) holding on news routes. The kernel's own tests
// prove those pages and rules with kernel records only; these prove that news takes part.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { kommunActor } from '../../../test/actors.js';
import { createTestApp, TestClient, type TestApp, staffOverviewCountsOf } from '../../../test/app.js';
import { dialects } from '../../../test/databases.js';
import { addKommun, addPerson } from '../../../test/factories.js';
import { demoId } from '../../platform/demo.js';
import { contentInputSchema } from './news.schemas.js';
import { createContent, setContentPublished } from './news.service.js';

/** What makes a page look like Vallentuna's: its name in the header, its colours, its menu with the news. */
function expectVallentunaLook(html: string): void {
  expect(html).toMatch(/<a class="site-header__brand" href="\/vallentuna\/">.*Vallentuna kommun/s);
  expect(html).toContain('href="/vallentuna/tema.css');
  expect(html).toContain('<nav class="site-nav"');
  expect(html).toContain('href="/vallentuna/nyheter"');
}

describe.each(dialects)('news on the kernel’s pages on %s', (dialect) => {
  let t: TestApp;
  const vallentuna = demoId('org:vallentuna');
  let taby: string;
  let tabyCoordinator: string;

  /** The counts on a person's staff overview, by message key. */
  const countsSeenBy = (email: string, slug: string) => staffOverviewCountsOf(t.app, email, slug);

  beforeAll(async () => {
    t = await createTestApp(dialect);
    // A second kommun that requires TOTP of its coordinators (its administrator is not asked).
    taby = await addKommun(t.ctx.db, { slug: 'taby', name: 'Täby kommun', settings: { requireTotpForRoles: ['coordinator'] } });
    await addPerson(t.ctx.db, { email: 'admin@taby.example', name: 'Täbys administratör', organisationId: taby, role: 'administrator' });
    tabyCoordinator = await addPerson(t.ctx.db, { email: 'samordnare@taby.example', name: 'Täbys samordnare', organisationId: taby, role: 'coordinator' });
  });
  afterAll(async () => t.close());

  it('puts the kommun’s pages in the public menu, listed with their summaries and linked', async () => {
    const home = await t.app.inject('/vallentuna/');
    expect(home.body).toContain('<a href="/vallentuna/om">Om arbetet</a>');
    const index = await t.app.inject('/vallentuna/om');
    expect(index.statusCode).toBe(200);
    expect(index.body).toContain('href="/vallentuna/sidor/om-samverkan"');
    // News items are not pages: the index lists only pages.
    expect(index.body).not.toContain('href="/vallentuna/nyheter/');
  });

  it('shows the kommun’s latest news on its home page and links the news from its menu', async () => {
    const home = await t.app.inject('/vallentuna/');
    expect(home.statusCode).toBe(200);
    expect(home.body).toContain('Polisen i Kulturhuset varje onsdag');
    expectVallentunaLook(home.body);
  });

  it('answers a missing news item with 404 in the kommun’s look', async () => {
    const missing = await t.app.inject('/vallentuna/nyheter/finns-inte');
    expect(missing.statusCode).toBe(404);
    expectVallentunaLook(missing.body);
    expect(missing.body).toContain('Sidan finns inte');
    const deeper = await t.app.inject('/vallentuna/nyheter/finns-inte/alls');
    expect(deeper.statusCode).toBe(404);
    expectVallentunaLook(deeper.body);
  });

  it('gives the news list one address, sending an upper-case kommun or a trailing slash there with 301', async () => {
    const upper = await t.app.inject('/VALLENTUNA/nyheter?sida=2');
    expect(upper.statusCode).toBe(301);
    expect(upper.headers.location).toBe('/vallentuna/nyheter?sida=2');
    const slash = await t.app.inject('/vallentuna/nyheter/');
    expect(slash.statusCode).toBe(301);
    expect(slash.headers.location).toBe('/vallentuna/nyheter');
    expect((await t.app.inject('/vallentuna/nyheter')).statusCode).toBe(200);
  });

  it('counts a kommun’s own drafts on its staff overview, for those who may read drafts', async () => {
    const demoDrafts = (await countsSeenBy('admin@vallentuna.example', 'vallentuna'))['news.overviewDrafts'] ?? Number.NaN;
    const coordinator = kommunActor({ ctx: t.ctx, kommunId: vallentuna, users: { coordinator: demoId('user:coordinator') } }, 'coordinator', 'coordinator');
    await createContent(t.ctx, coordinator, vallentuna, contentInputSchema.parse({ title: 'Utkast i Vallentuna' }));
    const admin = await countsSeenBy('admin@vallentuna.example', 'vallentuna');
    expect(admin['news.overviewDrafts']).toBe(demoDrafts + 1);
    const client = new TestClient(t.app);
    await client.signIn('admin@vallentuna.example');
    expect((await client.get('/vallentuna/admin')).body).toContain('href="/vallentuna/admin/nyheter"');

    expect((await countsSeenBy('admin@taby.example', 'taby'))['news.overviewDrafts']).toBe(0);
    const writer = kommunActor({ ctx: t.ctx, kommunId: taby, users: { coordinator: tabyCoordinator } }, 'coordinator', 'coordinator');
    await createContent(t.ctx, writer, taby, contentInputSchema.parse({ title: 'Utkast i Täby' }));
    expect((await countsSeenBy('admin@taby.example', 'taby'))['news.overviewDrafts']).toBe(1);
    expect((await countsSeenBy('admin@vallentuna.example', 'vallentuna'))['news.overviewDrafts']).toBe(admin['news.overviewDrafts']);

    // Community police write news too; the police area's administrator and volunteers do not.
    expect(await countsSeenBy('kommunpolis@taby-polis.example', 'vallentuna')).toHaveProperty('news.overviewDrafts');
    expect(await countsSeenBy('polischef@taby-polis.example', 'vallentuna')).not.toHaveProperty('news.overviewDrafts');
    expect(await countsSeenBy('volontar@vallentuna.example', 'vallentuna')).not.toHaveProperty('news.overviewDrafts');
  });

  it('words writing and publishing news as sentences in the change log', async () => {
    const coordinator = kommunActor({ ctx: t.ctx, kommunId: vallentuna, users: { coordinator: demoId('user:coordinator') } }, 'coordinator', 'coordinator');
    const item = await createContent(t.ctx, coordinator, vallentuna, contentInputSchema.parse({ title: 'Prata trygghet med oss!' }));
    await setContentPublished(t.ctx, coordinator, vallentuna, item.id, true);

    const client = new TestClient(t.app);
    await client.signIn('admin@vallentuna.example');
    const page = await client.get('/vallentuna/admin/logg?entityType=content');
    const sentences = [...page.body.matchAll(/<p class="audit-sentence">([^<]*)<\/p>/g)].map((m) => m[1]);
    expect(sentences).toContain('Trygghetssamordnaren skrev ett utkast till nyheten «Prata trygghet med oss!»');
    expect(sentences).toContain('Trygghetssamordnaren publicerade nyheten «Prata trygghet med oss!»');
  });

  it('keeps drafts from a coordinator who still owes the TOTP set-up, also over the API', async () => {
    const writer = kommunActor({ ctx: t.ctx, kommunId: taby, users: { coordinator: tabyCoordinator } }, 'coordinator', 'coordinator');
    const draft = await createContent(t.ctx, writer, taby, contentInputSchema.parse({ title: 'Utkast bara för personalen' }));
    const draftApi = `/api/v1/taby/content/${draft.id}`;

    const owing = new TestClient(t.app);
    await owing.signIn('samordnare@taby.example');
    expect((await owing.get(draftApi, { accept: 'application/json' })).statusCode).toBe(404);
    expect((await owing.get('/taby/admin/nyheter')).headers.location).toMatch(/^\/konto\/tvastegsverifiering\?/);
    // The same request by someone whose role needs no TOTP is allowed: the refusal above is the rule, not the route.
    const admin = new TestClient(t.app);
    await admin.signIn('admin@taby.example');
    const allowed = await admin.get(draftApi, { accept: 'application/json' });
    expect(allowed.statusCode).toBe(200);
    expect(allowed.body).toContain('Utkast bara för personalen');
  });
});
