// Handling reports through the services on both databases: each action with its history entry
// and audit row, the reporter's mails through the real subscription (confirmed with the link
// from the confirmation mail), stale forms refused, partners kept to their own reports, and the
// two jobs: "is it fixed?" asked once, contact details deleted after the retention time.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { kommunActor } from '../../../test/actors.js';
import { createTestApp, type TestApp } from '../../../test/app.js';
import { dialects } from '../../../test/databases.js';
import type { Actor } from '../../platform/auth/index.js';
import { demoId, seedDemo } from '../../platform/demo.js';
import { ConflictError, ForbiddenError, NotFoundError } from '../../platform/http/errors.js';
import { textWithSecret } from '../../platform/mail/mail.js';
import { confirmSubscription } from '../../platform/subscriptions/subscription.service.js';
import { findKommunById, type Kommun } from '../../platform/tenants/index.js';
import {
  addInternalNote,
  assignReport,
  bulkHandleReports,
  changeReportStatus,
  linkReportToActivity,
  markDuplicate,
  readReportForStaff,
  reportNotFixed,
  respondToReport,
} from './report.handling.service.js';
import { askWhetherFixed, deleteExpiredContacts } from './report.jobs.js';
import { moderateReport } from './report.moderation.service.js';
import { listPublicEvents } from './report.repository.js';
import { reportTopic, submitReport } from './report.service.js';

const day = 86_400_000;

