// Item 3: a lokalpolisområde shared by two kommuner is not a bridge between them. Kommun-level
// rights come only from roles in organisations the kommun owns (or the police area's own police
// roles); kommun administrators manage only their kommun's memberships; police-area memberships
// belong to the area's own administrators; audit and outbox rows stay with the kommun they concern.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { Actor } from '../../src/platform/auth/index.js';
import { findRolesInKommun } from '../../src/platform/auth/session.repository.js';
import { insertMembership } from '../../src/platform/auth/user.repository.js';
import { demoId } from '../../src/platform/demo.js';
import { NotFoundError } from '../../src/platform/http/errors.js';
import { defineMessages } from '../../src/platform/i18n/i18n.js';
import { defineModule } from '../../src/platform/module.js';
import { defineModuleSettings } from '../../src/platform/settings/module-settings.js';
import { changeModuleSettings } from '../../src/platform/tenants/index.js';
import { csrfTokenFrom } from '../app.js';
import { dialects } from '../databases.js';
import { testModules } from '../modules.js';
import { readWholeOutbox } from './helpers.js';
import { createWorld, ids, people, type World } from './world.js';

const kommunAdminPages = ['admin/installningar', 'admin/personer', 'admin/logg', 'admin/utkorg', 'admin/organisationer', 'admin/tillganglighet', 'admin/nyheter/ny'];

