// The only SQL of subscriptions. Every query names the kommun.
import type { Db } from '../db/database.js';
import type { EmailSubscriptionTable } from './subscription.tables.js';

export type SubscriptionRow = EmailSubscriptionTable;

export async function findSubscriptionByAddress(db: Db, kommunId: string, topic: string, emailHash: string): Promise<SubscriptionRow | undefined> {
  return db.selectFrom('email_subscriptions').selectAll().where('kommun_id', '=', kommunId).where('topic', '=', topic).where('email_hash', '=', emailHash).executeTakeFirst();
}

/** Inserts unless the address already follows the topic (a concurrent request); true when inserted. */
export async function insertSubscription(db: Db, row: SubscriptionRow): Promise<boolean> {
  const result = await db
    .insertInto('email_subscriptions')
    .values(row)
    .onConflict((oc) => oc.columns(['kommun_id', 'topic', 'email_hash']).doNothing())
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0) === 1;
}

/** A fresh link (and what the resident typed) for a row not yet confirmed. */
export async function refreshUnconfirmedSubscription(
  db: Db,
  kommunId: string,
  id: string,
  values: Pick<SubscriptionRow, 'email_sealed' | 'locale' | 'topic_title' | 'topic_path' | 'confirm_token_hash' | 'requested_at'>,
): Promise<boolean> {
  const result = await db.updateTable('email_subscriptions').set(values).where('kommun_id', '=', kommunId).where('id', '=', id).where('confirmed_at', 'is', null).executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export async function findSubscriptionByConfirmToken(db: Db, kommunId: string, tokenHash: string): Promise<SubscriptionRow | undefined> {
  return db.selectFrom('email_subscriptions').selectAll().where('kommun_id', '=', kommunId).where('confirm_token_hash', '=', tokenHash).executeTakeFirst();
}

export async function markSubscriptionConfirmed(db: Db, kommunId: string, id: string, now: string): Promise<boolean> {
  const result = await db
    .updateTable('email_subscriptions')
    .set({ confirmed_at: now, confirm_token_hash: null })
    .where('kommun_id', '=', kommunId)
    .where('id', '=', id)
    .where('confirmed_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export async function findSubscriptionTopic(db: Db, kommunId: string, id: string): Promise<Pick<SubscriptionRow, 'topic_title' | 'topic_path'> | undefined> {
  return db.selectFrom('email_subscriptions').select(['topic_title', 'topic_path']).where('kommun_id', '=', kommunId).where('id', '=', id).executeTakeFirst();
}

/** Deletes the row (the address goes with it); what it followed, or undefined when already gone. */
export async function deleteSubscription(db: Db, kommunId: string, id: string): Promise<Pick<SubscriptionRow, 'topic_title' | 'topic_path'> | undefined> {
  return db.deleteFrom('email_subscriptions').where('kommun_id', '=', kommunId).where('id', '=', id).returning(['topic_title', 'topic_path']).executeTakeFirst();
}

/**
 * One batch of a topic's confirmed subscribers after `afterId`, in id order: a range of
 * email_subscriptions_topic_idx (kommun_id, topic, id).
 */
export async function listConfirmedSubscribers(
  db: Db,
  kommunId: string,
  topic: string,
  afterId: string | null,
  limit: number,
): Promise<Pick<SubscriptionRow, 'id' | 'email_sealed' | 'locale' | 'topic_title'>[]> {
  let query = db
    .selectFrom('email_subscriptions')
    .select(['id', 'email_sealed', 'locale', 'topic_title'])
    .where('kommun_id', '=', kommunId)
    .where('topic', '=', topic)
    .where('confirmed_at', 'is not', null);
  if (afterId !== null) query = query.where('id', '>', afterId);
  return query.orderBy('id').limit(limit).execute();
}

export async function countConfirmed(db: Db, kommunId: string, topic: string): Promise<number> {
  const row = await db
    .selectFrom('email_subscriptions')
    .select((eb) => eb.fn.countAll().as('n'))
    .where('kommun_id', '=', kommunId)
    .where('topic', '=', topic)
    .where('confirmed_at', 'is not', null)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export async function deleteTopic(db: Db, kommunId: string, topic: string): Promise<number> {
  const result = await db.deleteFrom('email_subscriptions').where('kommun_id', '=', kommunId).where('topic', '=', topic).executeTakeFirst();
  return Number(result.numDeletedRows);
}

/** Unconfirmed rows whose link was sent before `before` (email_subscriptions_unconfirmed_idx). */
export async function deleteUnconfirmedBefore(db: Db, before: string): Promise<number> {
  const result = await db.deleteFrom('email_subscriptions').where('confirmed_at', 'is', null).where('requested_at', '<', before).executeTakeFirst();
  return Number(result.numDeletedRows);
}

export async function findKommunSlug(db: Db, kommunId: string): Promise<string | undefined> {
  const row = await db.selectFrom('organisations').select('slug').where('id', '=', kommunId).where('kind', '=', 'kommun').executeTakeFirst();
  return row?.slug ?? undefined;
}