describe.each(dialects)('handling reports on %s', (dialect) => {
  let t: TestApp;
  let kommun: Kommun;
  let coordinator: Actor;
  let partner: Actor;
  let places: Record<string, string>;
  let n = 0;
  const school = demoId('org:school');
  const policeArea = demoId('org:lpo-taby');

  beforeAll(async () => {
    t = await createTestApp(dialect, { demo: false });
    const seed = await seedDemo(t.ctx);
    kommun = (await findKommunById(t.ctx.db, seed.kommunId))!;
    coordinator = kommunActor(seed, 'coordinator', 'coordinator');
    partner = { ...kommunActor(seed, 'partner', 'partner_reporter'), roles: [{ role: 'partner_reporter', organisationId: school, organisationKind: 'partner', organisationName: 'Skolan' }] };
    places = seed.places;
  });
  afterAll(async () => t?.close());
  beforeEach(async () => {
    await t.ctx.db.deleteFrom('rate_limits').execute();
  });

  const db = () => t.ctx.db;
  const row = (id: string) => db().selectFrom('reports').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
  const events = (id: string) => db().selectFrom('report_events').selectAll().where('report_id', '=', id).orderBy('created_at').orderBy('id').execute();
  const audit = (id: string) => db().selectFrom('audit_log').select(['action', 'actor_user_id']).where('entity_id', '=', id).orderBy('at').execute();

  /** A resident's report with an address, confirmed through the link of the confirmation mail. */
  async function reportWithFollower(locale: 'sv' | 'en' = 'sv', email?: string) {
    n += 1;
    const address = email ?? `invanare${n}@example.org`;
    const outcome = await submitReport(
      t.ctx,
      kommun,
      { category: 'klotter', placeId: places.station, when: ['night'], description: `Klotter på väntkuren nummer ${n}, Anna Andersson gjorde det.`, email: address },
      { source: 'web', locale, clientKey: `10.0.0.${n}`, answers: {} },
    );
    const mails = await db().selectFrom('mail_outbox').selectAll().orderBy('created_at', 'desc').orderBy('id', 'desc').execute();
    const confirmation = mails.map((m) => textWithSecret(t.ctx, m)).find((text) => text.includes('prenumeration/bekrafta'));
    const token = /bekrafta\?t=([A-Za-z0-9_-]+)/.exec(confirmation ?? '')?.[1];
    expect(token).toBeTruthy();
    expect((await confirmSubscription(t.ctx, kommun.id, token!)).status).toBe('confirmed');
    return (await row(outcome.id))!;
  }


  it('publishes with a redacted text, keeping the original for staff, with a history entry and an audit row', async () => {
    const report = await reportWithFollower();
    await moderateReport(t.ctx, coordinator, kommun, report.id, { decision: 'publish', publicDescription: 'Klotter på väntkuren.' }, new Date(), report.version);
    const after = await row(report.id);
    expect(after).toMatchObject({ moderation: 'published', public_description: 'Klotter på väntkuren.', version: report.version + 1 });
    expect(after.description).toContain('Anna Andersson');
    expect((await events(report.id)).map((e) => [e.kind, Boolean(e.is_public)])).toEqual([['submitted', true], ['published', true]]);
    expect((await audit(report.id)).map((a) => a.action)).toContain('reports.report_published');
  });

  it('refuses a decision taken on a report that changed since the form was shown, and changes nothing', async () => {
    const report = await reportWithFollower();
    await moderateReport(t.ctx, coordinator, kommun, report.id, { decision: 'publish', publicDescription: null }, new Date(), report.version);
    const before = await row(report.id);
    await expect(changeReportStatus(t.ctx, coordinator, kommun, report.id, { status: 'fixed', response: '' }, report.version)).rejects.toBeInstanceOf(ConflictError);
    await expect(moderateReport(t.ctx, coordinator, kommun, report.id, { decision: 'reject' }, new Date(), report.version)).rejects.toBeInstanceOf(ConflictError);
    expect(await row(report.id)).toEqual(before);
  });

  it('mails each public state change and response to the confirmed reporter, in their language, with the public link', async () => {
    const report = await reportWithFollower('en');
    await moderateReport(t.ctx, coordinator, kommun, report.id, { decision: 'publish', publicDescription: null }, new Date(), report.version);
    const mailsBefore = await db().selectFrom('mail_outbox').select('id').execute();
    await changeReportStatus(t.ctx, coordinator, kommun, report.id, { status: 'investigating', response: 'We are looking at it.' }, report.version + 1);
    await respondToReport(t.ctx, coordinator, kommun, report.id, { response: 'The graffiti is removed on Monday.' }, report.version + 2);
    const after = await row(report.id);
    expect(after.status).toBe('investigating');
    const newMails = (await db().selectFrom('mail_outbox').selectAll().execute()).filter((m) => !mailsBefore.some((b) => b.id === m.id));
    expect(newMails).toHaveLength(2);
    const texts = newMails.map((m) => textWithSecret(t.ctx, m));
    expect(newMails.every((m) => m.subject.startsWith('News about your report'))).toBe(true);
    expect(texts[0]).toContain('New status: Under investigation.');
    expect(texts[0]).toContain(`/vallentuna/rapporter/${report.reference}`);
    expect(texts.some((text) => text.includes('The graffiti is removed on Monday.'))).toBe(true);
    // The address is sealed, never in the outbox row staff may read.
    expect(newMails.every((m) => m.to_address === '')).toBe(true);
    const kinds = (await events(report.id)).map((e) => [e.kind, Boolean(e.is_public), e.body]);
    expect(kinds).toContainEqual(['status', true, 'We are looking at it.']);
    expect(kinds).toContainEqual(['response', true, 'The graffiti is removed on Monday.']);
    expect((await audit(report.id)).map((a) => a.action)).toEqual(expect.arrayContaining(['reports.report_status_changed', 'reports.report_responded']));
  });

  it('keeps internal notes off the public history and mails nobody about them', async () => {
    const report = await reportWithFollower();
    await moderateReport(t.ctx, coordinator, kommun, report.id, { decision: 'publish', publicDescription: null }, new Date(), report.version);
    const mails = (await db().selectFrom('mail_outbox').select('id').execute()).length;
    await addInternalNote(t.ctx, coordinator, kommun, report.id, { body: 'Ring fastighetsägaren.' });
    expect((await listPublicEvents(db(), report.id)).map((e) => e.body)).not.toContain('Ring fastighetsägaren.');
    expect((await events(report.id)).find((e) => e.kind === 'note')).toMatchObject({ is_public: dialect === 'sqlite' ? 0 : false, body: 'Ring fastighetsägaren.' });
    expect((await db().selectFrom('mail_outbox').select('id').execute()).length).toBe(mails);
    expect((await readReportForStaff(t.ctx, coordinator, kommun, report.id)).events.map((e) => e.kind)).toContain('note');
  });

  it('assigns to the police area serving the kommun and mails its staff; refuses an organisation of another kommun', async () => {
    const report = await reportWithFollower();
    await assignReport(t.ctx, coordinator, kommun, report.id, { organisationId: policeArea }, report.version);
    expect((await row(report.id)).assigned_organisation_id).toBe(policeArea);
    const toPolice = await db().selectFrom('mail_outbox').selectAll().where('to_address', '=', 'kommunpolis@taby-polis.example').execute();
    expect(toPolice.some((m) => textWithSecret(t.ctx, m).includes(`/vallentuna/admin/rapporter/${report.id}`))).toBe(true);
    expect((await audit(report.id)).map((a) => a.action)).toContain('reports.report_assigned');
    await expect(assignReport(t.ctx, coordinator, kommun, report.id, { organisationId: demoId('org:does-not-exist') }, report.version + 1)).rejects.toMatchObject({ fields: { organisationId: 'validation.chooseOne' } });
  });

  it('lets a partner handle the reports assigned to their organisation and no other', async () => {
    const mine = await reportWithFollower();
    const other = await reportWithFollower();
    await assignReport(t.ctx, coordinator, kommun, mine.id, { organisationId: school }, mine.version);
    await changeReportStatus(t.ctx, partner, kommun, mine.id, { status: 'in_progress', response: '' }, mine.version + 1);
    expect((await row(mine.id)).status).toBe('in_progress');
    await expect(changeReportStatus(t.ctx, partner, kommun, other.id, { status: 'in_progress', response: '' }, other.version)).rejects.toBeInstanceOf(NotFoundError);
    await expect(moderateReport(t.ctx, partner, kommun, mine.id, { decision: 'publish', publicDescription: null })).rejects.toBeInstanceOf(ForbiddenError);
    await expect(assignReport(t.ctx, partner, kommun, mine.id, { organisationId: policeArea }, mine.version + 2)).rejects.toBeInstanceOf(ForbiddenError);
    expect((await row(other.id)).status).toBe('new');
  });

  it('links a report to a plan activity, which its public page names', async () => {
    const report = await reportWithFollower();
    await moderateReport(t.ctx, coordinator, kommun, report.id, { decision: 'publish', publicDescription: null }, new Date(), report.version);
    const activityId = demoId('coop:activity:2025-2026:lighting-now');
    await linkReportToActivity(t.ctx, coordinator, kommun, report.id, { activityId }, report.version + 1);
    expect((await row(report.id)).activity_id).toBe(activityId);
    const page = await t.app.inject(`/vallentuna/rapporter/${report.reference}`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Detta är en del av aktiviteten');
    expect(page.body).toContain('/vallentuna/atgardsplaner/2025-2026/');
  });

  it('marks a duplicate, closes it and moves its "me too" to the other report', async () => {
    const original = await reportWithFollower();
    const twin = await reportWithFollower();
    await markDuplicate(t.ctx, coordinator, kommun, twin.id, { reference: `${original.reference.slice(0, 4)}-${original.reference.slice(4)}` }, twin.version);
    expect(await row(twin.id)).toMatchObject({ status: 'duplicate', duplicate_of_id: original.id });
    expect((await row(twin.id)).closed_at).not.toBeNull();
    expect((await row(original.id)).supporters).toBe(original.supporters + 1);
    expect((await audit(twin.id)).map((a) => a.action)).toContain('reports.report_marked_duplicate');
  });

  it('changes many reports at once with one history entry and one audit row per report', async () => {
    const reports = [await reportWithFollower(), await reportWithFollower(), await reportWithFollower()];
    const changed = await bulkHandleReports(t.ctx, coordinator, kommun, reports.map((r) => r.id), { action: 'status', status: 'confirmed' });
    expect(changed).toBe(3);
    for (const report of reports) {
      expect((await row(report.id)).status).toBe('confirmed');
      expect((await audit(report.id)).filter((a) => a.action === 'reports.report_status_changed')).toHaveLength(1);
      expect((await events(report.id)).filter((e) => e.kind === 'status')).toHaveLength(1);
    }
    await bulkHandleReports(t.ctx, coordinator, kommun, reports.map((r) => r.id), { action: 'publish' });
    for (const report of reports) expect(await row(report.id)).toMatchObject({ moderation: 'published', public_description: null });
    // One report out of reach and nothing changes.
    await expect(bulkHandleReports(t.ctx, partner, kommun, reports.map((r) => r.id), { action: 'status', status: 'fixed' })).rejects.toBeInstanceOf(NotFoundError);
    for (const report of reports) expect((await row(report.id)).status).toBe('confirmed');
  });

  it('asks "is it fixed?" once after the configured days, and reopens when told it is not', async () => {
    const report = await reportWithFollower();
    await moderateReport(t.ctx, coordinator, kommun, report.id, { decision: 'publish', publicDescription: null }, new Date(), report.version);
    await changeReportStatus(t.ctx, coordinator, kommun, report.id, { status: 'fixed', response: '' }, report.version + 1);
    const countMails = async () => (await db().selectFrom('mail_outbox').select('subject').execute()).filter((m) => m.subject.startsWith('Är det åtgärdat?')).length;
    const before = await countMails();
    expect(await askWhetherFixed(t.ctx, kommun, new Date(Date.now() + 5 * day))).toBe(0);
    expect(await askWhetherFixed(t.ctx, kommun, new Date(Date.now() + 29 * day))).toBeGreaterThanOrEqual(1);
    expect(await countMails()).toBeGreaterThan(before);
    const asked = await countMails();
    await askWhetherFixed(t.ctx, kommun, new Date(Date.now() + 30 * day));
    expect(await countMails()).toBe(asked);
    expect((await row(report.id)).fixed_question_at).not.toBeNull();

    const mailsBefore = (await db().selectFrom('mail_outbox').select('id').execute()).length;
    await reportNotFixed(t.ctx, kommun, report.reference, '10.9.9.9');
    expect(await row(report.id)).toMatchObject({ status: 'confirmed', closed_at: null });
    expect((await db().selectFrom('mail_outbox').select('id').execute()).length).toBe(mailsBefore + 1);
    expect((await audit(report.id)).map((a) => a.action)).toContain('reports.report_reopened');
  });

  it('deletes contact details the configured days after closing, with an audit row, and nothing earlier', async () => {
    const report = await reportWithFollower();
    await changeReportStatus(t.ctx, coordinator, kommun, report.id, { status: 'closed_no_action', response: '' }, report.version);
    const subscriptions = () => db().selectFrom('email_subscriptions').select('id').where('topic', '=', reportTopic(report.id)).execute();
    expect(await subscriptions()).toHaveLength(1);
    await deleteExpiredContacts(t.ctx, kommun, new Date(Date.now() + 30 * day));
    expect((await row(report.id)).has_contact).toBeTruthy();
    await deleteExpiredContacts(t.ctx, kommun, new Date(Date.now() + 91 * day));
    const after = await row(report.id);
    expect(after).toMatchObject({ client_hash: null });
    expect(after.has_contact).toBeFalsy();
    expect(after.contact_deleted_at).not.toBeNull();
    expect(await subscriptions()).toHaveLength(0);
    expect((await audit(report.id)).map((a) => a.action)).toContain('reports.contact_deleted');
  });

  it('starts the retention time of a rejected report’s contact details at the rejection', async () => {
    const report = await reportWithFollower();
    await moderateReport(t.ctx, coordinator, kommun, report.id, { decision: 'reject' }, new Date(), report.version);
    expect((await row(report.id)).closed_at).not.toBeNull();
    await deleteExpiredContacts(t.ctx, kommun, new Date(Date.now() + 91 * day));
    expect((await row(report.id)).has_contact).toBeFalsy();
    expect(await db().selectFrom('email_subscriptions').select('id').where('topic', '=', reportTopic(report.id)).execute()).toHaveLength(0);
  });
});
