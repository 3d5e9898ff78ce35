// Outgoing mail: a database outbox sent by a job through SMTP, or kept for administrators to
// read in the browser when no SMTP server is configured.
import { defineModule } from '../module.js';
import { mailMessages } from './mail.messages.js';
import * as outboxOrgIndex from './migrations/2026_11_25_0010_mail_outbox_org_index.js';
import { registerOutboxRoutes } from './outbox.routes.js';

export { queueMail, sendDueMail } from './mail.js';

export const mailFeature = defineModule({
  name: 'mail',
  migrations: { '2026_11_25_0010_mail_outbox_org_index': outboxOrgIndex },
  messages: mailMessages,
  // mail.outbox.read is declared and granted by the auth feature (administrator).
  staffNav: [{ path: 'admin/utkorg', labelKey: 'mail.nav', permission: 'mail.outbox.read', order: 95 }],
  routes: registerOutboxRoutes,
});
