import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, csrfTokenFrom, TestClient, type TestApp } from '../../../test/app.js';
import { dialects } from '../../../test/databases.js';
import { forgetCachedKommuner } from '../http/kernel.plugin.js';
import { darkenForContrast } from '../views/theme.js';

const newKommunFields = {
  name: 'Nya kommunen',
  slug: 'nykommun',
  primaryColour: '#2a7d2e',
  contactEmail: 'kontakt@nykommun.example',
  contactPhone: '0123-45 67 89',
  contactAddress: 'Storgatan 1, 123 45 Nyby',
  languages: 'sv',
  policeAreaId: '',
  newPoliceAreaName: 'Lokalpolisområde Nyby',
};

const settingsFields = {
  name: 'Vallentuna kommun',
  primaryColour: '#005a8c',
  logoAlt: '',
  contactEmail: 'trygghet@vallentuna.example',
  contactPhone: '08-587 850 00',
  contactAddress: 'Tuna torg 1, 186 86 Vallentuna',
  contactWebsite: '',
  languages: 'sv',
  requireTotpForRoles: 'volunteer',
  a11yLastReviewed: '2026-11-20',
  a11yKnownIssuesSv: 'Kartan går inte att använda med skärmläsare.',
  a11yKnownIssuesEn: 'The map cannot be used with a screen reader.',
};

