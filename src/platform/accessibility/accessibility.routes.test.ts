import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, csrfTokenFrom, TestClient, type TestApp } from '../../../test/app.js';
import { dialects } from '../../../test/databases.js';
import { demoId } from '../demo.js';
import { insertMembership, insertUser } from '../auth/user.repository.js';
import { newId } from '../db/ids.js';
import { forgetCachedKommuner } from '../http/kernel.plugin.js';
import { insertOrganisation } from '../tenants/tenant.repository.js';
import { insertReport } from './accessibility.repository.js';
import { accessibilityLimits, reportRateLimit } from './accessibility.schemas.js';

describe.each(dialects)('accessibility statement and reports on %s', (dialect) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(dialect);
    // A second kommun administrator, and a police-area administrator who is not the kommun's.
    const now = new Date().toISOString();
    const second = newId();
    await insertUser(t.ctx.db, { id: second, email: 'admin2@vallentuna.example', name: 'Andra administratören', passwordHash: null, status: 'active', isPlatformAdmin: false, isDemo: false, now });
    await insertMembership(t.ctx.db, { id: newId(), userId: second, organisationId: demoId('org:vallentuna'), role: 'administrator', now });
    const police = newId();
    await insertUser(t.ctx.db, { id: police, email: 'polisadmin@taby-polis.example', name: 'Polisens administratör', passwordHash: null, status: 'active', isPlatformAdmin: false, isDemo: false, now });
    await insertMembership(t.ctx.db, { id: newId(), userId: police, organisationId: demoId('org:lpo-taby'), role: 'administrator', now });
  });
  afterAll(async () => t.close());

  const reportCount = async () => Number((await t.ctx.db.selectFrom('accessibility_reports').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
  const mailCount = async () => Number((await t.ctx.db.selectFrom('mail_outbox').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);

  it('shows the statement with known shortcomings, Digg, the review date and the emergency notice', async () => {
    await t.ctx.db
      .updateTable('organisations')
      .set({ settings: JSON.stringify({ primaryColour: '#005a8c', languages: ['sv', 'en'], contact: { email: 'trygghet@vallentuna.example', phone: '08-587 850 00', address: '', website: '' }, accessibilityStatement: { lastReviewed: '2026-11-01', knownIssuesSv: '- Kartan saknar textalternativ.', knownIssuesEn: '' } }) })
      .where('slug', '=', 'vallentuna')
      .execute();
    // The kernel caches kommun rows for a few seconds; this change bypassed the service.
    forgetCachedKommuner();
    const response = await t.app.inject('/vallentuna/tillganglighet');
    expect(response.statusCode).toBe(200);
    expect(response.body).toContain('Kartan saknar textalternativ.');
    expect(response.body).toContain('delvis');
    expect(response.body).toContain('https://www.digg.se/tdosanmalan');
    expect(response.body).toContain('1 november 2026');
    expect(response.body).toContain('114 14');
    expect(response.body).toContain('enbart för att följa upp just det här problemet');
  });

  it('stores a report and mails it to each administrator of the kommun, and no one else', async () => {
    const client = new TestClient(t.app);
    const before = await mailCount();
    const response = await client.submitForm('/vallentuna/tillganglighet', '/vallentuna/tillganglighet', {
      pageUrl: '/vallentuna/platser',
      description: 'Kartan går inte att flytta med tangentbordet.',
      replyEmail: 'invanare@example.com',
    });
    expect(response.statusCode).toBe(303);
    expect(response.headers.location).toBe('/vallentuna/tillganglighet');
    const reports = await t.ctx.db.selectFrom('accessibility_reports').selectAll().where('page_url', '=', '/vallentuna/platser').where('description', 'like', 'Kartan%').execute();
    expect(reports).toHaveLength(1);
    expect(reports[0]).toMatchObject({ page_url: '/vallentuna/platser', reply_email: 'invanare@example.com', status: 'open' });
    const mails = await t.ctx.db.selectFrom('mail_outbox').select(['to_address', 'organisation_id', 'body_text']).orderBy('to_address').execute();
    expect(await mailCount()).toBe(before + 2);
    expect(mails.map((m) => m.to_address)).toEqual(['admin2@vallentuna.example', 'admin@vallentuna.example']);
    expect(mails[0]?.organisation_id).toBe(demoId('org:vallentuna'));
    expect(mails[0]?.body_text).toContain('Kartan går inte att flytta med tangentbordet.');
    const thanks = await client.get('/vallentuna/tillganglighet');
    expect(thanks.body).toContain('Tack! Vi har tagit emot');
  });

  it('mails a kommun without administrators at its contact address instead', async () => {
    const now = new Date().toISOString();
    const id = newId();
    await insertOrganisation(t.ctx.db, { id, kind: 'kommun', slug: 'tomkommun', name: 'Tomma kommunen', kommunId: null, partnerType: null, settings: { contact: { email: 'info@tomkommun.example' } }, now });
    const client = new TestClient(t.app);
    const response = await client.submitForm('/tomkommun/tillganglighet', '/tomkommun/tillganglighet', { pageUrl: '/tomkommun/', description: 'Fokus syns inte.', replyEmail: '' });
    expect(response.statusCode).toBe(303);
    const mails = await t.ctx.db.selectFrom('mail_outbox').select('to_address').where('organisation_id', '=', id).execute();
    expect(mails).toEqual([{ to_address: 'info@tomkommun.example' }]);
  });

  it('refuses an invalid report with 422, keeping the text and storing nothing', async () => {
    const client = new TestClient(t.app);
    const [reportsBefore, mailsBefore] = [await reportCount(), await mailCount()];
    const response = await client.submitForm('/vallentuna/tillganglighet', '/vallentuna/tillganglighet', { pageUrl: '', description: 'Knappen syns inte', replyEmail: 'inte-en-adress' });
    expect(response.statusCode).toBe(422);
    expect(response.body).toContain('error-summary');
    expect(response.body).toContain('Knappen syns inte');
    expect(response.body).toContain('value="inte-en-adress"');
    expect(response.body).toContain('Skriv en e-postadress');
    expect(await reportCount()).toBe(reportsBefore);
    expect(await mailCount()).toBe(mailsBefore);
  });

  it('refuses a report without a CSRF token', async () => {
    const response = await t.app.inject({ method: 'POST', url: '/vallentuna/tillganglighet', headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: 'pageUrl=x&description=y' });
    expect(response.statusCode).toBe(403);
  });

  it('lists reports for administrators only, and records who marked one handled', async () => {
    const coordinator = new TestClient(t.app);
    await coordinator.signIn('samordnare@vallentuna.example');
    expect((await coordinator.get('/vallentuna/admin/tillganglighet')).statusCode).toBe(404);
    const report = await t.ctx.db.selectFrom('accessibility_reports').select('id').where('description', '=', 'Kartan går inte att flytta med tangentbordet.').executeTakeFirstOrThrow();
    const token = csrfTokenFrom((await coordinator.get('/vallentuna/admin')).body);
    expect((await coordinator.post(`/vallentuna/admin/tillganglighet/${report.id}/hanterad`, { _csrf: token })).statusCode).toBe(404);

    const admin = new TestClient(t.app);
    await admin.signIn('admin@vallentuna.example');
    const list = await admin.get('/vallentuna/admin/tillganglighet');
    expect(list.statusCode).toBe(200);
    expect(list.body).toContain('Kartan går inte att flytta med tangentbordet.');
    const handled = await admin.submitForm('/vallentuna/admin/tillganglighet', `/vallentuna/admin/tillganglighet/${report.id}/hanterad`, {});
    expect(handled.statusCode).toBe(303);
    const row = await t.ctx.db.selectFrom('accessibility_reports').select(['status', 'handled_by']).where('id', '=', report.id).executeTakeFirstOrThrow();
    expect(row).toEqual({ status: 'handled', handled_by: demoId('user:admin') });
    const audit = await t.ctx.db.selectFrom('audit_log').select(['actor_user_id', 'after_json']).where('action', '=', 'accessibility.report_handled').execute();
    expect(audit).toHaveLength(1);
    expect(audit[0]?.actor_user_id).toBe(demoId('user:admin'));
    expect((await admin.get('/vallentuna/admin/tillganglighet')).body).not.toContain('Kartan går inte att flytta med tangentbordet.');
    expect((await admin.get('/vallentuna/admin/tillganglighet?status=handled')).body).toContain('Hanterad');
  });

  it('accepts the same report as JSON and answers field errors as JSON', async () => {
    const ok = await t.app.inject({ method: 'POST', url: '/api/v1/vallentuna/accessibility-reports', payload: { pageUrl: '/vallentuna/', description: 'Låg kontrast i sidfoten.' } });
    expect(ok.statusCode).toBe(201);
    const bad = await t.app.inject({ method: 'POST', url: '/api/v1/vallentuna/accessibility-reports', payload: { pageUrl: '/vallentuna/' } });
    expect(bad.statusCode).toBe(422);
    expect(bad.json()).toMatchObject({ error: { code: 'validation_failed', fields: { description: { code: 'validation.required' } } } });
  });

  it('pages through many reports with keyset links, newest first', async () => {
    const kommunId = demoId('org:vallentuna');
    const start = Date.parse('2026-01-01T00:00:00Z');
    for (let i = 0; i < accessibilityLimits.listPageSize + 5; i += 1) {
      await insertReport(t.ctx.db, { id: newId(start + i * 1000), kommun_id: kommunId, page_url: `/sida-${i}`, description: `Rapport nummer ${i}.`, reply_email: null, status: 'open', created_at: new Date(start + i * 1000).toISOString(), handled_at: null, handled_by: null });
    }
    const admin = new TestClient(t.app);
    await admin.signIn('admin@vallentuna.example');
    const first = await admin.get('/vallentuna/admin/tillganglighet');
    expect(first.body.match(/class="report-list__item"/g)).toHaveLength(accessibilityLimits.listPageSize);
    const older = /href="([^"]+efter=[^"]+)"/.exec(first.body)?.[1]?.replace(/&amp;/g, '&');
    expect(older).toBeDefined();
    const second = await admin.get(older!);
    const seen = [...second.body.matchAll(/Rapport nummer (\d+)\./g)].map((m) => Number(m[1]));
    expect(seen.length).toBeGreaterThan(0);
    expect(seen).toEqual([...seen].sort((a, b) => b - a));
    expect(second.body).toContain('rel="prev"');
    const newer = /href="([^"]+fore=[^"]+)"/.exec(second.body)?.[1]?.replace(/&amp;/g, '&');
    const back = await admin.get(newer!);
    expect(back.body.match(/class="report-list__item"/g)).toHaveLength(accessibilityLimits.listPageSize);
    expect(back.body).not.toContain('rel="prev"');
  });

  it('answers 429 with a localised message once an address has sent too many reports', async () => {
    const client = new TestClient(t.app);
    const before = await reportCount();
    let status = 0;
    let body = '';
    for (let i = 0; i <= reportRateLimit.max && status !== 429; i += 1) {
      const response = await client.submitForm('/vallentuna/tillganglighet', '/vallentuna/tillganglighet', { pageUrl: '/vallentuna/', description: `Försök ${i}`, replyEmail: '' });
      status = response.statusCode;
      body = response.body;
    }
    expect(status).toBe(429);
    expect(body).toContain('Du har skickat många meddelanden på kort tid.');
    expect(await reportCount()).toBeLessThanOrEqual(before + reportRateLimit.max);
    const english = await client.get('/sprak?till=en&tillbaka=%2Fvallentuna%2Ftillganglighet');
    expect(english.statusCode).toBe(303);
    const again = await client.submitForm('/vallentuna/tillganglighet', '/vallentuna/tillganglighet', { pageUrl: '/vallentuna/', description: 'En till', replyEmail: '' });
    expect(again.statusCode).toBe(429);
    expect(again.body).toContain('You have sent many messages in a short time.');
  });
});
