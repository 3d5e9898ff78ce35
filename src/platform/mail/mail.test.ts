import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, TestClient, type TestApp } from '../../../test/app.js';
import { startSmtpServer, type TestSmtpServer } from '../../../test/smtp.js';
import { createTestContext, dialects, type TestContext } from '../../../test/databases.js';
import { demoId } from '../demo.js';
import { newId } from '../db/ids.js';
import { inTransaction } from '../db/transaction.js';
import { insertOrganisation } from '../tenants/tenant.repository.js';
import { dropStaleMailSecrets, queueMail, secretPlaceholder, sendDueMail } from './mail.js';

describe.each(dialects)('mail over real SMTP on %s', (dialect) => {
  let smtp: TestSmtpServer;
  let ctx: TestContext;
  beforeAll(async () => {
    smtp = await startSmtpServer();
    ctx = await createTestContext(dialect, { SMTP_URL: `smtp://127.0.0.1:${smtp.port}?ignoreTLS=true`, MAIL_FROM: 'Samtrygg <no-reply@samtrygg.test>' });
  });
  afterAll(async () => {
    await ctx.destroy();
    await smtp.close();
  });
  afterEach(() => {
    smtp.received.length = 0;
    smtp.state.refuseNext = 0;
  });

  async function queue(to: string, subject: string) {
    return inTransaction(ctx, (tx) => queueMail(ctx, tx, { kommunId: null, organisationId: null, to, subject, text: 'Hej!\n\nDet här är ett prov.' }));
  }

  it('delivers a queued mail to the SMTP server and marks it sent', async () => {
    const id = await queue('mottagare@example.se', 'Provbrev ett');
    expect(await sendDueMail(ctx)).toBe(1);
    expect(smtp.received).toHaveLength(1);
    expect(smtp.received[0]?.to).toEqual(['mottagare@example.se']);
    expect(smtp.received[0]?.from).toBe('no-reply@samtrygg.test');
    expect(smtp.received[0]?.raw).toContain('Subject: Provbrev ett');
    const row = await ctx.db.selectFrom('mail_outbox').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    expect(row.status).toBe('sent');
    expect(row.attempts).toBe(1);
    expect(row.sent_at).not.toBeNull();
    // Sent mail is not sent twice.
    expect(await sendDueMail(ctx)).toBe(0);
    expect(smtp.received).toHaveLength(1);
  });

  it('keeps a refused mail queued with a later attempt, and delivers it on a later run', async () => {
    const id = await queue('annan@example.se', 'Provbrev två');
    smtp.state.refuseNext = 1;
    const now = new Date();
    expect(await sendDueMail(ctx, now)).toBe(0);
    expect(smtp.received).toHaveLength(0);
    const afterRefusal = await ctx.db.selectFrom('mail_outbox').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    expect(afterRefusal.status).toBe('queued');
    expect(afterRefusal.attempts).toBe(1);
    expect(afterRefusal.last_error).toContain('451');
    expect(afterRefusal.next_attempt_at > now.toISOString()).toBe(true);
    expect(afterRefusal.locked_until).toBeNull();

    // Not due yet: nothing is tried again at once.
    expect(await sendDueMail(ctx, now)).toBe(0);
    expect(smtp.received).toHaveLength(0);

    const later = new Date(Date.parse(afterRefusal.next_attempt_at) + 1000);
    expect(await sendDueMail(ctx, later)).toBe(1);
    expect(smtp.received).toHaveLength(1);
    expect(smtp.received[0]?.raw).toContain('Subject: =?UTF-8?Q?Provbrev_tv=C3=A5?=');
    const delivered = await ctx.db.selectFrom('mail_outbox').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    expect(delivered.status).toBe('sent');
    expect(delivered.attempts).toBe(2);
    expect(delivered.last_error).toBeNull();
  });

  it('does not queue mail whose transaction rolled back', async () => {
    await expect(
      inTransaction(ctx, async (tx) => {
        await queueMail(ctx, tx, { kommunId: null, organisationId: null, to: 'aldrig@example.se', subject: 'Aldrig', text: 'x' });
        throw new Error('rollback');
      }),
    ).rejects.toThrow('rollback');
    const rows = await ctx.db.selectFrom('mail_outbox').select('id').where('to_address', '=', 'aldrig@example.se').execute();
    expect(rows).toHaveLength(0);
  });
});