describe.each(dialects)('tenant administration on %s', (dialect) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(dialect);
  });
  afterAll(async () => t.close());

  const countOrganisations = async () => Number((await t.ctx.db.selectFrom('organisations').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);

  it('sends a signed-out visitor of the platform pages to sign in', async () => {
    const response = await t.app.inject('/admin/kommuner');
    expect(response.statusCode).toBe(303);
    expect(response.headers.location).toContain('/logga-in');
  });

  it('hides the platform pages and the kommun settings from a coordinator', async () => {
    const client = new TestClient(t.app);
    await client.signIn('samordnare@vallentuna.example');
    expect((await client.get('/admin/kommuner')).statusCode).toBe(404);
    expect((await client.get('/admin/kommuner/ny')).statusCode).toBe(404);
    expect((await client.get('/vallentuna/admin/installningar')).statusCode).toBe(404);
    expect((await client.get('/vallentuna/admin/organisationer')).statusCode).toBe(404);
    expect((await client.get('/vallentuna/admin/plattform')).statusCode).toBe(404);
    const before = await countOrganisations();
    const token = csrfTokenFrom((await client.get('/vallentuna/admin')).body);
    expect((await client.post('/admin/kommuner', { ...newKommunFields, slug: 'smygkommun', _csrf: token })).statusCode).toBe(404);
    expect((await client.post('/vallentuna/admin/installningar', { ...settingsFields, name: 'Kapad', _csrf: token })).statusCode).toBe(404);
    expect(await countOrganisations()).toBe(before);
  });

  it('refuses a bad colour, an empty name and a taken address with 422, keeping what was typed', async () => {
    const client = new TestClient(t.app);
    await client.signIn('admin@vallentuna.example');
    const before = await countOrganisations();
    const empty = await client.submitForm('/admin/kommuner/ny', '/admin/kommuner', { ...newKommunFields, name: '', primaryColour: 'blå', slug: 'Fel Adress' });
    expect(empty.statusCode).toBe(422);
    expect(empty.body).toContain('error-summary');
    expect(empty.body).toContain('value="blå"');
    expect(empty.body).toContain('value="Fel Adress"');
    expect(empty.body).toContain('Ange en färg som #1e5a8c.');
    expect(empty.body).toContain('Fyll i det här fältet.');
    const taken = await client.submitForm('/admin/kommuner/ny', '/admin/kommuner', { ...newKommunFields, slug: 'vallentuna' });
    expect(taken.statusCode).toBe(422);
    expect(taken.body).toContain('Adressen används redan.');
    expect(taken.body).toContain('value="Nya kommunen"');
    const reserved = await client.submitForm('/admin/kommuner/ny', '/admin/kommuner', { ...newKommunFields, slug: 'admin' });
    expect(reserved.statusCode).toBe(422);
    const noPoliceArea = await client.submitForm('/admin/kommuner/ny', '/admin/kommuner', { ...newKommunFields, newPoliceAreaName: '' });
    expect(noPoliceArea.statusCode).toBe(422);
    expect(noPoliceArea.body).toContain('Välj ett lokalpolisområde eller skriv namnet på ett nytt.');
    expect(await countOrganisations()).toBe(before);
  });

  it('lets a platform administrator add a kommun with a new police area, which opens at once', async () => {
    const client = new TestClient(t.app);
    await client.signIn('admin@vallentuna.example');
    // Visiting the address first must not leave a cached "no such kommun" behind.
    expect((await t.app.inject('/nykommun/')).statusCode).toBe(404);
    const created = await client.submitForm('/admin/kommuner/ny', '/admin/kommuner', newKommunFields);
    expect(created.statusCode).toBe(303);
    expect(created.headers.location).toBe('/nykommun/');

    const home = await t.app.inject('/nykommun/');
    expect(home.statusCode).toBe(200);
    expect(home.body).toContain('Nya kommunen');
    expect(home.body).toContain('kontakt@nykommun.example');

    const index = await t.app.inject('/');
    expect(index.statusCode).toBe(200);
    expect(index.body).toContain('href="/nykommun/"');
    expect(index.body).toContain('href="/vallentuna/"');

    const area = await t.ctx.db.selectFrom('organisations').select(['id']).where('name', '=', 'Lokalpolisområde Nyby').where('kind', '=', 'lokalpolisomrade').executeTakeFirstOrThrow();
    const kommun = await t.ctx.db.selectFrom('organisations').select(['id']).where('slug', '=', 'nykommun').executeTakeFirstOrThrow();
    const link = await t.ctx.db.selectFrom('police_area_kommuner').selectAll().where('kommun_id', '=', kommun.id).execute();
    expect(link).toEqual([{ police_area_id: area.id, kommun_id: kommun.id }]);
    const audit = await t.ctx.db.selectFrom('audit_log').select('action').where('organisation_id', 'in', [kommun.id, area.id]).execute();
    expect(audit.map((a) => a.action).sort()).toEqual(['tenants.first_administrator_added', 'tenants.kommun_created', 'tenants.police_area_created', 'tenants.police_area_linked']);
    // The person who added the kommun administers it, so its staff can be invited.
    expect((await client.get('/nykommun/admin/installningar')).statusCode).toBe(200);
    expect((await client.get('/nykommun/admin/organisationer')).body).toContain('Lokalpolisområde Nyby');

    expect((await client.get('/vallentuna/admin')).body).toContain('href="/vallentuna/admin/plattform"');
    const list = await client.get('/admin/kommuner');
    expect(list.statusCode).toBe(200);
    expect(list.body).toContain('Lokalpolisområde Nyby');
  });

  it('creates a kommun through the JSON API with the same rules, answering field errors as JSON', async () => {
    const client = new TestClient(t.app);
    await client.signIn('admin@vallentuna.example');
    const token = csrfTokenFrom((await client.get('/admin/kommuner/ny')).body);
    const taby = await t.ctx.db.selectFrom('organisations').select(['id']).where('name', '=', 'Lokalpolisområde Täby').executeTakeFirstOrThrow();
    const post = (payload: object) =>
      t.app.inject({ method: 'POST', url: '/api/v1/admin/kommuner', headers: { cookie: client.jar.header(), 'x-csrf-token': token, 'content-type': 'application/json' }, payload: JSON.stringify(payload) });
    const created = await post({ name: 'Täby kommun', slug: 'taby', primaryColour: '#003366', languages: ['sv', 'en'], policeAreaId: taby.id });
    expect(created.statusCode).toBe(201);
    expect(created.json()).toMatchObject({ data: { slug: 'taby', url: '/taby/' } });
    expect((await t.app.inject('/taby/')).statusCode).toBe(200);
    const refused = await post({ name: '', slug: 'taby', primaryColour: 'blue', languages: [], policeAreaId: taby.id });
    expect(refused.statusCode).toBe(422);
    expect(Object.keys(refused.json().error.fields).sort()).toEqual(['languages', 'name', 'primaryColour']);
    const anonymous = await t.app.inject({ method: 'POST', url: '/api/v1/admin/kommuner', payload: { name: 'X', slug: 'x' } });
    expect(anonymous.statusCode).toBe(401);
  });

  it('links an existing police area to a second kommun', async () => {
    const client = new TestClient(t.app);
    await client.signIn('admin@vallentuna.example');
    const kommun = await t.ctx.db.selectFrom('organisations').select(['id']).where('slug', '=', 'nykommun').executeTakeFirstOrThrow();
    const taby = await t.ctx.db.selectFrom('organisations').select(['id']).where('name', '=', 'Lokalpolisområde Täby').executeTakeFirstOrThrow();
    const response = await client.submitForm('/admin/kommuner/polisomraden', '/admin/kommuner/polisomraden', { kommunId: kommun.id, policeAreaId: taby.id, newPoliceAreaName: '' });
    expect(response.statusCode).toBe(303);
    const links = await t.ctx.db.selectFrom('police_area_kommuner').select('police_area_id').where('kommun_id', '=', kommun.id).execute();
    expect(links.map((l) => l.police_area_id)).toContain(taby.id);
    const bad = await client.submitForm('/admin/kommuner/polisomraden', '/admin/kommuner/polisomraden', { kommunId: 'nonsense', policeAreaId: taby.id, newPoliceAreaName: '' });
    expect(bad.statusCode).toBe(422);
  });

  it('shows a settings change at once in the theme stylesheet and the header', async () => {
    // Load the pages first so the kernel's kommun cache holds the old row.
    expect((await t.app.inject('/vallentuna/tema.css')).body).toContain(darkenForContrast('#005a8c'));
    const client = new TestClient(t.app);
    await client.signIn('admin@vallentuna.example');
    const saved = await client.submitForm('/vallentuna/admin/installningar', '/vallentuna/admin/installningar', { ...settingsFields, name: 'Vallentuna kommun (test)', primaryColour: '#ffcc00' });
    expect(saved.statusCode).toBe(303);
    const css = await t.app.inject('/vallentuna/tema.css');
    expect(css.body).toContain(`--ds-color-accent-base-default: ${darkenForContrast('#ffcc00')}`);
    const home = await t.app.inject('/vallentuna/');
    expect(home.body).toContain('Vallentuna kommun (test)');
    const page = await client.get('/vallentuna/admin/installningar');
    expect(page.body).toContain(darkenForContrast('#ffcc00'));
    expect(page.body).toContain('Kartan går inte att använda med skärmläsare.');
    const row = await t.ctx.db.selectFrom('organisations').select('settings').where('slug', '=', 'vallentuna').executeTakeFirstOrThrow();
    expect(JSON.parse(row.settings)).toMatchObject({ primaryColour: '#ffcc00', languages: ['sv'], requireTotpForRoles: ['volunteer'] });
    const audit = await t.ctx.db.selectFrom('audit_log').select(['before_json', 'after_json']).where('action', '=', 'tenants.settings_changed').executeTakeFirstOrThrow();
    expect(audit.before_json).toContain('#005a8c');
    expect(audit.after_json).toContain('#ffcc00');
    // English was switched off: the language switch is gone.
    expect(home.body).not.toContain('In English');
    await client.submitForm('/vallentuna/admin/installningar', '/vallentuna/admin/installningar', { ...settingsFields, languages: 'sv' });
  });

  it('changes settings through the JSON API with the form’s rules', async () => {
    const client = new TestClient(t.app);
    await client.signIn('admin@vallentuna.example');
    const token = csrfTokenFrom((await client.get('/vallentuna/admin/installningar')).body);
    const put = (payload: object) =>
      t.app.inject({ method: 'PUT', url: '/api/v1/vallentuna/settings', headers: { cookie: client.jar.header(), 'x-csrf-token': token, 'content-type': 'application/json' }, payload: JSON.stringify(payload) });
    const ok = await put({ ...settingsFields, languages: ['sv', 'en'], requireTotpForRoles: [] });
    expect(ok.statusCode).toBe(200);
    expect(ok.json()).toMatchObject({ data: { name: 'Vallentuna kommun', settings: { languages: ['sv', 'en'], accessibilityStatement: { lastReviewed: '2026-11-20' } } } });
    const bad = await put({ ...settingsFields, primaryColour: '005a8c', languages: ['en'] });
    expect(bad.statusCode).toBe(422);
    expect(Object.keys(bad.json().error.fields).sort()).toEqual(['languages', 'primaryColour']);
    const coordinator = new TestClient(t.app);
    await coordinator.signIn('samordnare@vallentuna.example');
    const coordinatorToken = csrfTokenFrom((await coordinator.get('/vallentuna/admin')).body);
    const refused = await t.app.inject({ method: 'PUT', url: '/api/v1/vallentuna/settings', headers: { cookie: coordinator.jar.header(), 'x-csrf-token': coordinatorToken, 'content-type': 'application/json' }, payload: JSON.stringify(settingsFields) });
    expect(refused.statusCode).toBe(404);
  });

  it('refuses bad settings with 422 and the values kept, changing nothing', async () => {
    const client = new TestClient(t.app);
    await client.signIn('admin@vallentuna.example');
    const before = await t.ctx.db.selectFrom('organisations').select(['name', 'settings']).where('slug', '=', 'vallentuna').executeTakeFirstOrThrow();
    const response = await client.submitForm('/vallentuna/admin/installningar', '/vallentuna/admin/installningar', {
      ...settingsFields,
      name: '',
      primaryColour: 'röd',
      languages: 'en',
      a11yLastReviewed: 'igår',
    });
    expect(response.statusCode).toBe(422);
    expect(response.body).toContain('value="röd"');
    expect(response.body).toContain('Svenska måste finnas med.');
    expect(response.body).toContain('Skriv datumet som ÅÅÅÅ-MM-DD.');
    expect(response.body).toContain('href="#field-name"');
    const after = await t.ctx.db.selectFrom('organisations').select(['name', 'settings']).where('slug', '=', 'vallentuna').executeTakeFirstOrThrow();
    expect(after).toEqual(before);
  });

  it('stores an uploaded logo, re-encoded, and shows it in the header', async () => {
    const client = new TestClient(t.app);
    await client.signIn('admin@vallentuna.example');
    const page = await client.get('/vallentuna/admin/installningar');
    const token = csrfTokenFrom(page.body);
    const png = await sharp({ create: { width: 40, height: 40, channels: 4, background: { r: 0, g: 90, b: 140, alpha: 1 } } }).png().toBuffer();
    const boundary = '----samtryggtest';
    const parts: Buffer[] = [];
    for (const [name, value] of Object.entries({ _csrf: token, ...settingsFields, logoAlt: 'Vallentunas kommunvapen' })) {
      parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`));
    }
    parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="logo"; filename="vapen.png"\r\nContent-Type: image/png\r\n\r\n`), png, Buffer.from(`\r\n--${boundary}--\r\n`));
    const response = await t.app.inject({
      method: 'POST',
      url: '/vallentuna/admin/installningar',
      headers: { cookie: client.jar.header(), 'content-type': `multipart/form-data; boundary=${boundary}` },
      payload: Buffer.concat(parts),
    });
    expect(response.statusCode).toBe(303);
    const row = await t.ctx.db.selectFrom('organisations').select('settings').where('slug', '=', 'vallentuna').executeTakeFirstOrThrow();
    const settings = JSON.parse(row.settings) as { logoFileId: string; logoAlt: string };
    expect(settings.logoAlt).toBe('Vallentunas kommunvapen');
    const home = await t.app.inject('/vallentuna/');
    expect(home.body).toContain(`src="/vallentuna/filer/${settings.logoFileId}"`);
    const logo = await t.app.inject(`/vallentuna/filer/${settings.logoFileId}`);
    expect(logo.headers['content-type']).toBe('image/png');
    expect(logo.headers['cache-control']).toBe('public, max-age=300');
  });

  it('lists the kommun’s organisations and adds a partner organisation', async () => {
    const client = new TestClient(t.app);
    await client.signIn('admin@vallentuna.example');
    const list = await client.get('/vallentuna/admin/organisationer');
    expect(list.statusCode).toBe(200);
    expect(list.body).toContain('Lokalpolisområde Täby');
    expect(list.body).toContain('Hagaskolan');
    const added = await client.submitForm('/vallentuna/admin/organisationer', '/vallentuna/admin/organisationer', { name: 'Fritidsgården Ungdomens hus', partnerType: 'other' });
    expect(added.statusCode).toBe(303);
    expect((await client.get('/vallentuna/admin/organisationer')).body).toContain('Fritidsgården Ungdomens hus');
    const bad = await client.submitForm('/vallentuna/admin/organisationer', '/vallentuna/admin/organisationer', { name: 'Utan typ', partnerType: 'sekt' });
    expect(bad.statusCode).toBe(422);
    expect(bad.body).toContain('value="Utan typ"');
    expect(await t.ctx.db.selectFrom('organisations').select('id').where('name', '=', 'Utan typ').executeTakeFirst()).toBeUndefined();
  });
  it('gives a platform administrator no way around the kommun’s TOTP rule for administrators', async () => {
    const client = new TestClient(t.app);
    await client.signIn('admin@vallentuna.example');
    const token = csrfTokenFrom((await client.get('/vallentuna/admin/installningar')).body);
    const row = await t.ctx.db.selectFrom('organisations').select('settings').where('slug', '=', 'vallentuna').executeTakeFirstOrThrow();
    const settings = JSON.parse(row.settings) as Record<string, unknown>;
    await t.ctx.db.updateTable('organisations').set({ settings: JSON.stringify({ ...settings, requireTotpForRoles: ['administrator'] }) }).where('slug', '=', 'vallentuna').execute();
    forgetCachedKommuner();
    try {
      const refused = await client.post('/vallentuna/admin/installningar', { ...settingsFields, name: 'Utan andra faktor', _csrf: token });
      expect(refused.statusCode).toBe(404);
      const after = await t.ctx.db.selectFrom('organisations').select('name').where('slug', '=', 'vallentuna').executeTakeFirstOrThrow();
      expect(after.name).not.toBe('Utan andra faktor');
    } finally {
      await t.ctx.db.updateTable('organisations').set({ settings: row.settings }).where('slug', '=', 'vallentuna').execute();
      forgetCachedKommuner();
    }
  });
});
