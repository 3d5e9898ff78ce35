// Outgoing mail is a table first: queueMail inserts into mail_outbox inside the caller's
// transaction, so a mail exists exactly when the change that caused it committed, and survives a
// restart. A job sends due rows through SMTP with retries; with no SMTP configured the rows are
// kept for administrators to read in the browser.
//
// A mail may carry one secret (the link of a password reset or an invitation). It never sits in
// the stored body: the body holds a placeholder, the secret is sealed in secret_sealed (bound to
// the row), put into the text only on its way to the SMTP server, and dropped once sent or
// when it can no longer be used. Staff reading the outbox see a note where the link goes.
// The same holds for headers (a List-Unsubscribe link is a secret too) and, for mail to
// subscribers, for the recipient: sealed in to_sealed, to_address left empty.
import nodemailer, { type Transporter } from 'nodemailer';
import { seal, unseal } from '../auth/sealing.js';
import type { RowScope } from '../auth/scope.js';
import type { AppContext } from '../context.js';
import type { Db } from '../db/database.js';
import type { ExpressionBuilder } from 'kysely';
import type { MailOutboxTable, Tables } from '../db/tables.js';
import { newId } from '../db/ids.js';
import type { Transaction } from '../db/transaction.js';
import type { Job } from '../jobs/jobs.js';

export interface MailInput {
  /** The kommun the mail concerns, whose administrators may read it in the outbox; null for mail about a person's own account. */
  kommunId: string | null;
  organisationId: string | null;
  to: string;
  subject: string;
  /** With a `secret`, the text holds `secretPlaceholder` where the secret goes. */
  text: string;
  /** A password link or similar: only the addressee ever reads it. */
  secret?: string;
  /**
   * Extra headers (List-Unsubscribe…). A value may hold `secretPlaceholder`, filled in only on
   * the way to the SMTP server, like the text.
   */
  headers?: Readonly<Record<string, string>>;
  /**
   * The address is a subscriber's, which staff must not see and the outbox must not keep: it is
   * sealed apart and dropped once sent, like a secret.
   */
  hideRecipient?: boolean;
}

/** Where a mail's secret goes in its text. */
export const secretPlaceholder = '{{personlig-lank}}';

export const mailLimits = {
  maxAttempts: 8,
  batchSize: 20,
  /** Kept or failed mail loses its secret after this long: no link we send lives longer (invitations: 7 days). */
  secretDays: 8,
} as const;

export async function queueMail(ctx: AppContext, tx: Transaction, mail: MailInput): Promise<string> {
  const [id] = await queueMails(ctx, tx, [mail]);
  return id!;
}

/**
 * Several mails in one insert (a notification to many subscribers goes in batches); the same
 * rules as queueMail. Returns the ids in order.
 */
export async function queueMails(ctx: AppContext, tx: Transaction, mails: readonly MailInput[]): Promise<string[]> {
  if (mails.length === 0) return [];
  const now = new Date().toISOString();
  const rows = mails.map((mail) => outboxRow(ctx, mail, newId(), now));
  await tx.trx.insertInto('mail_outbox').values(rows).execute();
  tx.afterCommit(() => ctx.notifyMailQueued());
  return rows.map((row) => row.id);
}

// Header names nodemailer would send as they are; values on one line, so nothing can add headers.
const headerName = /^[A-Za-z][A-Za-z0-9-]{0,75}$/;
const reservedHeaders = new Set(['from', 'to', 'cc', 'bcc', 'subject', 'reply-to', 'sender', 'content-type', 'content-transfer-encoding', 'mime-version']);

function outboxRow(ctx: AppContext, mail: MailInput, id: string, now: string): MailOutboxTable {
  const headers = Object.entries(mail.headers ?? {});
  const usesSecret = mail.text.includes(secretPlaceholder) || headers.some(([, value]) => value.includes(secretPlaceholder));
  if (mail.secret !== undefined && !usesSecret) throw new Error('A mail with a secret needs the secret placeholder in its text or a header');
  for (const [name, value] of headers) {
    if (!headerName.test(name) || reservedHeaders.has(name.toLowerCase())) throw new Error(`A mail may not set the header ${name}`);
    if (/[\r\n]/.test(value)) throw new Error(`The header ${name} must be one line`);
  }
  return {
    id,
    kommun_id: mail.kommunId,
    organisation_id: mail.organisationId,
    to_address: mail.hideRecipient ? '' : mail.to,
    to_sealed: mail.hideRecipient ? seal(ctx.config.sessionSecret, 'mail-recipient', mail.to, id) : null,
    subject: mail.subject,
    body_text: mail.text,
    headers_json: headers.length > 0 ? JSON.stringify(Object.fromEntries(headers)) : null,
    secret_sealed: mail.secret === undefined ? null : seal(ctx.config.sessionSecret, 'mail-secret', mail.secret, id),
    status: ctx.config.smtpUrl ? 'queued' : 'kept',
    attempts: 0,
    next_attempt_at: now,
    locked_until: null,
    last_error: null,
    created_at: now,
    sent_at: null,
  };
}

