import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dialects } from '../../../test/databases.js';
import { createWorld, ids, people, type World } from '../../../test/security/world.js';
import { demoId } from '../demo.js';
import { insertMembership } from './user.repository.js';
import { insertSession, findLiveSessionWithRoles } from './session.repository.js';
import { hashToken } from './tokens.js';

describe.each(dialects)('loading a session with its roles in one query on %s', (dialect) => {
  let world: World;
  const now = new Date();
  const later = new Date(now.getTime() + 3_600_000).toISOString();
  const longAgo = new Date(now.getTime() - 3_600_000).toISOString();
  beforeAll(async () => {
    world = await createWorld(dialect);
    const db = world.t.ctx.db;
    await insertSession(db, { idHash: hashToken('kommunpolis-token'), userId: people.kommunpolis.id, csrfSecret: 'c', secondFactorDone: true, now: now.toISOString(), expiresAt: later });
    // An offered role (not accepted) and a role its organisation cannot hold: neither counts.
    await insertMembership(db, { id: demoId('test:offer'), userId: people.kommunpolis.id, organisationId: ids.solna, role: 'administrator', now: now.toISOString(), pending: true });
    await insertMembership(db, { id: demoId('test:misfit'), userId: people.kommunpolis.id, organisationId: ids.lpoTaby, role: 'administrator', now: now.toISOString() });
  });
  afterAll(async () => world.t.close());

  const load = (kommunId: string | null, token = 'kommunpolis-token') => findLiveSessionWithRoles(world.t.ctx.db, hashToken(token), now.toISOString(), longAgo, kommunId);

  it('gives the police role in both kommuner the police area covers, and nothing else', async () => {
    for (const kommun of [ids.vallentuna, ids.taby]) {
      const found = await load(kommun);
      expect(found?.session.user.email).toBe(people.kommunpolis.email);
      expect(found?.roles).toEqual([{ role: 'police', organisationId: ids.lpoTaby, organisationKind: 'lokalpolisomrade', organisationName: 'Lokalpolisområde Täby' }]);
    }
  });

  it('gives no role where none applies, or without a kommun, but still the session', async () => {
    expect((await load(ids.solna))?.roles).toEqual([]);
    const found = await load(null);
    expect(found?.session.userId).toBe(people.kommunpolis.id);
    expect(found?.roles).toEqual([]);
  });

  it('finds nothing for an unknown token or a session past its absolute lifetime', async () => {
    expect(await load(ids.vallentuna, 'no-such-token')).toBeUndefined();
    expect(await findLiveSessionWithRoles(world.t.ctx.db, hashToken('kommunpolis-token'), now.toISOString(), later, ids.vallentuna)).toBeUndefined();
  });
});
