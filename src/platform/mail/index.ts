// Outgoing mail: a database outbox sent by a job through SMTP, or kept for administrators to
// read in the browser when no SMTP server is configured.
import { defineModule } from '../module.js';

export { queueMail, sendDueMail } from './mail.js';

export const mailFeature = defineModule({ name: 'mail' });
