import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createTestApp, TestClient, type TestApp, staffOverviewCountsOf } from '../../test/app.js';
import { dialects } from '../../test/databases.js';
import { addKommun, addPerson } from '../../test/factories.js';
import { testModules } from '../../test/modules.js';
import { newId } from '../platform/db/ids.js';
import { demoId } from '../platform/demo.js';
import { defineMessages } from '../platform/i18n/i18n.js';
import { defineModule } from '../platform/module.js';
import { defineModuleSettings, readModuleSettings } from '../platform/settings/module-settings.js';

// The staff overview counts what each feature contributes through its manifest; each count must
// stay inside the kommun and the reader's scope. These are the kernel's own counts; a module's
// count is tested with the module, and is left out here so the test reads the same with or
// without modules.
const kernelCounts = ['people.overviewPending', 'accessibility.overviewOpen', 'people.overviewPaused', 'mail.overviewFailed'] as const;

function kernelPart(counts: Record<string, number>): Record<string, number> {
  return Object.fromEntries(Object.entries(counts).filter(([key]) => (kernelCounts as readonly string[]).includes(key)));
}

describe.each(dialects)('staff overview on %s', (dialect) => {
  let t: TestApp;
  const vallentuna = demoId('org:vallentuna');
  let taby: string;

  /** One piece of waiting work for each of the kernel's counts. */
  async function addWork(kommunId: string, label: string) {
    const db = t.ctx.db;
    const now = new Date().toISOString();
    const later = new Date(Date.now() + 3_600_000).toISOString();
    await db
      .insertInto('accessibility_reports')
      .values({ id: newId(), kommun_id: kommunId, page_url: `/${label}/`, description: 'Knappen går inte att nå', reply_email: null, status: 'open', created_at: now, handled_at: null, handled_by: null })
      .execute();
    await db
      .insertInto('mail_outbox')
      .values({ id: newId(), organisation_id: kommunId, kommun_id: kommunId, to_address: `ingen@${label}.example`, subject: 'Hej', body_text: 'Hej', secret_sealed: null, status: 'failed', attempts: 8, next_attempt_at: now, locked_until: null, last_error: 'refused', created_at: now, sent_at: null })
      .execute();
    await addPerson(db, { email: `ny@${label}.example`, name: `Ny ${label}`, organisationId: kommunId, role: 'coordinator', password: null, pending: true });
    const paused = await addPerson(db, { email: `pausad@${label}.example`, name: `Pausad ${label}`, organisationId: kommunId, role: 'coordinator' });
    await db.insertInto('sign_in_throttles').values({ key: `account:${paused}`, scope: 'account', user_id: paused, failures: 5, last_failure_at: now, blocked_until: later }).execute();
  }

  /** The counts on a person's staff overview, by message key. */
  const countsSeenBy = (email: string, slug: string) => staffOverviewCountsOf(t.app, email, slug);

  beforeAll(async () => {
    t = await createTestApp(dialect);
    taby = await addKommun(t.ctx.db, { slug: 'taby', name: 'Täby kommun' });
    await addPerson(t.ctx.db, { email: 'admin@taby.example', name: 'Täbys administratör', organisationId: taby, role: 'administrator' });
    await addWork(vallentuna, 'vallentuna');
  });
  afterAll(async () => t.close());

  it('shows an administrator counts of waiting work, each linking to where it is handled', async () => {
    const counts = await countsSeenBy('admin@vallentuna.example', 'vallentuna');
    for (const key of kernelCounts) {
      expect(counts[key], key).toBeGreaterThanOrEqual(1);
    }
    const client = new TestClient(t.app);
    await client.signIn('admin@vallentuna.example');
    const page = await client.get('/vallentuna/admin');
    expect(page.body).toContain('href="/vallentuna/admin/personer"');
    expect(page.body).toContain('href="/vallentuna/admin/personer#pausade-inloggningar"');
    expect(page.body).toContain('href="/vallentuna/admin/tillganglighet"');
    expect(page.body).toContain('href="/vallentuna/admin/utkorg"');
  });

  it('counts nothing of Vallentuna on a Täby administrator’s overview', async () => {
    const before = await countsSeenBy('admin@taby.example', 'taby');
    expect(Object.keys(kernelPart(before)).sort()).toEqual([...kernelCounts].sort());
    expect(Object.values(before).every((n) => n === 0)).toBe(true);

    const vallentunaBefore = await countsSeenBy('admin@vallentuna.example', 'vallentuna');
    await addWork(taby, 'taby');
    const after = await countsSeenBy('admin@taby.example', 'taby');
    expect(kernelPart(after)).toEqual({ 'people.overviewPending': 1, 'accessibility.overviewOpen': 1, 'people.overviewPaused': 1, 'mail.overviewFailed': 1 });
    expect(await countsSeenBy('admin@vallentuna.example', 'vallentuna')).toEqual(vallentunaBefore);
  });

  it('counts for a police area’s administrator the police area’s people and mail, not the kommun’s', async () => {
    const chief = 'polischef@taby-polis.example';
    const policeArea = demoId('org:lpo-taby');
    // Vallentuna's own waiting work (beforeAll) is not the police area's.
    expect(kernelPart(await countsSeenBy(chief, 'vallentuna'))).toEqual({ 'people.overviewPending': 0, 'people.overviewPaused': 0, 'mail.overviewFailed': 0 });

    const db = t.ctx.db;
    const now = new Date().toISOString();
    await addPerson(db, { email: 'ny@polisen.example', name: 'Ny polis', organisationId: policeArea, role: 'police', password: null, pending: true });
    const paused = await addPerson(db, { email: 'pausad@polisen.example', name: 'Pausad polis', organisationId: policeArea, role: 'police' });
    await db.insertInto('sign_in_throttles').values({ key: `account:${paused}`, scope: 'account', user_id: paused, failures: 5, last_failure_at: now, blocked_until: new Date(Date.now() + 3_600_000).toISOString() }).execute();
    await db
      .insertInto('mail_outbox')
      .values({ id: newId(), organisation_id: policeArea, kommun_id: null, to_address: 'ingen@polisen.example', subject: 'Hej', body_text: 'Hej', secret_sealed: null, status: 'failed', attempts: 8, next_attempt_at: now, locked_until: null, last_error: 'refused', created_at: now, sent_at: null })
      .execute();
    expect(kernelPart(await countsSeenBy(chief, 'vallentuna'))).toEqual({ 'people.overviewPending': 1, 'people.overviewPaused': 1, 'mail.overviewFailed': 1 });
  });

  it('counts a sign-in pause only until it runs out, though the statement is built once', async () => {
    const db = t.ctx.db;
    const now = new Date().toISOString();
    const paused = await addPerson(db, { email: 'kort-paus@vallentuna.example', name: 'Kort paus', organisationId: vallentuna, role: 'coordinator' });
    const before = (await countsSeenBy('admin@vallentuna.example', 'vallentuna'))['people.overviewPaused']!;
    await db.insertInto('sign_in_throttles').values({ key: `account:${paused}`, scope: 'account', user_id: paused, failures: 5, last_failure_at: now, blocked_until: new Date(Date.now() + 1500).toISOString() }).execute();
    expect((await countsSeenBy('admin@vallentuna.example', 'vallentuna'))['people.overviewPaused']).toBe(before + 1);
    await new Promise((r) => setTimeout(r, 1600));
    expect((await countsSeenBy('admin@vallentuna.example', 'vallentuna'))['people.overviewPaused']).toBe(before);
  });

  it('shows people only the counts their permissions reach', async () => {
    // The police area's administrator manages people and reads the outbox, but does not handle
    // the kommun's accessibility reports.
    const chief = await countsSeenBy('polischef@taby-polis.example', 'vallentuna');
    expect(Object.keys(kernelPart(chief)).sort()).toEqual(['mail.overviewFailed', 'people.overviewPaused', 'people.overviewPending']);
    // A community police officer holds none of these permissions.
    const police = await countsSeenBy('kommunpolis@taby-polis.example', 'vallentuna');
    expect(kernelPart(police)).toEqual({});
  });
});

