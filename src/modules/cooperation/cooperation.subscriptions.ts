// Residents follow a löfte or an activity by e-mail (the kernel's subscriptions own the
// addresses). A public follow-up on an activity reaches those following the activity and those
// following every published löfte the activity is part of; one on a löfte reaches the löfte's.
// Queued in the entry's own transaction: the mail exists exactly when the entry does.
import type { AppContext } from '../../platform/context.js';
import type { Transaction } from '../../platform/db/transaction.js';
import { publicBaseUrl } from '../../platform/auth/index.js';
import { formatDate, type Locale } from '../../platform/i18n/i18n.js';
import { notifySubscribers } from '../../platform/subscriptions/index.js';
import type { EntryRow } from './entry.repository.js';

export const activityTopic = (activityId: string) => `cooperation.activity:${activityId}`;
export const promiseTopic = (promiseId: string) => `cooperation.promise:${promiseId}`;

/** Markdown to the plain text of a mail: links keep their address, emphasis marks go. */
function plainText(markdown: string): string {
  return markdown
    .replace(/!\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/\[([^\]]+)\]\(([^)]+)\)/g, '$1 ($2)')
    .replace(/[*_`#>]/g, '')
    .trim();
}

export async function notifyFollowUp(ctx: AppContext, tx: Transaction, entry: EntryRow): Promise<void> {
  if (entry.visibility !== 'public') return;
  const { trx } = tx;
  const kommun = await trx.selectFrom('organisations').select('slug').where('id', '=', entry.kommunId).executeTakeFirst();
  if (!kommun?.slug) return;
  const base = `${publicBaseUrl(ctx)}/${kommun.slug}`;
  const targets: { topic: string; title: string; url: string }[] = [];
  if (entry.activityId) {
    const activity = await trx
      .selectFrom('coop_activities')
      .innerJoin('coop_plans', 'coop_plans.id', 'coop_activities.plan_id')
      .select(['coop_activities.title', 'coop_activities.slug', 'coop_plans.slug as plan_slug'])
      .where('coop_activities.kommun_id', '=', entry.kommunId)
      .where('coop_activities.id', '=', entry.activityId)
      .executeTakeFirstOrThrow();
    const url = `${base}/atgardsplaner/${activity.plan_slug}/${activity.slug}#uppfoljning-${entry.id}`;
    targets.push({ topic: activityTopic(entry.activityId), title: activity.title, url });
    const promises = await trx
      .selectFrom('coop_promise_activities as l')
      .innerJoin('coop_promises as p', (join) => join.onRef('p.id', '=', 'l.promise_id').onRef('p.public_version_no', '=', 'l.version_no'))
      .innerJoin('coop_promise_versions as v', (join) => join.onRef('v.promise_id', '=', 'p.id').onRef('v.version_no', '=', 'p.public_version_no'))
      .select(['p.id', 'v.title'])
      .distinct()
      .where('l.kommun_id', '=', entry.kommunId)
      .where('l.activity_id', '=', entry.activityId)
      .where('v.status', '=', 'published')
      .execute();
    for (const promise of promises) targets.push({ topic: promiseTopic(promise.id), title: promise.title, url });
  } else if (entry.promiseId) {
    const promise = await trx
      .selectFrom('coop_promises as p')
      .innerJoin('coop_promise_versions as v', (join) => join.onRef('v.promise_id', '=', 'p.id').onRef('v.version_no', '=', 'p.public_version_no'))
      .select(['p.slug', 'v.title'])
      .where('p.kommun_id', '=', entry.kommunId)
      .where('p.id', '=', entry.promiseId)
      .executeTakeFirst();
    if (!promise) return;
    targets.push({ topic: promiseTopic(entry.promiseId), title: promise.title, url: `${base}/medborgarloften/${promise.slug}#uppfoljning-${entry.id}` });
  }
  const body = plainText(entry.bodyMd);
  for (const target of targets) {
    await notifySubscribers(ctx, tx, {
      kommunId: entry.kommunId,
      topic: target.topic,
      subject: (locale: Locale) => ctx.registry.messages.translator(locale)('cooperation.mail.subject', { title: target.title }),
      text: (locale: Locale, unsubscribeUrl: string) => {
        const t = ctx.registry.messages.translator(locale);
        return [
          t('cooperation.mail.intro', { title: target.title }),
          '',
          `${entry.title} (${formatDate(locale, `${entry.happenedOn}T12:00:00Z`)})`,
          ...(body ? ['', body] : []),
          '',
          t('cooperation.mail.readMore', { url: target.url }),
          '',
          t('cooperation.mail.unsubscribe', { url: unsubscribeUrl }),
        ].join('\n');
      },
    });
  }
}
