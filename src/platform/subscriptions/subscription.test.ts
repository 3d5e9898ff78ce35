import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, TestClient, type TestApp } from '../../../test/app.js';
import { testModules } from '../../../test/modules.js';
import { mailText, startSmtpServer, type ReceivedMail, type TestSmtpServer } from '../../../test/smtp.js';
import { dialects } from '../../../test/databases.js';
import { seal } from '../auth/sealing.js';
import { demoId } from '../demo.js';
import { newId } from '../db/ids.js';
import { inTransaction } from '../db/transaction.js';
import { sendDueMail } from '../mail/mail.js';
import { insertOrganisation } from '../tenants/tenant.repository.js';
import { subscriptionProbeModule as probeModule, probeTopic } from '../../../test/subscription-probe.js';
import { countConfirmedSubscribers, deleteSubscriptionsOfTopic, notifySubscribers, requestSubscription, subscriptionLimits } from './index.js';
import { deleteExpiredSubscriptionRequests } from './subscription.service.js';

const topic = probeTopic;
const vallentuna = demoId('org:vallentuna');

describe.each(dialects)('e-mail subscriptions on %s', (dialect) => {
  let smtp: TestSmtpServer;
  let t: TestApp;
  let other: string;

  beforeAll(async () => {
    smtp = await startSmtpServer();
    t = await createTestApp(dialect, { config: { SMTP_URL: smtp.url, MAIL_FROM: 'Samtrygg <no-reply@samtrygg.test>' }, modules: [...testModules, probeModule] });
    other = newId();
    await insertOrganisation(t.ctx.db, { id: other, kind: 'kommun', slug: 'annanstad', name: 'Annanstads kommun', kommunId: null, partnerType: null, settings: {}, now: new Date().toISOString() });
  }, 60_000);
  afterAll(async () => {
    await t.close();
    await smtp.close();
  });
  afterEach(async () => {
    smtp.received.length = 0;
    await t.ctx.db.deleteFrom('email_subscriptions').execute();
    await t.ctx.db.deleteFrom('rate_limits').execute();
    await t.ctx.db.deleteFrom('mail_outbox').execute();
  });

  async function deliverAll(): Promise<ReceivedMail[]> {
    while ((await sendDueMail(t.ctx)) > 0) {
      // drain
    }
    return smtp.received.splice(0);
  }

  function confirmPathIn(mail: ReceivedMail): string {
    const match = /\/[a-z-]+\/prenumeration\/bekrafta\?t=[A-Za-z0-9_-]+/.exec(mailText(mail.raw));
    if (!match) throw new Error('no confirmation link in the mail');
    return match[0];
  }

  /** The raw message with folded header lines joined again. */
  function unfolded(mail: ReceivedMail): string {
    return mail.raw.replace(/\r\n(?=[ \t])/g, '');
  }

  async function subscribeConfirmed(kommunId: string, email: string): Promise<void> {
    await requestSubscription(t.ctx, { kommunId, topic, email, locale: 'sv', topicTitle: 'Provlöftet', topicUrl: '/vallentuna/prov' });
    const [mail] = await deliverAll();
    const path = confirmPathIn(mail!);
    const client = new TestClient(t.app);
    const confirmed = await client.submitForm(path, path, {});
    expect(confirmed.statusCode).toBe(200);
  }

  async function rows() {
    return t.ctx.db.selectFrom('email_subscriptions').selectAll().orderBy('id').execute();
  }

  it('follows a resident from the form to a confirmed subscription, an update and a one-click unsubscribe', async () => {
    const client = new TestClient(t.app);
    const form = await client.get('/vallentuna/prov');
    expect(form.body).toContain('Vi använder adressen bara för att skicka uppdateringar om Provlöftet');
    const posted = await client.submitForm('/vallentuna/prov', '/vallentuna/prov/prenumerera', { email: ' Invanare@Example.se ' });
    expect(posted.statusCode).toBe(303);
    expect(posted.headers.location).toBe(`/vallentuna/prenumeration/skickat?tillbaka=${encodeURIComponent('/vallentuna/prov')}`);
    const sent = await client.get(posted.headers.location!);
    expect(sent.statusCode).toBe(200);
    expect(sent.body).toContain('Titta i din inkorg');

    // Stored sealed and hashed: no column, and no outbox row, holds the address in clear.
    const [row] = await rows();
    expect(row?.confirmed_at).toBeNull();
    expect(JSON.stringify(row).toLowerCase()).not.toContain('invanare@example.se');
    const queued = await t.ctx.db.selectFrom('mail_outbox').selectAll().execute();
    expect(queued).toHaveLength(1);
    expect(queued[0]?.to_address).toBe('');
    expect(JSON.stringify(queued).toLowerCase()).not.toContain('invanare@example.se');
    expect(JSON.stringify(queued)).not.toContain('bekrafta?t=');

    const [confirmation] = await deliverAll();
    // The address as typed (the SMTP server's envelope lower-cases the domain).
    expect(confirmation?.to.map((a) => a.toLowerCase())).toEqual(['invanare@example.se']);
    const path = confirmPathIn(confirmation!);
    // Sent: the outbox keeps neither the address nor the link.
    const afterSend = await t.ctx.db.selectFrom('mail_outbox').selectAll().executeTakeFirstOrThrow();
    expect(afterSend.status).toBe('sent');
    expect(afterSend.to_sealed).toBeNull();
    expect(afterSend.secret_sealed).toBeNull();

    // Following the link (as a mail scanner would) confirms nothing.
    const page = await client.get(path);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Ja, skicka mig uppdateringar');
    expect((await rows())[0]?.confirmed_at).toBeNull();

    const confirmed = await client.submitForm(path, path, {});
    expect(confirmed.statusCode).toBe(200);
    expect(confirmed.body).toContain('Du får e-post när det finns nytt om Provlöftet');
    expect((await rows())[0]?.confirmed_at).not.toBeNull();
    expect(await countConfirmedSubscribers(t.ctx.db, vallentuna, topic)).toBe(1);

    const queuedCount = await inTransaction(t.ctx, (tx) =>
      notifySubscribers(t.ctx, tx, { kommunId: vallentuna, topic, subject: (locale) => (locale === 'sv' ? 'Nytt om provet' : 'News'), text: () => 'Löftet har följts upp.' }),
    );
    expect(queuedCount).toBe(1);
    const [update] = await deliverAll();
    expect(update?.to.map((a) => a.toLowerCase())).toEqual(['invanare@example.se']);
    const headers = unfolded(update!);
    const header = /^List-Unsubscribe: <https?:\/\/[^/]+(\/vallentuna\/prenumeration\/avsluta\?t=[A-Za-z0-9_.-]+)>\r$/m.exec(headers);
    expect(header, 'List-Unsubscribe header').not.toBeNull();
    expect(headers).toMatch(/^List-Unsubscribe-Post: List-Unsubscribe=One-Click\r$/m);
    const unsubscribePath = header![1]!;
    const text = mailText(update!.raw);
    expect(text).toContain('Löftet har följts upp.');
    expect(text).toContain(unsubscribePath);

    // RFC 8058: the mail client POSTs the bare body, with no cookie and no token.
    const oneClick = await t.app.inject({ method: 'POST', url: unsubscribePath, headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: 'List-Unsubscribe=One-Click' });
    expect(oneClick.statusCode).toBe(200);
    expect(await rows()).toHaveLength(0);

    // The link again: already gone, said plainly, and nothing more is sent.
    const again = await t.app.inject({ method: 'GET', url: unsubscribePath });
    expect(again.statusCode).toBe(200);
    expect(again.body).toContain('Prenumerationen är redan avslutad');
    expect(await inTransaction(t.ctx, (tx) => notifySubscribers(t.ctx, tx, { kommunId: vallentuna, topic, subject: () => 'x', text: () => 'y' }))).toBe(0);
  });

  it('also takes the one-click POST as multipart, the form RFC 8058 recommends', async () => {
    await subscribeConfirmed(vallentuna, 'multi@example.se');
    await inTransaction(t.ctx, (tx) => notifySubscribers(t.ctx, tx, { kommunId: vallentuna, topic, subject: () => 'Nytt', text: () => 'Text' }));
    const [update] = await deliverAll();
    const path = /<https?:\/\/[^/]+(\/vallentuna\/prenumeration\/avsluta\?t=[A-Za-z0-9_.-]+)>/.exec(unfolded(update!))![1]!;
    const boundary = 'xyzzy';
    const response = await t.app.inject({
      method: 'POST',
      url: path,
      headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
      payload: `--${boundary}\r\nContent-Disposition: form-data; name="List-Unsubscribe"\r\n\r\nOne-Click\r\n--${boundary}--\r\n`,
    });
    expect(response.statusCode).toBe(200);
    expect(await rows()).toHaveLength(0);
  });

  it('unsubscribes from the page in the mail only when its button is pressed, and not without the form token', async () => {
    await subscribeConfirmed(vallentuna, 'knapp@example.se');
    await inTransaction(t.ctx, (tx) => notifySubscribers(t.ctx, tx, { kommunId: vallentuna, topic, subject: () => 'Nytt', text: (_locale, url) => `Text. Avsluta: ${url}` }));
    const [update] = await deliverAll();
    const path = /\/vallentuna\/prenumeration\/avsluta\?t=[A-Za-z0-9_.-]+/.exec(mailText(update!.raw))![0];
    const client = new TestClient(t.app);
    const page = await client.get(path);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Avsluta och radera min adress');
    expect(await rows()).toHaveLength(1);
    // A form post without the CSRF token and without RFC 8058's body is refused.
    const forged = await t.app.inject({ method: 'POST', url: path, headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: 'x=1' });
    expect(forged.statusCode).toBe(403);
    expect(await rows()).toHaveLength(1);
    const done = await client.submitForm(path, path, {});
    expect(done.statusCode).toBe(200);
    expect(done.body).toContain('Du får inga fler brev om Provlöftet');
    expect(await rows()).toHaveLength(0);
  });

  it('sends updates only to confirmed subscribers', async () => {
    await subscribeConfirmed(vallentuna, 'bekraftad@example.se');
    await requestSubscription(t.ctx, { kommunId: vallentuna, topic, email: 'obekraftad@example.se', locale: 'en', topicTitle: 'Provlöftet', topicUrl: '/vallentuna/prov' });
    await deliverAll();
    const queued = await inTransaction(t.ctx, (tx) => notifySubscribers(t.ctx, tx, { kommunId: vallentuna, topic, subject: () => 'Nytt', text: () => 'Text' }));
    expect(queued).toBe(1);
    const mails = await deliverAll();
    expect(mails.map((m) => m.to)).toEqual([['bekraftad@example.se']]);
  });

  it('mails only the kommun’s own subscribers of a topic that another kommun uses too', async () => {
    await subscribeConfirmed(vallentuna, 'vallentuna@example.se');
    await subscribeConfirmed(other, 'annanstad@example.se');
    expect(await countConfirmedSubscribers(t.ctx.db, other, topic)).toBe(1);
    await inTransaction(t.ctx, (tx) => notifySubscribers(t.ctx, tx, { kommunId: vallentuna, topic, subject: () => 'Nytt', text: () => 'Text' }));
    const mails = await deliverAll();
    expect(mails.map((m) => m.to)).toEqual([['vallentuna@example.se']]);
  });

  it('refuses a kommun’s links at another kommun’s address', async () => {
    await requestSubscription(t.ctx, { kommunId: vallentuna, topic, email: 'lank@example.se', locale: 'sv', topicTitle: 'Provlöftet', topicUrl: '/vallentuna/prov' });
    const [mail] = await deliverAll();
    const path = confirmPathIn(mail!);
    const elsewhere = path.replace('/vallentuna/', '/annanstad/');
    const client = new TestClient(t.app);
    expect((await client.get(elsewhere)).statusCode).toBe(404);
    const refused = await client.submitForm('/annanstad/prov', elsewhere, {});
    expect(refused.statusCode).toBe(404);
    expect(refused.body).toContain('Länken fungerar inte');
    expect((await rows())[0]?.confirmed_at).toBeNull();

    const confirmed = await client.submitForm(path, path, {});
    expect(confirmed.statusCode).toBe(200);
    await inTransaction(t.ctx, (tx) => notifySubscribers(t.ctx, tx, { kommunId: vallentuna, topic, subject: () => 'Nytt', text: () => 'Text' }));
    const [update] = await deliverAll();
    const unsubscribe = /<https?:\/\/[^/]+(\/vallentuna\/prenumeration\/avsluta\?t=[A-Za-z0-9_.-]+)>/.exec(unfolded(update!))![1]!;
    const oneClickElsewhere = await t.app.inject({
      method: 'POST',
      url: unsubscribe.replace('/vallentuna/', '/annanstad/'),
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: 'List-Unsubscribe=One-Click',
    });
    expect(oneClickElsewhere.statusCode).toBe(404);
    expect(await rows()).toHaveLength(1);
  });

  it('refuses an expired confirmation link, and the cleanup deletes the request with its address', async () => {
    const eightDaysAgo = new Date(Date.now() - (subscriptionLimits.confirmDays + 1) * 86_400_000);
    await requestSubscription(t.ctx, { kommunId: vallentuna, topic, email: 'sen@example.se', locale: 'sv', topicTitle: 'Provlöftet', topicUrl: '/vallentuna/prov' }, eightDaysAgo);
    const [mail] = await deliverAll();
    const path = confirmPathIn(mail!);
    const client = new TestClient(t.app);
    const page = await client.get(path);
    expect(page.statusCode).toBe(410);
    expect(page.body).toContain('Länken har gått ut');
    const posted = await client.submitForm('/vallentuna/prov', path, {});
    expect(posted.statusCode).toBe(410);
    expect((await rows())[0]?.confirmed_at).toBeNull();
    expect(await deleteExpiredSubscriptionRequests(t.ctx)).toBe(1);
    expect(await rows()).toHaveLength(0);
  });

  it('answers a malformed or unknown token with a page, never a server error', async () => {
    for (const url of ['/vallentuna/prenumeration/bekrafta', '/vallentuna/prenumeration/bekrafta?t=nonsense', `/vallentuna/prenumeration/avsluta?t=${newId()}.abc`, '/vallentuna/prenumeration/avsluta?t=a.b.c', '/vallentuna/prenumeration/avsluta?t[]=x']) {
      const response = await t.app.inject({ method: 'GET', url });
      expect(response.statusCode, url).toBe(404);
      expect(response.body).toContain('Länken fungerar inte');
    }
  });

  it('keeps the typed value and answers 422 when the address is not one', async () => {
    const client = new TestClient(t.app);
    const response = await client.submitForm('/vallentuna/prov', '/vallentuna/prov/prenumerera', { email: 'inte-en-adress' });
    expect(response.statusCode).toBe(422);
    expect(response.body).toContain('value="inte-en-adress"');
    expect(response.body).toContain('Provlöftet');
    expect(await rows()).toHaveLength(0);
  });

  it('answers an address that already subscribes as any other, and sends it nothing', async () => {
    await subscribeConfirmed(vallentuna, 'redan@example.se');
    const client = new TestClient(t.app);
    const response = await client.submitForm('/vallentuna/prov', '/vallentuna/prov/prenumerera', { email: 'REDAN@example.se' });
    expect(response.statusCode).toBe(303);
    expect(response.headers.location).toContain('/vallentuna/prenumeration/skickat');
    expect(await deliverAll()).toHaveLength(0);
    expect(await rows()).toHaveLength(1);
  });

  it('sends a fresh link to an address that asks again before confirming, and the old link stops working', async () => {
    await requestSubscription(t.ctx, { kommunId: vallentuna, topic, email: 'igen@example.se', locale: 'sv', topicTitle: 'Provlöftet', topicUrl: '/vallentuna/prov' });
    const first = confirmPathIn((await deliverAll())[0]!);
    await requestSubscription(t.ctx, { kommunId: vallentuna, topic, email: 'igen@example.se', locale: 'en', topicTitle: 'Provlöftet', topicUrl: '/vallentuna/prov' });
    const second = confirmPathIn((await deliverAll())[0]!);
    expect(second).not.toBe(first);
    expect(await rows()).toHaveLength(1);
    expect((await t.app.inject({ method: 'GET', url: first })).statusCode).toBe(404);
    expect((await t.app.inject({ method: 'GET', url: second })).statusCode).toBe(200);
  });

  it('stops mailing an address past its hourly limit, whoever asks', async () => {
    for (let i = 0; i < 8; i += 1) {
      await requestSubscription(t.ctx, { kommunId: vallentuna, topic: `probe.thing:${i}`, email: 'offer@example.se', locale: 'sv', topicTitle: 'Prov', topicUrl: '/vallentuna/prov' });
    }
    expect(await deliverAll()).toHaveLength(5);
  });

  it('limits subscribe requests per IP address', async () => {
    const client = new TestClient(t.app);
    const page = await client.get('/vallentuna/prov');
    const token = /name="_csrf" value="([^"]+)"/.exec(page.body)![1]!;
    const statuses: number[] = [];
    for (let i = 0; i < 21; i += 1) statuses.push((await client.post('/vallentuna/prov/prenumerera', { _csrf: token, email: `person${i}@example.se` })).statusCode);
    expect(statuses.slice(0, 20).every((s) => s === 303)).toBe(true);
    expect(statuses[20]).toBe(429);
  });

  it('never shows staff a subscriber’s address in the outbox', async () => {
    await requestSubscription(t.ctx, { kommunId: vallentuna, topic, email: 'hemlig@example.se', locale: 'sv', topicTitle: 'Provlöftet', topicUrl: '/vallentuna/prov' });
    const client = new TestClient(t.app);
    await client.signIn('admin@vallentuna.example');
    const list = await client.get('/vallentuna/admin/utkorg');
    expect(list.statusCode).toBe(200);
    expect(list.body).toContain('Bekräfta: uppdateringar om Provlöftet');
    expect(list.body).toContain('En prenumerant (adressen visas inte)');
    expect(list.body).not.toContain('hemlig@example.se');
  });

  it('notifies a topic larger than one batch, each subscriber with their own link', async () => {
    const total = subscriptionLimits.notifyBatch * 2 + 3;
    const now = new Date().toISOString();
    const values = Array.from({ length: total }, (_, i) => {
      const id = newId();
      return {
        id,
        kommun_id: vallentuna,
        topic,
        topic_title: 'Provlöftet',
        topic_path: '/vallentuna/prov',
        email_sealed: seal(t.ctx.config.sessionSecret, 'subscription-email', `p${i}@example.se`, id),
        email_hash: `hash-${i}`,
        locale: 'sv' as const,
        confirm_token_hash: null,
        requested_at: now,
        created_at: now,
        confirmed_at: now,
      };
    });
    for (let i = 0; i < values.length; i += 200) await t.ctx.db.insertInto('email_subscriptions').values(values.slice(i, i + 200)).execute();
    const queued = await inTransaction(t.ctx, (tx) => notifySubscribers(t.ctx, tx, { kommunId: vallentuna, topic, subject: () => 'Nytt', text: () => 'Text' }));
    expect(queued).toBe(total);
    const outbox = await t.ctx.db.selectFrom('mail_outbox').select(['secret_sealed', 'to_sealed', 'to_address']).execute();
    expect(outbox).toHaveLength(total);
    expect(new Set(outbox.map((m) => m.to_sealed)).size).toBe(total);
    expect(outbox.every((m) => m.to_address === '' && m.secret_sealed !== null)).toBe(true);
    const audit = await t.ctx.db.selectFrom('audit_log').select(['after_json']).where('action', '=', 'subscriptions.notified').orderBy('id', 'desc').executeTakeFirstOrThrow();
    expect(audit.after_json).toContain(`"mails":${total}`);
    expect(audit.after_json).not.toContain('@');
  });

  it('deletes a topic’s subscriptions with the thing they follow, in that kommun only', async () => {
    await subscribeConfirmed(vallentuna, 'tas-bort@example.se');
    await subscribeConfirmed(other, 'blir-kvar@example.se');
    expect(await inTransaction(t.ctx, ({ trx }) => deleteSubscriptionsOfTopic(trx, vallentuna, topic))).toBe(1);
    expect(await countConfirmedSubscribers(t.ctx.db, vallentuna, topic)).toBe(0);
    expect(await countConfirmedSubscribers(t.ctx.db, other, topic)).toBe(1);
  });
});
