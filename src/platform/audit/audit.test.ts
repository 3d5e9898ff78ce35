import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { kommunActor } from '../../../test/actors.js';
import { createTestApp, TestClient, type TestApp } from '../../../test/app.js';
import { dialects } from '../../../test/databases.js';
import { addKommun } from '../../../test/factories.js';
import { demoId, demoPlaces } from '../demo.js';
import { newId } from '../db/ids.js';
import { createMessageCatalog, defineMessages } from '../i18n/i18n.js';
import { editPlace, placeInputSchema } from '../places/index.js';
import { auditMessages } from './audit.messages.js';
import { auditSentence } from './audit.presenter.js';
import { writeAudit, type AuditEntry } from './audit.repository.js';

describe('audit sentences', () => {
  // A feature words its own actions, and may word one differently for each kind of record.
  const probeMessages = defineMessages(
    { 'audit.action.probe.published': '{actor} publicerade «{title}»', 'audit.action.probe.published.notice': '{actor} publicerade anslaget «{title}»' },
    { 'audit.action.probe.published': '{actor} published «{title}»', 'audit.action.probe.published.notice': '{actor} published the notice «{title}»' },
  );
  const catalog = createMessageCatalog([auditMessages, probeMessages]);
  const row = (action: string, after: Record<string, unknown>): AuditEntry => ({
    id: newId(),
    at: '2026-11-20T10:00:00.000Z',
    actorUserId: demoId('user:coordinator'),
    actorName: 'Trygghetssamordnaren',
    actorEmail: 'samordnare@vallentuna.example',
    organisationId: demoId('org:vallentuna'),
    action,
    entityType: 'probe',
    entityId: newId(),
    before: null,
    after: JSON.stringify(after),
  });

  it('words an action for the kind of its record when the feature has such a sentence, else for the action', () => {
    const sv = catalog.translator('sv');
    expect(auditSentence(row('probe.published', { kind: 'notice', title: 'Prata trygghet med oss!' }), undefined, sv, 'sv')).toBe('Trygghetssamordnaren publicerade anslaget «Prata trygghet med oss!»');
    expect(auditSentence(row('probe.published', { kind: 'poster', title: 'Prata trygghet med oss!' }), undefined, sv, 'sv')).toBe('Trygghetssamordnaren publicerade «Prata trygghet med oss!»');
    expect(auditSentence(row('probe.published', { kind: 'notice', title: 'Talk safety with us!' }), undefined, catalog.translator('en'), 'en')).toBe('Trygghetssamordnaren published the notice «Talk safety with us!»');
    expect(auditSentence(row('probe.removed', { kind: 'notice', title: 'Prata trygghet med oss!' }), undefined, sv, 'sv')).toBe('Trygghetssamordnaren ändrade probe');
    expect(catalog.missing()).toEqual([]);
  });
});