describe.each(dialects)('a shared police area is not a bridge on %s', (dialect) => {
  let world: World;
  beforeAll(async () => {
    world = await createWorld(dialect);
  });
  afterAll(async () => world.t.close());

  it('a Vallentuna administrator cannot give themselves a role in the shared police area', async () => {
    const attacker = await world.as('vallentunaAdmin');
    for (const role of ['administrator', 'police_administrator', 'police']) {
      const response = await attacker.submitForm('/vallentuna/admin/personer', '/vallentuna/admin/personer', { name: 'Kommunchefen i Vallentuna', email: people.vallentunaAdmin.email, organisationId: ids.lpoTaby, role });
      expect(response.statusCode).toBe(422);
    }
    const held = await world.t.ctx.db.selectFrom('memberships').select('role').where('user_id', '=', people.vallentunaAdmin.id).where('organisation_id', '=', ids.lpoTaby).execute();
    expect(held).toEqual([]);
    for (const page of kommunAdminPages) expect((await attacker.get(`/taby/${page}`)).statusCode, page).toBe(404);
  });

  it('an administrator role held in a police area grants nothing in the kommuner it covers', async () => {
    // As it could exist from before the rule, or be written by a future bug.
    await insertMembership(world.t.ctx.db, { id: demoId('attack:lpo-admin'), userId: people.tabyCoordinator.id, organisationId: ids.lpoTaby, role: 'administrator', now: new Date().toISOString() });
    const attacker = await world.as('tabyCoordinator');
    for (const page of kommunAdminPages) {
      expect((await attacker.get(`/vallentuna/${page}`)).statusCode, `vallentuna ${page}`).toBe(404);
      if (page !== 'admin/nyheter/ny') expect((await attacker.get(`/taby/${page}`)).statusCode, `taby ${page}`).toBe(404);
    }
  });

  it('a Täby administrator cannot remove the kommunpolis, whose police role also serves Vallentuna', async () => {
    const attacker = await world.as('tabyAdmin');
    const membership = demoId('membership:police');
    const response = await attacker.submitForm('/taby/admin/personer', `/taby/admin/personer/roller/${membership}/ta-bort`, {});
    expect(response.statusCode).toBe(404);
    const still = await world.t.ctx.db.selectFrom('memberships').select('id').where('id', '=', membership).executeTakeFirst();
    expect(still?.id).toBe(membership);
    // The people page shows the police role in Täby, without a way to remove it.
    const page = await attacker.get('/taby/admin/personer');
    expect(page.body).toContain('Kommunpolisen');
    expect(page.body).not.toContain(`/roller/${membership}/ta-bort`);
  });

  it('police-area memberships are managed by the area’s own administrator, who gets no kommun rights from it', async () => {
    const chief = await world.as('policeChief');
    const invited = await chief.submitForm('/vallentuna/admin/personer', '/vallentuna/admin/personer', { name: 'Nya Polisen', email: 'ny.polis@taby-polis.example', organisationId: ids.lpoTaby, role: 'police' });
    expect(invited.statusCode).toBe(303);
    const roles = await world.t.ctx.db
      .selectFrom('memberships')
      .innerJoin('users', 'users.id', 'memberships.user_id')
      .select(['memberships.role', 'memberships.organisation_id'])
      .where('users.email', '=', 'ny.polis@taby-polis.example')
      .execute();
    expect(roles).toEqual([{ role: 'police', organisation_id: ids.lpoTaby }]);
    // The chief cannot touch the kommun's own people, nor its settings.
    const coordinatorRole = demoId('membership:coordinator');
    expect((await chief.submitForm('/vallentuna/admin/personer', `/vallentuna/admin/personer/roller/${coordinatorRole}/ta-bort`, {})).statusCode).toBe(404);
    const kommunRole = await chief.submitForm('/vallentuna/admin/personer', '/vallentuna/admin/personer', { name: 'Vem som helst', email: 'nagon@vallentuna.example', organisationId: ids.vallentuna, role: 'administrator' });
    expect(kommunRole.statusCode).toBe(422);
    for (const page of ['admin/installningar', 'admin/organisationer', 'admin/tillganglighet']) expect((await chief.get(`/vallentuna/${page}`)).statusCode, page).toBe(404);
  });

  it('Täby’s administrator sees no audit row and no mail that Vallentuna’s work created', async () => {
    const vallentuna = await world.as('vallentunaAdmin');
    await vallentuna.submitForm('/vallentuna/admin/personer', '/vallentuna/admin/personer', { name: 'Vallentunas Polis', email: 'vallentunas.polis@taby-polis.example', organisationId: ids.lpoTaby, role: 'police' });
    const chief = await world.as('policeChief');
    await chief.submitForm('/vallentuna/admin/personer', '/vallentuna/admin/personer', { name: 'Polisen från Vallentuna', email: 'polis.fran.vallentuna@taby-polis.example', organisationId: ids.lpoTaby, role: 'police' });
    const taby = await world.as('tabyAdmin');
    const log = await taby.get('/taby/admin/logg');
    expect(log.statusCode).toBe(200);
    expect(log.body).not.toMatch(/vallentunas\.polis|polis\.fran\.vallentuna|Vallentunas Polis|Polisen från Vallentuna/);
    const outbox = await readWholeOutbox(taby, 'taby');
    expect(outbox).not.toMatch(/vallentunas\.polis|polis\.fran\.vallentuna/);
  });

  it('a Täby coordinator cannot publish, edit or read drafts in Vallentuna', async () => {
    const coordinator = await world.as('tabyCoordinator');
    expect((await coordinator.get('/vallentuna/admin/nyheter')).statusCode).toBe(404);
    const created = await coordinator.submitForm('/taby/admin/nyheter/ny', '/vallentuna/admin/nyheter/ny', { kind: 'news', title: 'Intrång', summary: 'x', body: 'x' });
    expect([403, 404, 415]).toContain(created.statusCode);
    const rows = await world.t.ctx.db.selectFrom('content_items' as never).select('title' as never).where('title' as never, '=', 'Intrång' as never).execute();
    expect(rows).toEqual([]);
  });

  it('staff of a partner organisation and of the shared police area cannot lift a kommun person’s sign-in pause or withdraw their roles', async () => {
    const coordinator = people.vallentunaCoordinator;
    const coordinatorRole = demoId('membership:coordinator');
    // A pause on the coordinator's account, as failed sign-ins would leave it.
    for (let i = 0; i < 12; i += 1) await world.anonymous().submitForm('/logga-in', '/logga-in', { email: coordinator.email, password: `fel-${i}-fel-fel` });
    const paused = async () => (await world.t.ctx.db.selectFrom('sign_in_throttles').select('user_id').where('user_id', '=', coordinator.id).execute()).length;
    expect(await paused()).toBeGreaterThan(0);
    for (const person of ['partnerReporter', 'policeChief', 'tabyAdmin'] as const) {
      const attacker = await world.as(person);
      const kommun = person === 'tabyAdmin' ? 'taby' : 'vallentuna';
      // Any staff page of their own carries a valid CSRF token (the sign-out form).
      const lift = await attacker.submitForm(`/${kommun}/admin`, `/vallentuna/admin/personer/${coordinator.id}/inloggningspaus/ta-bort`, {});
      expect(lift.statusCode, person).toBe(404);
      const remove = await attacker.submitForm(`/${kommun}/admin`, `/vallentuna/admin/personer/roller/${coordinatorRole}/ta-bort`, {});
      expect(remove.statusCode, person).toBe(404);
    }
    expect(await paused()).toBeGreaterThan(0);
    expect(await world.t.ctx.db.selectFrom('memberships').select('id').where('id', '=', coordinatorRole).executeTakeFirst()).toBeDefined();
  });
});

