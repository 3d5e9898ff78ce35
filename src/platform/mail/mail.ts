// Outgoing mail is a table first: queueMail inserts into mail_outbox inside the caller's
// transaction, so a mail exists exactly when the change that caused it committed, and survives a
// restart. A job sends due rows through SMTP with retries; with no SMTP configured the rows are
// kept for administrators to read in the browser.
import nodemailer, { type Transporter } from 'nodemailer';
import type { AppContext } from '../context.js';
import type { Db } from '../db/database.js';
import type { MailOutboxTable } from '../db/tables.js';
import { newId } from '../db/ids.js';
import type { Transaction } from '../db/transaction.js';
import type { Job } from '../jobs/jobs.js';

export interface MailInput {
  organisationId: string | null;
  to: string;
  subject: string;
  text: string;
}

export const mailLimits = { maxAttempts: 8, batchSize: 20 } as const;

export async function queueMail(ctx: AppContext, tx: Transaction, mail: MailInput): Promise<string> {
  const id = newId();
  const now = new Date().toISOString();
  await tx.trx
    .insertInto('mail_outbox')
    .values({
      id,
      organisation_id: mail.organisationId,
      to_address: mail.to,
      subject: mail.subject,
      body_text: mail.text,
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
        text: mail.body_text,
      });
      await ctx.db
        .updateTable('mail_outbox')
        .set({ status: 'sent', sent_at: new Date().toISOString(), attempts: mail.attempts + 1, locked_until: null, last_error: null })
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

/**
 * Newest first, keyset-paginated on the time-ordered id; only mail of the given organisations.
 * `before` pages towards older mail, `after` back towards the newest.
 */
export async function listOutbox(
  db: Db,
  organisationIds: string[],
  before: string | undefined,
  limit: number,
  after?: string | undefined,
): Promise<OutboxEntry[]> {
  if (organisationIds.length === 0) return [];
  let query = db.selectFrom('mail_outbox').selectAll().where('organisation_id', 'in', organisationIds);
  if (before) query = query.where('id', '<', before);
  else if (after) {
    const rows = await query.where('id', '>', after).orderBy('id', 'asc').limit(limit).execute();
    return rows.reverse().map(toOutboxEntry);
  }
  const rows = await query.orderBy('id', 'desc').limit(limit).execute();
  return rows.map(toOutboxEntry);
}

export async function findOutboxEntry(db: Db, organisationIds: string[], id: string): Promise<OutboxEntry | undefined> {
  if (organisationIds.length === 0) return undefined;
  const row = await db.selectFrom('mail_outbox').selectAll().where('id', '=', id).where('organisation_id', 'in', organisationIds).executeTakeFirst();
  return row ? toOutboxEntry(row) : undefined;
}