describe.each(dialects)('audit log browser on %s', (dialect) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(dialect);
    const other = await addKommun(t.ctx.db, { slug: 'annanstad', name: 'Annanstads kommun' });
    const coordinator = demoId('user:coordinator');
    const police = demoId('user:police');
    await writeAudit(t.ctx.db, { actorUserId: coordinator, kommunId: demoId('org:vallentuna'), organisationId: demoId('org:vallentuna'), action: 'probe.changed', entityType: 'probe', entityId: 'vallentuna-1', before: { title: 'Gammal rubrik' }, after: { title: 'Ny rubrik' } }, '2026-11-20T10:00:00.000Z');
    await writeAudit(t.ctx.db, { actorUserId: police, kommunId: demoId('org:vallentuna'), organisationId: demoId('org:lpo-taby'), action: 'probe.created', entityType: 'probe', entityId: 'police-1', after: { title: 'Polisens rad' } }, '2026-11-22T10:00:00.000Z');
    await writeAudit(t.ctx.db, { actorUserId: null, kommunId: other, organisationId: other, action: 'probe.created', entityType: 'probe', entityId: 'annanstad-1', after: { title: 'Annanstads hemlighet' } }, '2026-11-21T10:00:00.000Z');
    // Enough rows to need a second page.
    for (let i = 0; i < 55; i += 1) {
      await writeAudit(t.ctx.db, { actorUserId: coordinator, kommunId: demoId('org:vallentuna'), organisationId: demoId('org:vallentuna'), action: 'bulk.touched', entityType: 'bulk', entityId: `bulk-${i}` });
    }
  });
  afterAll(async () => t.close());

  async function admin() {
    const client = new TestClient(t.app);
    await client.signIn('admin@vallentuna.example');
    return client;
  }

  it('shows rows of the kommun, its partners and police area, never another kommun’s', async () => {
    const client = await admin();
    const page = await client.get('/vallentuna/admin/logg?entityType=probe');
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Ny rubrik');
    expect(page.body).toContain('Gammal rubrik');
    expect(page.body).toContain('Polisens rad');
    expect(page.body).not.toContain('Annanstads hemlighet');
    // Newest first.
    expect(page.body.indexOf('Polisens rad')).toBeLessThan(page.body.indexOf('Ny rubrik'));
  });

  it('filters by person, action and dates', async () => {
    const client = await admin();
    const byPerson = await client.get('/vallentuna/admin/logg?person=kommunpolis%40taby-polis.example');
    expect(byPerson.body).toContain('Polisens rad');
    expect(byPerson.body).not.toContain('Ny rubrik');

    const byAction = await client.get('/vallentuna/admin/logg?action=probe.changed');
    expect(byAction.body).toContain('Ny rubrik');
    expect(byAction.body).not.toContain('Polisens rad');

    const byDates = await client.get('/vallentuna/admin/logg?entityType=probe&from=2026-11-19&to=2026-11-20');
    expect(byDates.body).toContain('Ny rubrik');
    expect(byDates.body).not.toContain('Polisens rad');

    const badDate = await client.get('/vallentuna/admin/logg?from=igår');
    expect(badDate.statusCode).toBe(422);
    expect(badDate.body).toContain('ÅÅÅÅ-MM-DD');
  });

  it('pages through many rows with keyset links that keep the filter', async () => {
    const client = await admin();
    const first = await client.get('/vallentuna/admin/logg?action=bulk.touched');
    const rows = (body: string) => [...body.matchAll(/data-audit-id="([^"]+)"/g)].map((m) => m[1]);
    expect(rows(first.body)).toHaveLength(50);
    const older = /href="([^"]*fore=[^"]+)"/.exec(first.body)?.[1]?.replaceAll('&amp;', '&');
    expect(older).toContain('action=bulk.touched');
    const second = await client.get(older!);
    expect(rows(second.body)).toHaveLength(5);
    expect(new Set([...rows(first.body), ...rows(second.body)]).size).toBe(55);
  });

  it('reads as sentences with names, keeping the technical action in a disclosure', async () => {
    const client = await admin();
    const invited = await client.submitForm('/vallentuna/admin/personer', '/vallentuna/admin/personer', { name: 'Nya Samordnaren', email: 'ny.samordnare@vallentuna.example', organisationId: demoId('org:vallentuna'), role: 'coordinator' });
    expect(invited.statusCode).toBe(303);
    // A change made through a feature's service, worded by that feature's messages.
    const kommunId = demoId('org:vallentuna');
    const coordinator = kommunActor({ ctx: t.ctx, kommunId, users: { coordinator: demoId('user:coordinator') } }, 'coordinator', 'coordinator');
    const kulturhuset = demoPlaces.find((p) => p.key === 'kulturhuset')!;
    await editPlace(t.ctx, coordinator, kommunId, demoId('place:kulturhuset'), placeInputSchema.parse({ ...kulturhuset, name: 'Kulturhuset och biblioteket' }));

    const page = await client.get('/vallentuna/admin/logg');
    const sentences = [...page.body.matchAll(/<p class="audit-sentence">([^<]*)<\/p>/g)].map((m) => m[1]);
    expect(sentences).toContain('Administratören bjöd in Nya Samordnaren (ny.samordnare@vallentuna.example) att skapa ett konto');
    expect(sentences).toContain('Administratören bjöd in Nya Samordnaren som trygghetssamordnare i Vallentuna kommun');
    expect(sentences).toContain('Trygghetssamordnaren ändrade platsen «Kulturhuset och biblioteket»');
    expect(page.body).toMatch(/<details class="audit-details"><summary>Tekniska uppgifter<\/summary>[\s\S]*?<code>membership\.offered<\/code>/);

    await client.get('/sprak?till=en&tillbaka=%2F');
    const english = await client.get('/vallentuna/admin/logg?entityType=probe');
    expect(english.body).toContain('Trygghetssamordnaren changed probe');
  });

  it('names nobody the organisation does not know in the sentences', async () => {
    const client = await admin();
    // A role offered to an account another organisation holds: the people page shows no name
    // for it, and neither may the log.
    await writeAudit(t.ctx.db, { actorUserId: demoId('user:admin'), kommunId: demoId('org:vallentuna'), organisationId: demoId('org:vallentuna'), action: 'membership.offered', entityType: 'membership', entityId: newId(), after: { userId: demoId('user:policeChief'), organisation: 'Vallentuna kommun', role: 'coordinator', accepted: false } });
    const page = await client.get('/vallentuna/admin/logg?action=membership.offered');
    expect(page.body).toContain('Administratören bjöd in en person som trygghetssamordnare i Vallentuna kommun');
    expect(page.body).not.toContain('Lokalpolisområdeschefen');
  });

  it('answers 404 to staff without audit.read', async () => {
    const client = new TestClient(t.app);
    await client.signIn('kommunpolis@taby-polis.example');
    expect((await client.get('/vallentuna/admin/logg')).statusCode).toBe(404);
  });
});