// A module's settings are the kommun's: only its own administrators change them. A probe module
// declares the settings here, so the attacks mean the same with or without the app's modules.
const probeSettings = defineModuleSettings({
  titleKey: 'probe.settings',
  schema: z.object({ publishWithoutReview: z.boolean().default(false) }),
  fields: { publishWithoutReview: { kind: 'boolean', labelKey: 'probe.publishWithoutReview' } },
});
const probeModule = defineModule({
  name: 'probe',
  settings: probeSettings,
  messages: defineMessages({ 'probe.settings': 'Prov', 'probe.publishWithoutReview': 'Publicera utan granskning' }, { 'probe.settings': 'Probe', 'probe.publishWithoutReview': 'Publish without review' }),
});

describe.each(dialects)('a kommun’s module settings on %s', (dialect) => {
  let world: World;
  const action = (kommun: string) => `/${kommun}/admin/installningar/moduler/probe`;

  beforeAll(async () => {
    world = await createWorld(dialect, { modules: [...testModules, probeModule] });
  });
  afterAll(async () => world.t.close());

  /** What is stored of a kommun's settings, and the audit rows of settings changes there. */
  async function storedIn(kommunId: string) {
    const db = world.t.ctx.db;
    const { settings } = await db.selectFrom('organisations').select('settings').where('id', '=', kommunId).executeTakeFirstOrThrow();
    const audit = await db.selectFrom('audit_log').select('id').where('action', '=', 'tenants.module_settings_changed').where('entity_id', '=', kommunId).execute();
    return { settings, audit: audit.length };
  }

  it('are changed by none but the kommun’s own administrators: others get 404 and change nothing', async () => {
    const before = await storedIn(ids.vallentuna);
    for (const person of ['tabyAdmin', 'partnerReporter', 'policeChief'] as const) {
      const attacker = await world.as(person);
      // A valid token of their own session (the account page), so only the permission decides.
      const token = csrfTokenFrom((await attacker.get('/konto')).body);
      const response = await attacker.post(action('vallentuna'), { _csrf: token, publishWithoutReview: 'on' });
      expect(response.statusCode, person).toBe(404);
    }
    expect(await storedIn(ids.vallentuna)).toEqual(before);

    // The same form does work for someone: Täby's administrator changes Täby's, and only Täby's.
    const tabyAdmin = await world.as('tabyAdmin');
    expect((await tabyAdmin.submitForm('/taby/admin/installningar', action('taby'), { publishWithoutReview: 'on' })).statusCode).toBe(303);
    expect(JSON.parse((await storedIn(ids.taby)).settings).modules).toEqual({ probe: { publishWithoutReview: true } });
    expect(await storedIn(ids.vallentuna)).toEqual(before);
  });

  it('are not changed by someone signed out, who is sent to sign in', async () => {
    const before = await storedIn(ids.vallentuna);
    const anonymous = world.anonymous();
    const token = csrfTokenFrom((await anonymous.get('/logga-in')).body);
    const response = await anonymous.post(action('vallentuna'), { _csrf: token, publishWithoutReview: 'on' });
    expect(response.statusCode).toBe(401);
    expect(response.body).toContain('href="/logga-in');
    expect(await storedIn(ids.vallentuna)).toEqual(before);
  });

  it('are not changed through the service by another kommun’s administrator naming Vallentuna', async () => {
    const before = await storedIn(ids.vallentuna);
    const db = world.t.ctx.db;
    const tabyAdmin: Actor = {
      userId: people.tabyAdmin.id,
      name: 'Administratören i Täby',
      email: people.tabyAdmin.email,
      isPlatformAdmin: false,
      kommunId: ids.taby,
      roles: await findRolesInKommun(db, people.tabyAdmin.id, ids.taby),
      grants: world.t.ctx.registry.grants,
    };
    await expect(changeModuleSettings(world.t.ctx, tabyAdmin, ids.vallentuna, 'probe', { publishWithoutReview: 'on' })).rejects.toBeInstanceOf(NotFoundError);
    expect(await storedIn(ids.vallentuna)).toEqual(before);
  });
});
