// Item 1: password-reset and invitation links reach only the person they are for — not staff
// reading the outbox, not the database, not the audit log.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dialects } from '../databases.js';
import { passwordLinks, type TestSmtpServer } from '../smtp.js';
import { createWorldWithMailbox, dumpTable, latestLinkTo, mailsTo, readWholeOutbox } from './helpers.js';
import { createWorld, ids, people, type World } from './world.js';

describe.each(dialects)('password links stay with their addressee on %s', (dialect) => {
  let world: World;
  let smtp: TestSmtpServer;
  let close: () => Promise<void>;
  beforeAll(async () => {
    ({ world, smtp, close } = await createWorldWithMailbox(dialect));
  });
  afterAll(async () => close());

  it('a kommun administrator who asks for a reset of the platform administrator finds no link anywhere staff can read', async () => {
    const attacker = await world.as('vallentunaAdmin');
    const page = await attacker.submitForm('/glomt-losenord', '/glomt-losenord', { email: people.platformAdmin.email });
    expect(page.statusCode).toBe(200);
    for (const kommun of ['vallentuna', 'taby', 'solna']) {
      expect(passwordLinks(await readWholeOutbox(attacker, kommun))).toEqual([]);
    }
    // Nor in the database (a backup, a read replica, a careless export).
    expect(passwordLinks(await dumpTable(world, 'mail_outbox'))).toEqual([]);
    expect(passwordLinks(await dumpTable(world, 'audit_log'))).toEqual([]);
    // The platform administrator does get a working link.
    const link = await latestLinkTo(world, smtp, people.platformAdmin.email);
    expect(link).toMatch(/^\/aterstall\//);
    const form = await world.anonymous().get(link!);
    expect(form.statusCode).toBe(200);
  });

  it('files reset mail under no kommun: no administrator sees that someone asked', async () => {
    await world.anonymous().submitForm('/glomt-losenord', '/glomt-losenord', { email: people.vallentunaCoordinator.email });
    const admin = await world.as('platformAdmin');
    const outbox = await readWholeOutbox(admin, 'vallentuna');
    expect(outbox).not.toMatch(/återställ|reset/i);
    const resetRows = await world.t.ctx.db.selectFrom('mail_outbox').select(['organisation_id', 'kommun_id']).where('to_address', '=', people.vallentunaCoordinator.email).execute();
    expect(resetRows.length).toBeGreaterThan(0);
    for (const row of resetRows) expect(row).toEqual({ organisation_id: null, kommun_id: null });
  });

  it('an invitation link is readable by the invitee only, and is dropped from the database once sent', async () => {
    const admin = await world.as('vallentunaAdmin');
    const sent = await admin.submitForm('/vallentuna/admin/personer', '/vallentuna/admin/personer', {
      name: 'Nya Samordnaren',
      email: 'ny.samordnare@vallentuna.example',
      organisationId: ids.vallentuna,
      role: 'coordinator',
    });
    expect(sent.statusCode).toBe(303);
    expect(passwordLinks(await readWholeOutbox(admin, 'vallentuna'))).toEqual([]);
    expect(passwordLinks(await dumpTable(world, 'mail_outbox'))).toEqual([]);
    const mails = await mailsTo(world, smtp, 'ny.samordnare@vallentuna.example');
    expect(mails.flatMap(passwordLinks)).toHaveLength(1);
    const row = await world.t.ctx.db.selectFrom('mail_outbox').selectAll().where('to_address', '=', 'ny.samordnare@vallentuna.example').executeTakeFirstOrThrow();
    expect(row.status).toBe('sent');
    expect(row.secret_sealed).toBeNull();
    expect(passwordLinks(JSON.stringify(row))).toEqual([]);
  });
});

describe.each(dialects)('the developer mail catcher on %s', (dialect) => {
  it('shows kept mail with its link in demo mode without SMTP, so the flow can be followed', async () => {
    const world = await createWorld(dialect);
    try {
      await world.anonymous().submitForm('/glomt-losenord', '/glomt-losenord', { email: people.vallentunaCoordinator.email });
      const catcher = await world.anonymous().get('/utveckling/e-post');
      expect(catcher.statusCode).toBe(200);
      const link = passwordLinks(catcher.body).at(-1);
      expect(link).toMatch(/^\/aterstall\//);
      expect((await world.anonymous().get(link!)).statusCode).toBe(200);
      // Staff still see no link in the outbox.
      expect(passwordLinks(await readWholeOutbox(await world.as('vallentunaAdmin'), 'vallentuna'))).toEqual([]);
    } finally {
      await world.t.close();
    }
  });

  it('does not exist outside demo mode', async () => {
    const world = await createWorld(dialect, { config: { SAMTRYGG_DEMO: 'false' } });
    try {
      await world.anonymous().submitForm('/glomt-losenord', '/glomt-losenord', { email: people.vallentunaAdmin.email });
      expect((await world.anonymous().get('/utveckling/e-post')).statusCode).toBe(404);
    } finally {
      await world.t.close();
    }
  });
});
