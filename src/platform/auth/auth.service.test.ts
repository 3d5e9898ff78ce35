import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemo } from '../demo.js';
import { createTestContext, dialects, type TestContext } from '../../../test/databases.js';
import { ValidationError } from '../http/errors.js';
import { signIn } from './auth.service.js';
import { demoPassword, hashPassword } from './passwords.js';
import { insertUser } from './user.repository.js';

describe.each(dialects)('demo accounts outside demo mode on %s', (dialect) => {
  let ctx: TestContext;
  beforeAll(async () => {
    // A database that once held the demo, now run as a real deployment.
    ctx = await createTestContext(dialect, { SAMTRYGG_DEMO: 'false' });
    await seedDemo(ctx);
  });
  afterAll(async () => ctx.destroy());

  it('refuses every demo account, even with the right password', async () => {
    for (const email of ['admin@vallentuna.example', 'samordnare@vallentuna.example', 'kommunpolis@taby-polis.example']) {
      await expect(signIn(ctx, { email, password: demoPassword, ip: '10.1.1.1' })).rejects.toBeInstanceOf(ValidationError);
    }
  });

  it('refuses the demo password for a real account that somehow has it', async () => {
    await insertUser(ctx.db, { id: '01900000-0000-7000-8000-000000000001', email: 'riktig@kommun.example', name: 'Riktig', passwordHash: await hashPassword(demoPassword), status: 'active', isPlatformAdmin: false, isDemo: false, now: new Date().toISOString() });
    await expect(signIn(ctx, { email: 'riktig@kommun.example', password: demoPassword, ip: '10.1.1.2' })).rejects.toBeInstanceOf(ValidationError);
  });

  it('still signs in a real account with its own password', async () => {
    await insertUser(ctx.db, { id: '01900000-0000-7000-8000-000000000002', email: 'annan@kommun.example', name: 'Annan', passwordHash: await hashPassword('ett riktigt långt lösenord'), status: 'active', isPlatformAdmin: false, isDemo: false, now: new Date().toISOString() });
    const result = await signIn(ctx, { email: 'annan@kommun.example', password: 'ett riktigt långt lösenord', ip: '10.1.1.3' });
    expect(result.needsSecondFactor).toBe(false);
  });
});
