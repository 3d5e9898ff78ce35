// Residents follow a löfte or an activity by e-mail, and download the plan and the löfte as PDF:
// through the real routes, a real SMTP server and both databases.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { kommunActor } from '../../../test/actors.js';
import { createTestApp, TestClient, type TestApp } from '../../../test/app.js';
import { dialects } from '../../../test/databases.js';
import { mailText, startSmtpServer, type ReceivedMail, type TestSmtpServer } from '../../../test/smtp.js';
import type { Actor } from '../../platform/auth/index.js';
import { seedDemo } from '../../platform/demo.js';
import { sendDueMail } from '../../platform/mail/index.js';
import { entryInputSchema } from './cooperation.schemas.js';
import { addActivityFollowUp } from './entry.service.js';
import { cooperationModule } from './index.js';

describe.each(dialects)('following the cooperation by e-mail, and its PDFs, on %s', (dialect) => {
  let t: TestApp;
  let smtp: TestSmtpServer;
  let police: Actor;
  let coordinator: Actor;
  let kommunId: string;
  let currentActivities: string[];
  let activities2017: string[];

  beforeAll(async () => {
    smtp = await startSmtpServer();
    t = await createTestApp(dialect, { demo: false, config: { SMTP_URL: smtp.url, MAIL_FROM: 'Samtrygg <no-reply@samtrygg.test>' } });
    const seed = await seedDemo(t.ctx);
    kommunId = seed.kommunId;
    coordinator = kommunActor(seed, 'coordinator', 'coordinator');
    police = { ...kommunActor(seed, 'police', 'police'), roles: [{ role: 'police', organisationId: seed.policeAreaId, organisationKind: 'lokalpolisomrade', organisationName: 'Lokalpolisområde Täby' }] };
    const ids = seed.of(cooperationModule);
    currentActivities = ids.currentActivities;
    activities2017 = ids.activities2017;
  });
  afterAll(async () => {
    await t?.close();
    await smtp?.close();
  });
  beforeEach(async () => {
    await deliverAll();
    await t.ctx.db.deleteFrom('rate_limits').execute();
  });

  async function deliverAll(): Promise<ReceivedMail[]> {
    while ((await sendDueMail(t.ctx)) > 0) {
      // drain the outbox
    }
    return smtp.received.splice(0);
  }

  async function subscribe(client: TestClient, pagePath: string, email: string): Promise<void> {
    const page = await client.get(pagePath);
    expect(page.statusCode).toBe(200);
    // The page links to the form (a page with a form's token could not be cached for everyone).
    expect(page.body).not.toContain('name="_csrf"');
    const formPath = /<a class="ds-link" href="([^"]*\/prenumerera)"/.exec(page.body)?.[1];
    expect(formPath, 'a link to the subscribe form').toBeDefined();
    const sent = await client.submitForm(formPath!, formPath!, { email });
    expect(sent.statusCode).toBe(303);
    const [mail] = await deliverAll();
    const confirm = /\/vallentuna\/prenumeration\/bekrafta\?t=[A-Za-z0-9_-]+/.exec(mailText(mail!.raw))?.[0];
    expect(confirm).toBeDefined();
    expect((await client.submitForm(confirm!, confirm!, {})).statusCode).toBe(200);
  }

  const entry = (title: string, visibility: 'public' | 'internal') => entryInputSchema.parse({ happenedOn: '2026-11-30', title, body: 'Vi var vid **stationen** tre kvällar.', visibility });

  it('mails a subscriber of a löfte the next public follow-up of one of its activities, and not an internal one', async () => {
    const resident = new TestClient(t.app);
    await subscribe(resident, '/vallentuna/medborgarloften/2025-2026', 'boende@example.se');
    // The police activity of the current löfte.
    await addActivityFollowUp(t.ctx, police, kommunId, currentActivities[0]!, entry('Intern planering inför december', 'internal'));
    expect(await deliverAll()).toEqual([]);
    await addActivityFollowUp(t.ctx, police, kommunId, currentActivities[0]!, entry('Patrullerna i november', 'public'));
    const [update, ...more] = await deliverAll();
    expect(more).toEqual([]);
    expect(update?.to.map((a) => a.toLowerCase())).toEqual(['boende@example.se']);
    const text = mailText(update!.raw);
    expect(text).toContain('Patrullerna i november');
    expect(text).toContain('/vallentuna/atgardsplaner/2025-2026/');
    expect(text).toMatch(/\/vallentuna\/prenumeration\/avsluta\?t=/);
  });

  it('mails a subscriber of an activity its follow-ups only, not those of another activity', async () => {
    const resident = new TestClient(t.app);
    const activity = await t.ctx.db.selectFrom('coop_activities').select('slug').where('id', '=', currentActivities[1]!).executeTakeFirstOrThrow();
    await subscribe(resident, `/vallentuna/atgardsplaner/2025-2026/${activity.slug}`, 'granne@example.se');
    await addActivityFollowUp(t.ctx, coordinator, kommunId, currentActivities[3]!, entry('Annan aktivitet', 'public'));
    expect((await deliverAll()).map((m) => m.to.join())).not.toContain('granne@example.se');
    await addActivityFollowUp(t.ctx, coordinator, kommunId, currentActivities[1]!, entry('Två tunnlar till klara', 'public'));
    const mails = await deliverAll();
    expect(mails.map((m) => m.to.map((a) => a.toLowerCase()).join())).toContain('granne@example.se');
  });

  it('offers no subscription to an ended löfte and refuses one posted anyway, keeping nothing', async () => {
    const client = new TestClient(t.app);
    const page = await client.get('/vallentuna/medborgarloften/2017');
    expect(page.body).not.toContain('/prenumerera');
    expect((await client.get('/vallentuna/medborgarloften/2017/prenumerera')).statusCode).toBe(404);
    const posted = await client.submitForm('/vallentuna/medborgarloften/2025-2026/prenumerera', '/vallentuna/medborgarloften/2017/prenumerera', { email: 'sen@example.se' });
    expect(posted.statusCode).toBe(404);
    expect(await deliverAll()).toEqual([]);
  });

  it('answers a mistyped address with 422 and the address kept', async () => {
    const client = new TestClient(t.app);
    const posted = await client.submitForm('/vallentuna/medborgarloften/2025-2026/prenumerera', '/vallentuna/medborgarloften/2025-2026/prenumerera', { email: 'inte-en-adress' });
    expect(posted.statusCode).toBe(422);
    expect(posted.body).toContain('value="inte-en-adress"');
  });

  it('keeps the löfte and activity pages in the anonymous page cache: the subscribe form is a page of its own', async () => {
    const cached = await createTestApp(dialect, { config: { PAGE_CACHE_SECONDS: '60' } });
    try {
      const activity = await cached.ctx.db.selectFrom('coop_activities').select(['id', 'slug']).where('id', '=', currentActivities[0]!).executeTakeFirstOrThrow();
      const pages = ['/vallentuna/medborgarloften/2025-2026', `/vallentuna/atgardsplaner/2025-2026/${activity.slug}`];
      for (const url of pages) expect((await cached.app.inject({ url })).body).toContain('Uniformerad patrull');
      // Changed behind the app's back (no service call, so nothing empties the cache): a cached
      // page still shows the old title.
      await cached.ctx.db.updateTable('coop_activities').set({ title: 'Ändrad i databasen' }).where('id', '=', activity.id).execute();
      for (const url of pages) {
        const again = await cached.app.inject({ url });
        expect(again.body, url).toContain('Uniformerad patrull');
        expect(again.body, url).not.toContain('Ändrad i databasen');
      }
    } finally {
      await cached.close();
    }
  });

  it('serves the plan and the löfte as PDFs, and no PDF of a draft', async () => {
    const client = new TestClient(t.app);
    const plan = await client.get('/vallentuna/atgardsplaner/2017/atgardsplan.pdf');
    expect(plan.statusCode).toBe(200);
    expect(plan.headers['content-type']).toBe('application/pdf');
    expect(plan.rawPayload.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    const promise = await client.get('/vallentuna/medborgarloften/2017/medborgarlofte.pdf');
    expect(promise.statusCode).toBe(200);
    expect(promise.rawPayload.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    const overview = await client.get('/vallentuna/atgardsplaner/2017');
    expect(overview.body).toContain('/vallentuna/atgardsplaner/2017/atgardsplan.pdf');
    await t.ctx.db.insertInto('coop_plans').values({ id: '0190a000-0000-7000-8000-000000000001', kommun_id: kommunId, slug: 'hemlig', title: 'Hemlig', summary_md: '', summary_html: '', period_start: '2027-01-01', period_end: '2027-12-31', status: 'draft', agreement_id: null, decided_by_body: '', decided_on: null, lock_version: 1, created_by: null, updated_by: null, created_at: new Date().toISOString(), updated_at: new Date().toISOString() }).execute();
    expect((await client.get('/vallentuna/atgardsplaner/hemlig/atgardsplan.pdf')).statusCode).toBe(404);
    expect(activities2017).toHaveLength(5);
  });
});
