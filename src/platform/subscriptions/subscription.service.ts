// Use cases of e-mail subscriptions. The address is used for one thing only, the updates the
// resident asked for: sealed in its row, hashed for finding it again, sealed again in each mail
// on its way out, and gone with the row when they unsubscribe. No audit row, log line or page
// ever carries it; staff see counts.
import { writeAudit } from '../audit/audit.repository.js';
import { publicBaseUrl } from '../auth/links.js';
import { seal, unseal } from '../auth/sealing.js';
import { hashToken, hmac, randomToken, safeEqual } from '../auth/tokens.js';
import type { AppContext } from '../context.js';
import type { Db } from '../db/database.js';
import { isId, newId } from '../db/ids.js';
import { inTransaction, type Transaction } from '../db/transaction.js';
import { TooManyRequestsError } from '../http/errors.js';
import { safeLocalPath } from '../http/forms.js';
import { consumeRateLimit } from '../http/rate-limit.js';
import type { Locale } from '../i18n/i18n.js';
import { queueMail, queueMails, secretPlaceholder, type MailInput } from '../mail/mail.js';
import {
  countConfirmed,
  deleteSubscription,
  deleteTopic,
  deleteUnconfirmedBefore,
  findKommunSlug,
  findSubscriptionByAddress,
  findSubscriptionByConfirmToken,
  findSubscriptionTopic,
  insertSubscription,
  listConfirmedSubscribers,
  markSubscriptionConfirmed,
  refreshUnconfirmedSubscription,
} from './subscription.repository.js';
import { subscribeAddressLimit, subscriptionLimits, topicPattern } from './subscription.schemas.js';

/** Paths of the kernel's subscription pages under /{kommun}/. */
export const subscriptionPaths = { confirm: 'prenumeration/bekrafta', unsubscribe: 'prenumeration/avsluta', sent: 'prenumeration/skickat' } as const;

export interface SubscriptionRequest {
  kommunId: string;
  /** The module's key for what is followed, e.g. `cooperation.promise:<id>`. */
  topic: string;
  email: string;
  locale: Locale;
  /** What is followed, in words, for the mail and the pages ("Mer synlig polis vid stationen"). */
  topicTitle: string;
  /** The local path of the thing followed, `/{kommun}/…`. */
  topicUrl: string;
}

/** What a subscription follows, for the pages that confirm or end it. */
export interface FollowedTopic {
  title: string;
  path: string;
}

export type ConfirmOutcome = { status: 'confirmed'; topic: FollowedTopic } | { status: 'expired' } | { status: 'unknown' };
export type UnsubscribeOutcome = { status: 'deleted'; topic: FollowedTopic } | { status: 'gone' } | { status: 'unknown' };

/** Lower case and trimmed: how one address is recognised, however it was typed. */
export function normaliseEmail(email: string): string {
  return email.trim().toLowerCase();
}

function emailHash(ctx: AppContext, email: string): string {
  return hmac(ctx.config.sessionSecret, `subscription-email:${normaliseEmail(email)}`);
}

function confirmExpiry(now: Date): string {
  return new Date(now.getTime() - subscriptionLimits.confirmDays * 86_400_000).toISOString();
}

// The unsubscribe token is derived, not stored: a keyed hash of the row (and its kommun, so it
// means nothing at another kommun's address). Every mail can carry a working link without the
// database holding any, and the link dies with the row.
function unsubscribeMac(ctx: AppContext, kommunId: string, id: string): string {
  return hmac(ctx.config.sessionSecret, `subscription-unsubscribe:${kommunId}:${id}`);
}

export function unsubscribeToken(ctx: AppContext, kommunId: string, id: string): string {
  return `${id}.${unsubscribeMac(ctx, kommunId, id)}`;
}

/** The subscription id a token names, when the token is ours for this kommun; else null. */
export function subscriptionIdOfToken(ctx: AppContext, kommunId: string, token: string): string | null {
  const [id, mac, ...rest] = token.split('.');
  if (rest.length > 0 || !isId(id) || typeof mac !== 'string') return null;
  return safeEqual(mac, unsubscribeMac(ctx, kommunId, id)) ? id : null;
}

function assertTopic(topic: string): void {
  if (topic.length > subscriptionLimits.topic || !topicPattern.test(topic)) throw new Error(`Not a subscription topic: ${topic}`);
}

/**
 * Records an unconfirmed subscription (or refreshes the one waiting) and mails its confirmation
 * link, in one transaction. An address that already follows the topic gets nothing, and the
 * caller learns nothing: the form answers the same way whatever the address, so it tells nobody
 * who subscribes to what. Past the per-address limit nothing is sent either (see
 * subscribeAddressLimit); the caller limits by IP address (acceptSubscribeForm does).
 */
export async function requestSubscription(ctx: AppContext, input: SubscriptionRequest, now = new Date()): Promise<void> {
  assertTopic(input.topic);
  if (!(await allowSubscriptionRequest(ctx, input.email, now))) return;
  await inTransaction(ctx, (tx) => queueSubscriptionRequest(ctx, tx, input, now));
}