/** 30 s, 1 min, 2 min … capped at 1 h. */
export function retryDelayMs(attempts: number): number {
  return Math.min(30_000 * 2 ** Math.max(0, attempts - 1), 3_600_000);
}

const transporters = new Map<string, Transporter>();

function transporterFor(url: string): Transporter {
  let transporter = transporters.get(url);
  if (!transporter) {
    transporter = nodemailer.createTransport(url);
    transporters.set(url, transporter);
  }
  return transporter;
}

/**
 * Claims due rows (status queued, next attempt passed, not leased by another instance), sends
 * each and records the outcome. Returns how many were sent.
 */
export async function sendDueMail(ctx: AppContext, now = new Date()): Promise<number> {
  const smtpUrl = ctx.config.smtpUrl;
  if (!smtpUrl) return 0;
  const nowIso = now.toISOString();
  const leaseUntil = new Date(now.getTime() + 120_000).toISOString();
  const due = await ctx.db
    .selectFrom('mail_outbox')
    .select(['id'])
    .where('status', '=', 'queued')
    .where('next_attempt_at', '<=', nowIso)
    .where((eb) => eb.or([eb('locked_until', 'is', null), eb('locked_until', '<', nowIso)]))
    .orderBy('next_attempt_at')
    .limit(mailLimits.batchSize)
    .execute();
  let sent = 0;
  for (const { id } of due) {
    // Claim the row with a conditional update so two instances never send the same mail.
    const claimed = await ctx.db
      .updateTable('mail_outbox')
      .set({ locked_until: leaseUntil })
      .where('id', '=', id)
      .where('status', '=', 'queued')
      .where((eb) => eb.or([eb('locked_until', 'is', null), eb('locked_until', '<', nowIso)]))
      .executeTakeFirst();
    if (Number(claimed.numUpdatedRows) !== 1) continue;
    const mail = await ctx.db.selectFrom('mail_outbox').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    const to = recipientOf(ctx, mail);
    if (to === null) {
      // The sealed recipient was dropped (kept too long): there is nobody left to send it to.
      await ctx.db
        .updateTable('mail_outbox')
        .set({ status: 'failed', locked_until: null, secret_sealed: null, last_error: 'recipient no longer kept' })
        .where('id', '=', id)
        .execute();
      continue;
    }
    try {
      await transporterFor(smtpUrl).sendMail({
        from: ctx.config.mailFrom,
        to,
        subject: mail.subject,
        text: textWithSecret(ctx, mail),
        ...(mail.headers_json ? { headers: headersWithSecret(ctx, mail) } : {}),
      });
      await ctx.db
        .updateTable('mail_outbox')
        .set({ status: 'sent', sent_at: new Date().toISOString(), attempts: mail.attempts + 1, locked_until: null, last_error: null, secret_sealed: null, to_sealed: null })
        .where('id', '=', id)
        .execute();
      sent += 1;
    } catch (error) {
      const attempts = mail.attempts + 1;
      const message = error instanceof Error ? error.message.slice(0, 500) : 'unknown error';
      await ctx.db
        .updateTable('mail_outbox')
        .set({
          status: attempts >= mailLimits.maxAttempts ? 'failed' : 'queued',
          ...(attempts >= mailLimits.maxAttempts ? { secret_sealed: null, to_sealed: null } : {}),
          attempts,
          last_error: message,
          locked_until: null,
          next_attempt_at: new Date(now.getTime() + retryDelayMs(attempts)).toISOString(),
        })
        .where('id', '=', id)
        .execute();
      // No addresses in logs: the id is enough to find the row.
      ctx.logger.warn({ mailId: id, attempts }, 'mail delivery failed, will retry');
    }
  }
  return sent;
}

/** The address to send to; null when a hidden recipient is no longer kept. */
export function recipientOf(ctx: AppContext, mail: Pick<MailOutboxTable, 'id' | 'to_address' | 'to_sealed'>): string | null {
  if (mail.to_address !== '') return mail.to_address;
  return mail.to_sealed ? unseal(ctx.config.sessionSecret, 'mail-recipient', mail.to_sealed, mail.id) : null;
}

function fillSecret(ctx: AppContext, mail: Pick<MailOutboxTable, 'id' | 'secret_sealed'>, value: string): string {
  if (!value.includes(secretPlaceholder)) return value;
  const secret = mail.secret_sealed ? unseal(ctx.config.sessionSecret, 'mail-secret', mail.secret_sealed, mail.id) : null;
  return value.split(secretPlaceholder).join(secret ?? '[…]');
}

/** The text as the addressee reads it: the secret unsealed into its place. */
export function textWithSecret(ctx: AppContext, mail: Pick<MailOutboxTable, 'id' | 'body_text' | 'secret_sealed'>): string {
  return fillSecret(ctx, mail, mail.body_text);
}