// A module whose count means something only where a kommun has turned its work on (appliesTo):
// the overview statement is built once per kommun and set of roles, so the setting's change
// (which changes the kommun) must show at once.
const probeSettings = defineModuleSettings({
  titleKey: 'probe.settings',
  schema: z.object({ counting: z.boolean().default(false) }),
  fields: { counting: { kind: 'boolean', labelKey: 'probe.counting' } },
});
const probeModule = defineModule({
  name: 'probe',
  settings: probeSettings,
  messages: defineMessages({ 'probe.settings': 'Prov', 'probe.counting': 'Räkna', 'probe.count': 'Provräkning' }, { 'probe.settings': 'Probe', 'probe.counting': 'Count', 'probe.count': 'Probe count' }),
  staffOverview: [
    {
      name: 'probe.count',
      order: 99,
      permission: 'staff.area',
      labelKey: 'probe.count',
      href: 'admin',
      appliesTo: (kommun) => readModuleSettings(kommun.settings.modules.probe, probeSettings).counting,
      count: (db, _reader, kommun) => db.selectFrom('organisations').select((eb) => eb.fn.countAll().as('n')).where('id', '=', kommun.id),
    },
  ],
});

describe.each(dialects)('a staff overview count that applies only where a kommun turned it on, on %s', (dialect) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(dialect, { modules: [...testModules, probeModule] });
  });
  afterAll(async () => t.close());

  it('is left out until the kommun’s setting turns it on, and again once it is turned off', async () => {
    const admin = new TestClient(t.app);
    await admin.signIn('admin@vallentuna.example');
    const probeCount = async () => /data-overview="probe.count" data-count="(\d+)"/.exec((await admin.get('/vallentuna/admin')).body)?.[1];
    expect(await probeCount()).toBeUndefined();
    expect((await admin.submitForm('/vallentuna/admin/installningar', '/vallentuna/admin/installningar/moduler/probe', { counting: 'on' })).statusCode).toBe(303);
    expect(await probeCount()).toBe('1');
    expect((await admin.submitForm('/vallentuna/admin/installningar', '/vallentuna/admin/installningar/moduler/probe', {})).statusCode).toBe(303);
    expect(await probeCount()).toBeUndefined();
  });
});