describe.each(dialects)('mail with headers and a hidden recipient on %s', (dialect) => {
  let smtp: TestSmtpServer;
  let ctx: TestContext;
  beforeAll(async () => {
    smtp = await startSmtpServer();
    ctx = await createTestContext(dialect, { SMTP_URL: smtp.url, MAIL_FROM: 'Samtrygg <no-reply@samtrygg.test>' });
  });
  afterAll(async () => {
    await ctx.destroy();
    await smtp.close();
  });
  afterEach(() => {
    smtp.received.length = 0;
  });

  const link = 'https://samtrygg.test/vallentuna/prenumeration/avsluta?t=hemlig-token';
  const subscriberMail = {
    kommunId: null,
    organisationId: null,
    to: 'prenumerant@example.se',
    hideRecipient: true,
    subject: 'Uppdatering',
    text: `Nytt!\n\nAvsluta: ${secretPlaceholder}`,
    secret: link,
    headers: { 'List-Unsubscribe': `<${secretPlaceholder}>`, 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' },
  };

  it('stores neither the recipient nor the secret in clear, and sends both in place', async () => {
    const id = await inTransaction(ctx, (tx) => queueMail(ctx, tx, subscriberMail));
    const stored = await ctx.db.selectFrom('mail_outbox').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    expect(JSON.stringify(stored)).not.toContain('prenumerant@example.se');
    expect(JSON.stringify(stored)).not.toContain('hemlig-token');
    expect(await sendDueMail(ctx)).toBe(1);
    expect(smtp.received[0]?.to).toEqual(['prenumerant@example.se']);
    const raw = smtp.received[0]!.raw.replace(/\r\n(?=[ \t])/g, '');
    expect(raw).toContain(`List-Unsubscribe: <${link}>`);
    expect(raw).toContain('List-Unsubscribe-Post: List-Unsubscribe=One-Click');
    const sent = await ctx.db.selectFrom('mail_outbox').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    expect(sent.to_sealed).toBeNull();
    expect(sent.secret_sealed).toBeNull();
  });

  it('fails, without sending, a mail whose hidden recipient was dropped as stale', async () => {
    const id = await inTransaction(ctx, (tx) => queueMail(ctx, tx, subscriberMail));
    await dropStaleMailSecrets(ctx, new Date(Date.now() + 9 * 86_400_000));
    expect(await sendDueMail(ctx)).toBe(0);
    expect(smtp.received).toHaveLength(0);
    const row = await ctx.db.selectFrom('mail_outbox').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    expect(row.status).toBe('failed');
    expect(row.to_sealed).toBeNull();
  });

  it('refuses headers that would add lines or replace the envelope', async () => {
    const queue = (headers: Record<string, string>) => inTransaction(ctx, (tx) => queueMail(ctx, tx, { ...subscriberMail, headers }));
    await expect(queue({ 'List-Unsubscribe': 'x\r\nBcc: someone@example.se' })).rejects.toThrow('one line');
    await expect(queue({ Bcc: 'someone@example.se' })).rejects.toThrow('may not set');
  });
});

describe.each(dialects)('mail outbox pages on %s', (dialect) => {
  let t: TestApp;
  let vallentunaMail: string;
  let otherMail: string;
  beforeAll(async () => {
    t = await createTestApp(dialect);
    const other = newId();
    await insertOrganisation(t.ctx.db, { id: other, kind: 'kommun', slug: 'annanstad', name: 'Annanstads kommun', kommunId: null, partnerType: null, settings: {}, now: new Date().toISOString() });
    vallentunaMail = await inTransaction(t.ctx, (tx) =>
      queueMail(t.ctx, tx, { kommunId: demoId('org:vallentuna'), organisationId: demoId('org:school'), to: 'rektor@skolan.example', subject: 'Brev till skolan', text: 'Innehåll för Vallentuna' }),
    );
    otherMail = await inTransaction(t.ctx, (tx) => queueMail(t.ctx, tx, { kommunId: other, organisationId: other, to: 'someone@annanstad.example', subject: 'Brev i Annanstad', text: 'Hemligt' }));
  });
  afterAll(async () => t.close());

  it('shows an administrator the mail of the kommun’s organisations and nothing else', async () => {
    const client = new TestClient(t.app);
    await client.signIn('admin@vallentuna.example');
    const list = await client.get('/vallentuna/admin/utkorg');
    expect(list.statusCode).toBe(200);
    expect(list.body).toContain('Brev till skolan');
    expect(list.body).toContain('Sparad (ingen e-postserver)');
    expect(list.body).not.toContain('Brev i Annanstad');

    const one = await client.get(`/vallentuna/admin/utkorg/${vallentunaMail}`);
    expect(one.statusCode).toBe(200);
    expect(one.body).toContain('Innehåll för Vallentuna');
    expect((await client.get(`/vallentuna/admin/utkorg/${otherMail}`)).statusCode).toBe(404);
  });

  it('answers 404 to staff without mail.outbox.read', async () => {
    const client = new TestClient(t.app);
    await client.signIn('samordnare@vallentuna.example');
    expect((await client.get('/vallentuna/admin/utkorg')).statusCode).toBe(404);
    expect((await client.get(`/vallentuna/admin/utkorg/${vallentunaMail}`)).statusCode).toBe(404);
  });
});
