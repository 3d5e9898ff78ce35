// Small tools the attack tests share: reading every page of a staff outbox the way an
// administrator would, and following mail to its addressee over real SMTP.
import { sendDueMail } from '../../src/platform/mail/mail.js';
import type { TestClient } from '../app.js';
import type { Dialect } from '../../src/platform/db/database.js';
import { mailText, passwordLinks, startSmtpServer, type TestSmtpServer } from '../smtp.js';
import { createWorld, type World } from './world.js';

/** Everything an outbox reader can open: the list and every mail page it links to. */
export async function readWholeOutbox(client: TestClient, kommun: string): Promise<string> {
  const list = await client.get(`/${kommun}/admin/utkorg`);
  if (list.statusCode !== 200) return '';
  let text = list.body;
  for (const match of list.body.matchAll(new RegExp(`href="(/${kommun}/admin/utkorg/[0-9a-f-]{36})"`, 'g'))) {
    const mail = await client.get(match[1]!);
    text += mail.body;
  }
  return text;
}

/** Sends what is due and returns the decoded text of every mail delivered to `to` so far. */
export async function mailsTo(world: World, smtp: TestSmtpServer, to: string): Promise<string[]> {
  while ((await sendDueMail(world.t.ctx)) > 0) {
    // drain
  }
  return smtp.received.filter((m) => m.to.includes(to)).map((m) => mailText(m.raw));
}

/** The newest password link delivered to `to`, or undefined. */
export async function latestLinkTo(world: World, smtp: TestSmtpServer, to: string): Promise<string | undefined> {
  const mails = await mailsTo(world, smtp, to);
  return mails.flatMap(passwordLinks).at(-1);
}

/** Every column of every row of a table as one string, to search for secrets. */
export async function dumpTable(world: World, table: 'mail_outbox' | 'audit_log' | 'users' | 'user_tokens' | 'rate_limits'): Promise<string> {
  const rows = await world.t.ctx.db.selectFrom(table).selectAll().execute();
  return JSON.stringify(rows);
}

/** The three-kommun world with a real SMTP server receiving its mail, and one call to stop both. */
export async function createWorldWithMailbox(dialect: Dialect, config: Record<string, string> = {}): Promise<{ world: World; smtp: TestSmtpServer; close(): Promise<void> }> {
  const smtp = await startSmtpServer();
  const world = await createWorld(dialect, { config: { SMTP_URL: smtp.url, ...config } });
  return {
    world,
    smtp,
    async close() {
      await world.t.close();
      await smtp.close();
    },
  };
}