describe.each(dialects)('staff overview counts kept for a moment on %s', (dialect) => {
  let t: TestApp;
  const vallentuna = demoId('org:vallentuna');
  beforeAll(async () => {
    t = await createTestApp(dialect, { config: { PAGE_CACHE_SECONDS: '60' } });
  });
  afterAll(async () => t.close());

  const openReports = async (client: TestClient) => Number(/data-overview="accessibility.overviewOpen" data-count="(\d+)"/.exec((await client.get('/vallentuna/admin')).body)?.[1]);
  const addReport = (db: TestApp['ctx']['db']) =>
    db
      .insertInto('accessibility_reports')
      .values({ id: newId(), kommun_id: vallentuna, page_url: '/vallentuna/', description: 'Kontrasten är för låg', reply_email: null, status: 'open', created_at: new Date().toISOString(), handled_at: null, handled_by: null })
      .execute();

  it('serves everyone with the same roles the same counts until this instance writes anything', async () => {
    const admin = new TestClient(t.app);
    await admin.signIn('admin@vallentuna.example');
    const before = await openReports(admin);
    // A write this instance does not make (another instance, a job elsewhere) is counted once the moment has passed…
    await addReport(t.ctx.db);
    expect(await openReports(admin)).toBe(before);
    // …or at once after anything written here: a resident's report through the form, say.
    const resident = new TestClient(t.app);
    const sent = await resident.submitForm('/vallentuna/tillganglighet', '/vallentuna/tillganglighet', { pageUrl: '/vallentuna/', description: 'Länken går inte att nå med tangentbordet' });
    expect(sent.statusCode).toBe(303);
    expect(await openReports(admin)).toBe(before + 2);
  });

  it('keeps each kommun’s and each set of roles’ counts apart', async () => {
    const solna = await addKommun(t.ctx.db, { slug: 'solna', name: 'Solna stad' });
    await addPerson(t.ctx.db, { email: 'admin@solna.example', name: 'Solnas administratör', organisationId: solna, role: 'administrator' });
    const admin = new TestClient(t.app);
    await admin.signIn('admin@vallentuna.example');
    expect(await openReports(admin)).toBeGreaterThan(0);
    // The same roles in another kommun: that kommun's counts, not Vallentuna's kept ones.
    const elsewhere = new TestClient(t.app);
    await elsewhere.signIn('admin@solna.example');
    expect(Number(/data-overview="accessibility.overviewOpen" data-count="(\d+)"/.exec((await elsewhere.get('/solna/admin')).body)?.[1])).toBe(0);
});
});
