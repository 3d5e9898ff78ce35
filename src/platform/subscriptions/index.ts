// E-mail subscriptions for residents: a module lets residents follow one of its things (a
// promise, an activity, a report) by e-mail, with double opt-in and one-click unsubscribe. The
// kernel owns the addresses and uses them for nothing else: sealed in their rows, never shown to
// staff (who see counts), never exported, logged or audited, and deleted on unsubscribing or when
// an unconfirmed request expires. Modules name topics (`module.thing:id`); the kernel knows no
// module and no topic's meaning.
import type { AppContext } from '../context.js';
import { defineModule } from '../module.js';
import * as createSubscriptions from './migrations/2026_12_02_0720_subscriptions_create.js';
import { subscriptionMessages } from './subscription.messages.js';
import { registerSubscriptionRoutes } from './subscription.routes.js';
import { deleteExpiredSubscriptionRequests } from './subscription.service.js';
import './subscription.tables.js';

export {
  allowSubscriptionRequest,
  countConfirmedSubscribers,
  queueSubscriptionRequest,
  deleteSubscriptionsOfTopic,
  notifySubscribers,
  requestSubscription,
  type Notification,
  type SubscriptionRequest,
} from './subscription.service.js';
export { acceptSubscribeForm, sendSubscribeFormPage, type SubscribeTopic } from './subscription.routes.js';
export { subscribeFormBody, subscriptionLimits, type SubscribeFormInput } from './subscription.schemas.js';
export { SubscribeForm } from './subscription.views.js';

export const subscriptionsFeature = defineModule({
  name: 'subscriptions',
  migrations: { '2026_12_02_0720_subscriptions_create': createSubscriptions },
  messages: subscriptionMessages,
  routes: registerSubscriptionRoutes,
  jobs: [
    {
      name: 'subscriptions.cleanup',
      everyMs: 60 * 60_000,
      run: async (ctx: AppContext) => {
        await deleteExpiredSubscriptionRequests(ctx);
      },
    },
  ],
});
