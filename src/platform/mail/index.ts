// Outgoing mail: a database outbox sent by a job through SMTP, or kept for administrators to
// read in the browser when no SMTP server is configured.
import { defineModule } from '../module.js';
import { mailMessages } from './mail.messages.js';
import * as outboxOrgIndex from './migrations/2026_11_25_0010_mail_outbox_org_index.js';
import * as outboxStatusIndexes from './migrations/2026_12_02_0500_mail_outbox_status_indexes.js';
import * as outboxHeadersHiddenRecipient from './migrations/2026_12_02_0710_mail_outbox_headers_hidden_recipient.js';
import { registerOutboxRoutes } from './outbox.routes.js';
import { selectFailedMailCount } from './mail.js';
import { rowScope } from '../auth/scope.js';

export { queueMail, queueMails, sendDueMail, secretPlaceholder, type MailInput } from './mail.js';

export const mailFeature = defineModule({
  name: 'mail',
  migrations: {
    '2026_11_25_0010_mail_outbox_org_index': outboxOrgIndex,
    '2026_12_02_0500_mail_outbox_status_indexes': outboxStatusIndexes,
    '2026_12_02_0710_mail_outbox_headers_hidden_recipient': outboxHeadersHiddenRecipient,
  },
  messages: mailMessages,
  // mail.outbox.read is declared and granted by the auth feature (administrator).
  staffNav: [{ path: 'admin/utkorg', labelKey: 'mail.nav', permission: 'mail.outbox.read', order: 95 }],
  staffOverview: [
    {
      name: 'mail.failed',
      order: 60,
      permission: 'mail.outbox.read',
      labelKey: 'mail.overviewFailed',
      href: 'admin/utkorg',
      count: (db, actor, kommun) => selectFailedMailCount(db, rowScope(actor, kommun.id, 'mail.outbox.read')),
    },
  ],
  routes: registerOutboxRoutes,
});
