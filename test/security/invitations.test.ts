// Item 2: an invitation from one organisation cannot be hijacked by another. A password link is
// only ever sent to the account's own address by the flow that created the account; any other
// organisation can at most offer a role, which the person must accept, and learns no more than
// "invitation sent".
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TestClient } from '../app.js';
import { dialects } from '../databases.js';
import { passwordLinks, type TestSmtpServer } from '../smtp.js';
import { createWorldWithMailbox, latestLinkTo, mailsTo, readWholeOutbox } from './helpers.js';
import { ids, people, type World } from './world.js';

const target = 'ny.chef@vallentuna.example';
const chosenBySolna = 'solna-valde-det-har-losenordet';

describe.each(dialects)('invitations across kommuner on %s', (dialect) => {
  let world: World;
  let smtp: TestSmtpServer;
  let close: () => Promise<void>;
  beforeAll(async () => {
    ({ world, smtp, close } = await createWorldWithMailbox(dialect));
  });
  afterAll(async () => close());

  async function flashAfter(client: TestClient, response: { statusCode: number; headers: Record<string, unknown> }) {
    expect(response.statusCode).toBe(303);
    const page = await client.get(String(response.headers.location));
    return /role="status"[^>]*>([\s\S]*?)<\/div>/.exec(page.body)?.[1] ?? page.body;
  }

  it('Solna cannot take over a pending Vallentuna invitation to an administrator', async () => {
    const vallentuna = await world.as('vallentunaAdmin');
    await vallentuna.submitForm('/vallentuna/admin/personer', '/vallentuna/admin/personer', { name: 'Nya Chefen', email: target, organisationId: ids.vallentuna, role: 'administrator' });
    const vallentunaLink = await latestLinkTo(world, smtp, target);
    expect(vallentunaLink).toBeDefined();

    // The attack: invite the same address in Solna, then use whatever link Solna can read.
    const solna = await world.as('solnaAdmin');
    const invited = await solna.submitForm('/solna/admin/personer', '/solna/admin/personer', { name: 'Angriparen', email: target, organisationId: ids.solna, role: 'administrator' });
    expect(invited.statusCode).toBe(303);
    const readable = passwordLinks(await readWholeOutbox(solna, 'solna'));
    for (const link of readable) {
      await new TestClient(world.t.app).submitForm(link, link, { password: chosenBySolna, repeat: chosenBySolna });
    }
    const signIn = await new TestClient(world.t.app).submitForm('/logga-in', '/logga-in', { email: target, password: chosenBySolna });
    expect(signIn.statusCode).toBe(422);

    // Solna's invitation carried no password link even to the invitee, and Vallentuna's still works.
    const mails = await mailsTo(world, smtp, target);
    expect([...new Set(mails.flatMap(passwordLinks))]).toEqual([vallentunaLink]);
    const accept = await new TestClient(world.t.app).submitForm(vallentunaLink!, vallentunaLink!, { password: 'den-riktiga-chefens-losenord', repeat: 'den-riktiga-chefens-losenord' });
    expect(accept.statusCode).toBe(303);
    const chef = new TestClient(world.t.app);
    await chef.signIn(target, 'den-riktiga-chefens-losenord');
    expect((await chef.get('/vallentuna/admin/installningar')).statusCode).toBe(200);
    // Solna's role is only an offer until the person accepts it.
    expect((await chef.get('/solna/admin/installningar')).statusCode).toBe(404);
  });

  it('Solna cannot have a fresh password link sent for an account Vallentuna created', async () => {
    const vallentuna = await world.as('vallentunaAdmin');
    const email = 'annan.ny@vallentuna.example';
    await vallentuna.submitForm('/vallentuna/admin/personer', '/vallentuna/admin/personer', { name: 'Annan Ny', email, organisationId: ids.vallentuna, role: 'coordinator' });
    const vallentunaLink = await latestLinkTo(world, smtp, email);
    const solna = await world.as('solnaAdmin');
    await solna.submitForm('/solna/admin/personer', '/solna/admin/personer', { name: 'Annan Ny', email, organisationId: ids.solna, role: 'coordinator' });
    const user = await world.t.ctx.db.selectFrom('users').select('id').where('email', '=', email).executeTakeFirstOrThrow();
    const resend = await solna.submitForm('/solna/admin/personer', `/solna/admin/personer/${user.id}/inbjudan`, {});
    expect([403, 404, 409]).toContain(resend.statusCode);
    expect([...new Set((await mailsTo(world, smtp, email)).flatMap(passwordLinks))]).toEqual([vallentunaLink]);
    expect((await new TestClient(world.t.app).get(vallentunaLink!)).statusCode).toBe(200);
  });

  it('inviting an existing account gives the inviter the same answer as a new address, and only a role to accept', async () => {
    const solna = await world.as('solnaAdmin');
    const existing = await solna.submitForm('/solna/admin/personer', '/solna/admin/personer', { name: 'Vem som helst', email: people.vallentunaCoordinator.email, organisationId: ids.solna, role: 'coordinator' });
    const existingFlash = await flashAfter(solna, existing);
    const fresh = await solna.submitForm('/solna/admin/personer', '/solna/admin/personer', { name: 'Helt Ny', email: 'helt.ny@solna.example', organisationId: ids.solna, role: 'coordinator' });
    const freshFlash = await flashAfter(solna, fresh);
    expect(existingFlash).toBe(freshFlash);

    // The coordinator got no password link, and the role does nothing until accepted.
    expect((await mailsTo(world, smtp, people.vallentunaCoordinator.email)).flatMap(passwordLinks)).toEqual([]);
    const coordinator = await world.as('vallentunaCoordinator');
    expect((await coordinator.get('/solna/admin')).statusCode).toBe(404);
    const offers = await coordinator.get('/konto/roller');
    expect(offers.body).toContain('Solna stad');
    const offer = /action="(\/konto\/roller\/[0-9a-f-]{36}\/godta)"/.exec(offers.body)?.[1];
    expect(offer).toBeDefined();
    expect((await coordinator.submitForm('/konto/roller', offer!, {})).statusCode).toBe(303);
    expect((await coordinator.get('/solna/admin')).statusCode).toBe(200);
  });

  it('an administrator role still on offer receives none of the kommun’s accessibility reports', async () => {
    const vallentuna = await world.as('vallentunaAdmin');
    await vallentuna.submitForm('/vallentuna/admin/personer', '/vallentuna/admin/personer', { name: 'Täbys admin', email: people.tabyAdmin.email, organisationId: ids.vallentuna, role: 'administrator' });
    const resident = world.anonymous();
    const sent = await resident.submitForm('/vallentuna/tillganglighet', '/vallentuna/tillganglighet', {
      pageUrl: '/vallentuna/nyheter',
      description: 'Knappen går inte att nå med tangentbordet.',
      replyEmail: 'invanare@example.org',
    });
    expect(sent.statusCode).toBeLessThan(400);
    const reportMail = await world.t.ctx.db.selectFrom('mail_outbox').select('to_address').where('body_text', 'like', '%Knappen går inte att nå%').execute();
    expect(reportMail.map((m) => m.to_address)).toContain(people.vallentunaAdmin.email);
    expect(reportMail.map((m) => m.to_address)).not.toContain(people.tabyAdmin.email);
  });

  it('a role offered to someone else cannot be accepted by the attacker', async () => {
    const solna = await world.as('solnaAdmin');
    await solna.submitForm('/solna/admin/personer', '/solna/admin/personer', { name: 'Kommunpolisen', email: people.kommunpolis.email, organisationId: ids.solna, role: 'administrator' });
    const pending = await world.t.ctx.db.selectFrom('memberships').select(['id', 'accepted_at']).where('user_id', '=', people.kommunpolis.id).where('organisation_id', '=', ids.solna).executeTakeFirstOrThrow();
    expect(pending.accepted_at).toBeNull();
    const other = await world.as('tabyAdmin');
    const stolen = await other.submitForm('/konto/roller', `/konto/roller/${pending.id}/godta`, {});
    expect(stolen.statusCode).toBe(404);
    const after = await world.t.ctx.db.selectFrom('memberships').select('accepted_at').where('id', '=', pending.id).executeTakeFirstOrThrow();
    expect(after.accepted_at).toBeNull();
  });
});
