// Outgoing mail is a table first: queueMail inserts into mail_outbox inside the caller's
// transaction, so a mail exists exactly when the change that caused it committed, and survives a
// restart. A job sends due rows through SMTP with retries; with no SMTP configured the rows are
// kept for administrators to read in the browser.
//
// A mail may carry one secret (the link of a password reset or an invitation). It never sits in
// the stored body: the body holds a placeholder, the secret is sealed in secret_sealed (bound to
// the row), put into the text only on its way to the SMTP server, and dropped once sent or
// when it can no longer be used. Staff reading the outbox see a note where the link goes.
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
  const id = newId();
  const now = new Date().toISOString();
  if (mail.secret !== undefined && !mail.text.includes(secretPlaceholder)) throw new Error('A mail with a secret needs the secret placeholder in its text');
  await tx.trx
    .insertInto('mail_outbox')
    .values({
      id,
      kommun_id: mail.kommunId,
      organisation_id: mail.organisationId,
      to_address: mail.to,
      subject: mail.subject,
      body_text: mail.text,
      secret_sealed: mail.secret === undefined ? null : seal(ctx.config.sessionSecret, 'mail-secret', mail.secret, id),
      status: ctx.config.smtpUrl ? 'queued' : 'kept',
      attempts: 0,
      next_attempt_at: now,
      locked_until: null,
      last_error: null,
      created_at: now,
      sent_at: null,
    })
    .execute();
  tx.afterCommit(() => ctx.notifyMailQueued());
  return id;
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
    try {
      await transporterFor(smtpUrl).sendMail({
        from: ctx.config.mailFrom,
        to: mail.to_address,
        subject: mail.subject,
        text: textWithSecret(ctx, mail),
      });
      await ctx.db
        .updateTable('mail_outbox')
        .set({ status: 'sent', sent_at: new Date().toISOString(), attempts: mail.attempts + 1, locked_until: null, last_error: null, secret_sealed: null })
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
          ...(attempts >= mailLimits.maxAttempts ? { secret_sealed: null } : {}),
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

/** The text as the addressee reads it: the secret unsealed into its place. */
export function textWithSecret(ctx: AppContext, mail: Pick<MailOutboxTable, 'id' | 'body_text' | 'secret_sealed'>): string {
  if (!mail.body_text.includes(secretPlaceholder)) return mail.body_text;
  const secret = mail.secret_sealed ? unseal(ctx.config.sessionSecret, 'mail-secret', mail.secret_sealed, mail.id) : null;
  return mail.body_text.split(secretPlaceholder).join(secret ?? '[…]');
}

/** Drops secrets of mail that was never sent and whose link has expired anyway. */
export async function dropStaleMailSecrets(ctx: AppContext, now = new Date()): Promise<void> {
  const before = new Date(now.getTime() - mailLimits.secretDays * 86_400_000).toISOString();
  await ctx.db.updateTable('mail_outbox').set({ secret_sealed: null }).where('secret_sealed', 'is not', null).where('created_at', '<', before).execute();
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
  return rows.map((r) => ({ ...toOutboxEntry(r), text: textWithSecret(ctx, r) }));
}