/** The extra headers as sent, the secret unsealed into its place. */
export function headersWithSecret(ctx: AppContext, mail: Pick<MailOutboxTable, 'id' | 'headers_json' | 'secret_sealed'>): Record<string, string> {
  if (!mail.headers_json) return {};
  const stored = JSON.parse(mail.headers_json) as Record<string, string>;
  return Object.fromEntries(Object.entries(stored).map(([name, value]) => [name, fillSecret(ctx, mail, value)]));
}

/**
 * Drops secrets, and sealed recipients, of mail that was never sent and whose link has expired
 * anyway: a subscriber's address is not kept in the outbox past that either.
 */
export async function dropStaleMailSecrets(ctx: AppContext, now = new Date()): Promise<void> {
  const before = new Date(now.getTime() - mailLimits.secretDays * 86_400_000).toISOString();
  await ctx.db.updateTable('mail_outbox').set({ secret_sealed: null }).where('secret_sealed', 'is not', null).where('created_at', '<', before).execute();
  await ctx.db.updateTable('mail_outbox').set({ to_sealed: null }).where('to_sealed', 'is not', null).where('created_at', '<', before).execute();
}

export const mailSenderJob: Job = {
  name: 'mail.send',
  everyMs: 15_000,
  leaseMs: 120_000,
  run: async (ctx) => {
    while ((await sendDueMail(ctx)) === mailLimits.batchSize) {
      // keep draining while full batches come back
    }
  },
};

export interface OutboxEntry {
  id: string;
  kommunId: string | null;
  organisationId: string | null;
  to: string;
  subject: string;
  text: string;
  status: string;
  attempts: number;
  nextAttemptAt: string;
  lastError: string | null;
  createdAt: string;
  sentAt: string | null;
}

function toOutboxEntry(r: MailOutboxTable): OutboxEntry {
  return {
    id: r.id,
    kommunId: r.kommun_id,
    organisationId: r.organisation_id,
    to: r.to_address,
    subject: r.subject,
    text: r.body_text,
    status: r.status,
    attempts: r.attempts,
    nextAttemptAt: r.next_attempt_at,
    lastError: r.last_error,
    createdAt: r.created_at,
    sentAt: r.sent_at,
  };
}

/** Mail the scope may read: all mail concerning the kommun, or an organisation's own mail (rowScope). */
function inScope(db: Db, scope: RowScope) {
  return db.selectFrom('mail_outbox').selectAll().where(scopeFilter(scope));
}

function scopeFilter(scope: RowScope) {
  return (eb: ExpressionBuilder<Tables, 'mail_outbox'>) => {
    const ors = [];
    if (scope.wholeKommun) ors.push(eb('kommun_id', '=', scope.kommunId));
    if (scope.organisationIds.length > 0) {
      ors.push(eb.and([eb('organisation_id', 'in', scope.organisationIds), eb.or([eb('kommun_id', '=', scope.kommunId), eb('kommun_id', 'is', null)])]));
    }
    return eb.or(ors);
  };
}

/** Mail in the scope that could not be sent, for the staff overview (which runs it). An empty scope counts nothing. */
export function selectFailedMailCount(db: Db, scope: RowScope) {
  return db.selectFrom('mail_outbox').select((eb) => eb.fn.countAll().as('n')).where(scopeFilter(scope)).where('status', '=', 'failed');
}

/**
 * Newest first, keyset-paginated on the time-ordered id (mail_outbox_kommun_idx); only mail the
 * scope may read. `before` pages towards older mail, `after` back towards the newest.
 */
export async function listOutbox(db: Db, scope: RowScope, before: string | undefined, limit: number, after?: string | undefined): Promise<OutboxEntry[]> {
  if (!scope.wholeKommun && scope.organisationIds.length === 0) return [];
  let query = inScope(db, scope);
  if (before) query = query.where('id', '<', before);
  else if (after) {
    const rows = await query.where('id', '>', after).orderBy('id', 'asc').limit(limit).execute();
    return rows.reverse().map(toOutboxEntry);
  }
  const rows = await query.orderBy('id', 'desc').limit(limit).execute();
  return rows.map(toOutboxEntry);
}

export async function findOutboxEntry(db: Db, scope: RowScope, id: string): Promise<OutboxEntry | undefined> {
  if (!scope.wholeKommun && scope.organisationIds.length === 0) return undefined;
  const row = await inScope(db, scope).where('id', '=', id).executeTakeFirst();
  return row ? toOutboxEntry(row) : undefined;
}

/** The newest mail of every kind with secrets in place, for the developer mail catcher only. */
export async function listMailForDeveloper(ctx: AppContext, limit: number): Promise<(OutboxEntry & { text: string })[]> {
  const rows = await ctx.db.selectFrom('mail_outbox').selectAll().orderBy('id', 'desc').limit(limit).execute();
  return rows.map((r) => ({ ...toOutboxEntry(r), to: recipientOf(ctx, r) ?? '', text: textWithSecret(ctx, r) }));
}