/**
 * Counts one request against the per-address limit (subscribeAddressLimit); false once it is
 * spent, and then nothing should be sent. Separate from queueSubscriptionRequest so that a module
 * can check it in the transaction that records its own change with the request (`db`): a change
 * that is refused then counts nothing.
 */
export async function allowSubscriptionRequest(ctx: AppContext, email: string, now = new Date(), db: Db = ctx.db): Promise<boolean> {
  try {
    await consumeRateLimit(ctx, subscribeAddressLimit, normaliseEmail(email.trim()), now.getTime(), db);
    return true;
  } catch (error) {
    if (error instanceof TooManyRequestsError) return false;
    throw error;
  }
}

/**
 * requestSubscription inside the caller's transaction (a report and its reporter's request for
 * updates are kept, or refused, together). The caller has asked allowSubscriptionRequest first.
 */
export async function queueSubscriptionRequest(ctx: AppContext, tx: Transaction, input: SubscriptionRequest, now = new Date()): Promise<void> {
  assertTopic(input.topic);
  const email = input.email.trim();
  const hash = emailHash(ctx, email);
  const nowIso = now.toISOString();
  const token = randomToken();
  const topicTitle = input.topicTitle.trim().slice(0, subscriptionLimits.topicTitle);
  const topicPath = safeLocalPath(input.topicUrl, '/');
  const slug = await findKommunSlug(tx.trx, input.kommunId);
  if (!slug) throw new Error('requestSubscription: no such kommun');
  let id: string;
  const existing = await findSubscriptionByAddress(tx.trx, input.kommunId, input.topic, hash);
  if (existing?.confirmed_at) return;
  const fresh = { locale: input.locale, topic_title: topicTitle, topic_path: topicPath, confirm_token_hash: hashToken(token), requested_at: nowIso };
  if (existing) {
    id = existing.id;
    if (!(await refreshUnconfirmedSubscription(tx.trx, input.kommunId, id, { ...fresh, email_sealed: seal(ctx.config.sessionSecret, 'subscription-email', email, id) }))) return;
  } else {
    id = newId(now.getTime());
    const inserted = await insertSubscription(tx.trx, {
      id,
      kommun_id: input.kommunId,
      topic: input.topic,
      email_sealed: seal(ctx.config.sessionSecret, 'subscription-email', email, id),
      email_hash: hash,
      created_at: nowIso,
      confirmed_at: null,
      ...fresh,
    });
    // Another request for the same address won the race; it sends the link.
    if (!inserted) return;
  }
  const t = ctx.registry.messages.translator(input.locale);
  const link = `${publicBaseUrl(ctx)}/${slug}/${subscriptionPaths.confirm}?t=${token}`;
  await queueMail(ctx, tx, {
    kommunId: input.kommunId,
    organisationId: input.kommunId,
    to: email,
    hideRecipient: true,
    subject: t('subscriptions.confirmMailSubject', { topic: topicTitle }),
    text: t('subscriptions.confirmMailText', { topic: topicTitle, link: secretPlaceholder, days: subscriptionLimits.confirmDays }),
    secret: link,
  });
}

/** The POST behind the confirmation link's button. */
export async function confirmSubscription(ctx: AppContext, kommunId: string, token: string, now = new Date()): Promise<ConfirmOutcome> {
  if (token === '') return { status: 'unknown' };
  return inTransaction(ctx, async ({ trx }) => {
    const row = await findSubscriptionByConfirmToken(trx, kommunId, hashToken(token));
    if (!row) return { status: 'unknown' };
    if (row.requested_at < confirmExpiry(now)) return { status: 'expired' };
    await markSubscriptionConfirmed(trx, kommunId, row.id, now.toISOString());
    return { status: 'confirmed', topic: { title: row.topic_title, path: row.topic_path } };
  });
}

/** What the confirmation page shows before the button is pressed (nothing is changed). */
export async function findPendingConfirmation(ctx: AppContext, kommunId: string, token: string, now = new Date()): Promise<ConfirmOutcome> {
  if (token === '') return { status: 'unknown' };
  const row = await findSubscriptionByConfirmToken(ctx.db, kommunId, hashToken(token));
  if (!row) return { status: 'unknown' };
  if (row.requested_at < confirmExpiry(now)) return { status: 'expired' };
  return { status: 'confirmed', topic: { title: row.topic_title, path: row.topic_path } };
}

/** What the unsubscribe page shows before the button is pressed. */
export async function findSubscriptionToEnd(ctx: AppContext, kommunId: string, token: string): Promise<UnsubscribeOutcome> {
  const id = subscriptionIdOfToken(ctx, kommunId, token);
  if (!id) return { status: 'unknown' };
  const topic = await findSubscriptionTopic(ctx.db, kommunId, id);
  return topic ? { status: 'deleted', topic: { title: topic.topic_title, path: topic.topic_path } } : { status: 'gone' };
}

