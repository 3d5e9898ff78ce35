import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createTestApp, csrfTokenFrom, TestClient, type TestApp } from '../../../test/app.js';
import { dialects } from '../../../test/databases.js';
import { testModules } from '../../../test/modules.js';
import { defineMessages } from '../i18n/i18n.js';
import { defineModule } from '../module.js';
import { defineModuleSettings, readModuleSettings } from '../settings/module-settings.js';
import { findKommunBySlug } from './tenant.repository.js';
import { moduleSettingsOf } from './tenant.module-settings.js';

// A module that exists only in this test: the kernel renders, checks and stores its settings
// without knowing it, which is the point.
const walkSettings = defineModuleSettings({
  titleKey: 'walks.settings',
  schema: z.object({
    reviewBeforePublishing: z.boolean().default(false),
    season: z.enum(['summer', 'all-year']).default('all-year'),
    walkersPerGroup: z.number().int().min(2, 'walks.tooFew').max(12).default(3),
  }),
  fields: {
    reviewBeforePublishing: { kind: 'boolean', labelKey: 'walks.review', hintKey: 'walks.reviewHint' },
    season: { kind: 'choice', labelKey: 'walks.season', options: [{ value: 'summer', labelKey: 'walks.summer' }, { value: 'all-year', labelKey: 'walks.allYear' }] },
    walkersPerGroup: { kind: 'number', labelKey: 'walks.perGroup', min: 2, max: 12 },
  },
});
const walkMessages = defineMessages(
  {
    'walks.settings': 'Nattvandringar',
    'walks.review': 'Granska rapporter före publicering',
    'walks.reviewHint': 'Rapporterna visas först när någon har läst dem.',
    'walks.season': 'Säsong',
    'walks.summer': 'Sommar',
    'walks.allYear': 'Hela året',
    'walks.perGroup': 'Vandrare per grupp',
    'walks.tooFew': 'Minst två vandrare per grupp.',
  },
  {
    'walks.settings': 'Night walks',
    'walks.review': 'Review reports before publishing',
    'walks.reviewHint': 'Reports show only once someone has read them.',
    'walks.season': 'Season',
    'walks.summer': 'Summer',
    'walks.allYear': 'All year',
    'walks.perGroup': 'Walkers per group',
    'walks.tooFew': 'At least two walkers per group.',
  },
);
const walksModule = defineModule({ name: 'walks', settings: walkSettings, messages: walkMessages });

describe('reading a module’s stored settings', () => {
  it('keeps what still fits and falls back to the default key by key', () => {
    expect(readModuleSettings({ reviewBeforePublishing: true, season: 'winter', walkersPerGroup: 40 }, walkSettings)).toEqual({
      reviewBeforePublishing: true,
      season: 'all-year',
      walkersPerGroup: 3,
    });
    expect(readModuleSettings(undefined, walkSettings)).toEqual({ reviewBeforePublishing: false, season: 'all-year', walkersPerGroup: 3 });
  });

  it('refuses a schema key without a default', () => {
    expect(() =>
      defineModuleSettings({ titleKey: 'x', schema: z.object({ a: z.boolean() }), fields: { a: { kind: 'boolean', labelKey: 'x' } } }),
    ).toThrow(/needs a default/);
  });
});

describe.each(dialects)('module settings on the kommun settings page on %s', (dialect) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(dialect, { modules: [...testModules, walksModule] });
  });
  afterAll(async () => t.close());

  const stored = async (slug: string) => moduleSettingsOf((await findKommunBySlug(t.ctx.db, slug))!, 'walks', walkSettings);

  it('shows each module’s settings as its own form, and an administrator saves them with an audit row', async () => {
    const admin = new TestClient(t.app);
    await admin.signIn('admin@vallentuna.example');
    const page = await admin.get('/vallentuna/admin/installningar');
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('action="/vallentuna/admin/installningar/moduler/walks"');
    expect(page.body).toContain('Granska rapporter före publicering');
    expect(page.body).toContain('<option value="summer"');

    const saved = await admin.submitForm('/vallentuna/admin/installningar', '/vallentuna/admin/installningar/moduler/walks', { reviewBeforePublishing: 'on', season: 'summer', walkersPerGroup: '4' });
    expect(saved.statusCode).toBe(303);
    expect(await stored('vallentuna')).toEqual({ reviewBeforePublishing: true, season: 'summer', walkersPerGroup: 4 });
    const audit = await t.ctx.db.selectFrom('audit_log').select(['action', 'after_json']).where('action', '=', 'tenants.module_settings_changed').execute();
    expect(audit).toHaveLength(1);
    expect(audit[0]!.after_json).toContain('"module":"walks"');

    // An unticked checkbox is sent as nothing: it turns the setting off.
    await admin.submitForm('/vallentuna/admin/installningar', '/vallentuna/admin/installningar/moduler/walks', { season: 'summer', walkersPerGroup: '4' });
    expect((await stored('vallentuna')).reviewBeforePublishing).toBe(false);
  });

  it('refuses a value the schema does not accept with 422, the module’s message and what was typed, storing nothing', async () => {
    const admin = new TestClient(t.app);
    await admin.signIn('admin@vallentuna.example');
    const before = await stored('vallentuna');
    const refused = await admin.submitForm('/vallentuna/admin/installningar', '/vallentuna/admin/installningar/moduler/walks', { season: 'summer', walkersPerGroup: '1' });
    expect(refused.statusCode).toBe(422);
    expect(refused.body).toContain('Minst två vandrare per grupp.');
    expect(refused.body).toMatch(/name="walkersPerGroup"[^>]*value="1"/);
    expect(await stored('vallentuna')).toEqual(before);
  });

  it('answers 404 to a coordinator and for a module the app does not run', async () => {
    const coordinator = new TestClient(t.app);
    await coordinator.signIn('samordnare@vallentuna.example');
    const token = csrfTokenFrom((await coordinator.get('/vallentuna/admin')).body);
    expect((await coordinator.post('/vallentuna/admin/installningar/moduler/walks', { _csrf: token, season: 'summer', walkersPerGroup: '5' })).statusCode).toBe(404);

    const admin = new TestClient(t.app);
    await admin.signIn('admin@vallentuna.example');
    const adminToken = csrfTokenFrom((await admin.get('/vallentuna/admin')).body);
    expect((await admin.post('/vallentuna/admin/installningar/moduler/okand', { _csrf: adminToken })).statusCode).toBe(404);
    expect((await stored('vallentuna')).walkersPerGroup).not.toBe(5);
  });
});