/** Deletes the subscription (and so the address); a second time finds it gone, which is fine. */
export async function unsubscribe(ctx: AppContext, kommunId: string, token: string): Promise<UnsubscribeOutcome> {
  const id = subscriptionIdOfToken(ctx, kommunId, token);
  if (!id) return { status: 'unknown' };
  const deleted = await inTransaction(ctx, ({ trx }) => deleteSubscription(trx, kommunId, id));
  return deleted ? { status: 'deleted', topic: { title: deleted.topic_title, path: deleted.topic_path } } : { status: 'gone' };
}

export interface Notification {
  kommunId: string;
  topic: string;
  /** The subject in the subscriber's language. */
  subject: (locale: Locale) => string;
  /**
   * The text in the subscriber's language. `unsubscribeUrl` is a placeholder the outbox fills
   * in per mail, as it leaves; the kernel adds a closing line with it when the text has none.
   */
  text: (locale: Locale, unsubscribeUrl: string) => string;
}

/**
 * Queues one mail per confirmed subscriber of the topic inside the caller's transaction, so the
 * mail exists exactly when the update it announces committed. Each carries its own unsubscribe
 * link, in the text and in List-Unsubscribe headers with RFC 8058's one-click POST. Subscribers
 * are read and queued in batches (keyset on id), so a topic of any size is never all in memory.
 * Returns how many mails were queued; the audit row records that count, nothing else.
 */
export async function notifySubscribers(ctx: AppContext, tx: Transaction, notification: Notification): Promise<number> {
  assertTopic(notification.topic);
  const { kommunId, topic } = notification;
  const slug = await findKommunSlug(tx.trx, kommunId);
  if (!slug) return 0;
  const base = `${publicBaseUrl(ctx)}/${slug}/${subscriptionPaths.unsubscribe}?t=`;
  const rendered = new Map<string, { subject: string; text: string }>();
  const renderFor = (locale: Locale, topicTitle: string) => {
    const key = `${locale}\u0000${topicTitle}`;
    let mail = rendered.get(key);
    if (!mail) {
      const t = ctx.registry.messages.translator(locale);
      const text = notification.text(locale, secretPlaceholder);
      const footer = t('subscriptions.mailFooter', { topic: topicTitle, link: secretPlaceholder });
      mail = { subject: notification.subject(locale), text: text.includes(secretPlaceholder) ? text : `${text.trimEnd()}\n\n-- \n${footer}` };
      rendered.set(key, mail);
    }
    return mail;
  };
  let queued = 0;
  let afterId: string | null = null;
  for (;;) {
    const batch = await listConfirmedSubscribers(tx.trx, kommunId, topic, afterId, subscriptionLimits.notifyBatch);
    const mails: MailInput[] = [];
    for (const row of batch) {
      const to = unseal(ctx.config.sessionSecret, 'subscription-email', row.email_sealed, row.id);
      // Sealed under another SESSION_SECRET: the address can no longer be read, nor the link checked.
      if (to === null) continue;
      const { subject, text } = renderFor(row.locale, row.topic_title);
      mails.push({
        kommunId,
        organisationId: kommunId,
        to,
        hideRecipient: true,
        subject,
        text,
        secret: `${base}${unsubscribeToken(ctx, kommunId, row.id)}`,
        headers: { 'List-Unsubscribe': `<${secretPlaceholder}>`, 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' },
      });
    }
    await queueMails(ctx, tx, mails);
    queued += mails.length;
    const last = batch[batch.length - 1];
    if (!last || batch.length < subscriptionLimits.notifyBatch) break;
    afterId = last.id;
  }
  if (queued > 0) {
    await writeAudit(tx.trx, { actorUserId: null, kommunId, organisationId: kommunId, action: 'subscriptions.notified', entityType: 'subscription_topic', entityId: null, after: { title: topic, mails: queued } });
  }
  return queued;
}

/** For when the thing followed is deleted: its subscriptions (and their addresses) go with it. */
export async function deleteSubscriptionsOfTopic(trx: Db, kommunId: string, topic: string): Promise<number> {
  const deleted = await deleteTopic(trx, kommunId, topic);
  if (deleted > 0) {
    await writeAudit(trx, { actorUserId: null, kommunId, organisationId: kommunId, action: 'subscriptions.topic_deleted', entityType: 'subscription_topic', entityId: null, after: { title: topic, subscriptions: deleted } });
  }
  return deleted;
}

/** How many confirmed subscribers a topic has: all staff ever learn of them. */
export async function countConfirmedSubscribers(db: Db, kommunId: string, topic: string): Promise<number> {
  return countConfirmed(db, kommunId, topic);
}

/** Unconfirmed subscriptions whose link has expired: the job deletes them with their addresses. */
export async function deleteExpiredSubscriptionRequests(ctx: AppContext, now = new Date()): Promise<number> {
  return deleteUnconfirmedBefore(ctx.db, confirmExpiry(now));
}
