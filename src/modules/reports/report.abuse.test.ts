// The report form's protection on both databases: the proof of work (accepted once, refused
// when missing, forged, expired or replayed), the fallback that lets a browser without
// JavaScript send after confirming once more, the honeypot, and the rate limit's answer that
// keeps what was typed.
import sharp from 'sharp';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp, TestClient, type TestApp } from '../../../test/app.js';
import { dialects } from '../../../test/databases.js';
import { seedDemo } from '../../platform/demo.js';
import { consumeRateLimit } from '../../platform/http/rate-limit.js';
import { abuseFields, createConfirmation, createPowChallenge, numberInWords, solvePowChallenge, verifyPowSolution } from './report.abuse.js';
import { deleteExpiredChallenges } from './report.abuse.repository.js';
import { reportSubmitLimit } from './report.service.js';
import { countRows, hiddenFieldsOf, postForm, referenceOf, reportThroughForms, reviewThroughForms, solvePowOf } from './report.test-support.js';

describe.each(dialects)('protection of the report form on %s', (dialect) => {
  let t: TestApp;
  let places: Record<string, string>;

  beforeAll(async () => {
    t = await createTestApp(dialect, { demo: false });
    places = (await seedDemo(t.ctx)).places;
  });
  afterAll(async () => t?.close());
  beforeEach(async () => {
    await t.ctx.db.deleteFrom('rate_limits').execute();
  });

  const base = () => ({ category: 'annat', placeId: places.centrum, when: ['evening'], description: 'Mörkt och stökigt vid busshållplatsen.' });

  /** The summary's send form, as the browser would post it, without the proof of work. */
  async function summary(client = new TestClient(t.app)) {
    const { review } = await reviewThroughForms(client, 'vallentuna', base());
    expect(review.statusCode).toBe(200);
    return { client, review, fields: hiddenFieldsOf(review.body, '/vallentuna/rapportera') };
  }

  /** Sends the form twice: the second POST is answered with the first report, and stores nothing. */
  async function expectDoubleClickAnswered(client: TestClient, form: Record<string, string | string[]>) {
    const first = await postForm(client, '/vallentuna/rapportera', form);
    expect(first.statusCode).toBe(303);
    const before = await countRows(t.ctx.db);
    const second = await postForm(client, '/vallentuna/rapportera', form);
    expect(second.statusCode).toBe(303);
    expect(referenceOf(second.headers.location)).toBe(referenceOf(first.headers.location));
    expect(await countRows(t.ctx.db)).toEqual(before);
  }

  it('accepts a solution of its own challenge once, and refuses forged, expired and malformed ones', async () => {
    const now = new Date();
    const challenge = createPowChallenge(t.ctx, now);
    const solution = solvePowChallenge(challenge);
    expect(await verifyPowSolution(t.ctx, solution, now)).toBe(true);
    expect(await verifyPowSolution(t.ctx, solution, now)).toBe(false);

    const payload = (change: Record<string, unknown>) => Buffer.from(JSON.stringify({ ...JSON.parse(Buffer.from(solvePowChallenge(createPowChallenge(t.ctx, now)), 'base64').toString()), ...change })).toString('base64');
    expect(await verifyPowSolution(t.ctx, payload({ signature: 'f'.repeat(64) }), now)).toBe(false);
    expect(await verifyPowSolution(t.ctx, payload({ number: 50_001 }), now)).toBe(false);
    expect(await verifyPowSolution(t.ctx, payload({ algorithm: 'SHA-1' }), now)).toBe(false);
    // A challenge made up by the sender, solved correctly, but not signed by us.
    const own = { ...createPowChallenge(t.ctx, now), salt: 'abc?expires=9999999999' };
    expect(await verifyPowSolution(t.ctx, payload({ salt: own.salt }), now)).toBe(false);
    const expired = solvePowChallenge(createPowChallenge(t.ctx, new Date(now.getTime() - 31 * 60_000)));
    expect(await verifyPowSolution(t.ctx, expired, now)).toBe(false);
    for (const junk of [undefined, '', 'not base64 json', Buffer.from('[1,2]').toString('base64'), 'x'.repeat(5000)]) expect(await verifyPowSolution(t.ctx, junk, now)).toBe(false);

    // Spent answers are remembered until they would have expired, then the job forgets them.
    const spent = async () => Number((await t.ctx.db.selectFrom('report_spent_challenges').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
    expect(await spent()).toBeGreaterThan(0);
    expect(await deleteExpiredChallenges(t.ctx.db, now.toISOString())).toBe(0);
    await deleteExpiredChallenges(t.ctx.db, new Date(now.getTime() + 31 * 60_000).toISOString());
    expect(await spent()).toBe(0);
  });

  it('serves the browser’s solver as an island, and what it finds is accepted', async () => {
    expect((await t.app.inject('/assets/islands.js')).body).toContain('"report-pow":"/assets/reports/report-pow.js"');
    expect((await t.app.inject('/assets/reports/report-pow.js')).statusCode).toBe(200);
    // The island's own solver (crypto.subtle, as in the browser) on a challenge of ours.
    const island = (await import(new URL('./client/report-pow.js', import.meta.url).href)) as { solve(challenge: unknown): Promise<number | null> };
    const challenge = createPowChallenge(t.ctx);
    const number = await island.solve(challenge);
    const payload = Buffer.from(JSON.stringify({ algorithm: challenge.algorithm, challenge: challenge.challenge, number, salt: challenge.salt, signature: challenge.signature, took: 1 })).toString('base64');
    expect(await verifyPowSolution(t.ctx, payload)).toBe(true);
  });

  it('sends with the proof of work solved, and refuses the same solution on another form', async () => {
    const first = await summary();
    const altcha = solvePowOf(first.review.body);
    const sent = await postForm(first.client, '/vallentuna/rapportera', { ...first.fields, altcha });
    expect(sent.statusCode).toBe(303);
    referenceOf(sent.headers.location);

    const second = await summary();
    const before = await countRows(t.ctx.db);
    const replayed = await postForm(second.client, '/vallentuna/rapportera', { ...second.fields, altcha });
    expect(replayed.statusCode).toBe(200);
    expect(replayed.body).toContain('Bekräfta och skicka');
    expect(await countRows(t.ctx.db)).toEqual(before);
  });

  it('asks a browser without JavaScript to confirm once more, keeps every value, and sends after the wait', async () => {
    const { client, fields } = await summary();
    const before = await countRows(t.ctx.db);
    const missing = await postForm(client, '/vallentuna/rapportera', fields);
    expect(missing.statusCode).toBe(200);
    expect(missing.body).toContain('Bekräfta och skicka');
    expect(await countRows(t.ctx.db)).toEqual(before);
    const carried = hiddenFieldsOf(missing.body, '/vallentuna/rapportera');
    for (const name of ['category', 'placeId', 'when', 'description', 'idempotencyKey']) expect(carried[name]).toEqual(fields[name]);
    const words = /Skriv talet ([a-zåäö]+) med siffror/.exec(missing.body)?.[1];
    const number = Array.from({ length: 80 }, (_, i) => i + 20).find((n) => numberInWords(n, 'sv') === words);
    expect(number).toBeDefined();

    // At once: too early, and nothing is stored.
    const early = await postForm(client, '/vallentuna/rapportera', { ...carried, [abuseFields.confirmAnswer]: String(number) });
    expect(early.statusCode).toBe(422);
    expect(early.body).toContain('Vänta några sekunder');
    expect(await countRows(t.ctx.db)).toEqual(before);

    await new Promise((resolve) => setTimeout(resolve, 3100));
    const confirmed = await postForm(client, '/vallentuna/rapportera', { ...hiddenFieldsOf(early.body, '/vallentuna/rapportera'), [abuseFields.confirmAnswer]: String(number) });
    expect(confirmed.statusCode).toBe(303);
    const row = await t.ctx.db.selectFrom('reports').selectAll().where('reference', '=', referenceOf(confirmed.headers.location)).executeTakeFirstOrThrow();
    expect(row.description).toBe('Mörkt och stökigt vid busshållplatsen.');
  });

  it('hands out a fresh challenge as JSON, never cached, good for one send, as hard as the kommun’s setting says', async () => {
    const answer = await t.app.inject({ method: 'GET', url: '/vallentuna/rapportera/utmaning' });
    expect(answer.statusCode).toBe(200);
    expect(answer.headers['cache-control']).toBe('no-store');
    const challenge = JSON.parse(answer.body) as ReturnType<typeof createPowChallenge>;
    expect(challenge.maxnumber).toBe(50_000);
    const again = JSON.parse((await t.app.inject({ method: 'GET', url: '/vallentuna/rapportera/utmaning' })).body) as ReturnType<typeof createPowChallenge>;
    expect(again.challenge).not.toBe(challenge.challenge);
    const solution = solvePowChallenge(challenge);
    expect(await verifyPowSolution(t.ctx, solution)).toBe(true);
    expect(await verifyPowSolution(t.ctx, solution)).toBe(false);
    // A kommun that asks for less work gets easier challenges; the check is the same.
    const easy = createPowChallenge(t.ctx, new Date(), 1_000);
    expect(easy.maxnumber).toBe(1_000);
    expect(await verifyPowSolution(t.ctx, solvePowChallenge(easy))).toBe(true);
  });

  it('keeps the answer to the confirmation question out of the page: it is derived from the token with the server’s key', () => {
    for (let i = 0; i < 50; i += 1) {
      const { token, number } = createConfirmation(t.ctx);
      expect(token.split('.')).not.toContain(String(number));
      expect(number).toBeGreaterThanOrEqual(20);
      expect(number).toBeLessThan(100);
    }
  });

  it('refuses a wrong answer with a new question, and a confirmation used twice', async () => {
    const { client, fields } = await summary();
    const before = await countRows(t.ctx.db);
    const old = createConfirmation(t.ctx, new Date(Date.now() - 5000));
    const wrong = await postForm(client, '/vallentuna/rapportera', { ...fields, confirmToken: old.token, confirmAnswer: String(old.number === 20 ? 21 : 20) });
    expect(wrong.statusCode).toBe(422);
    expect(wrong.body).toContain('Svaret stämde inte');
    expect(hiddenFieldsOf(wrong.body, '/vallentuna/rapportera').confirmToken).not.toBe(old.token);
    // The spent token does not work with the right answer either.
    const again = await postForm(client, '/vallentuna/rapportera', { ...fields, confirmToken: old.token, confirmAnswer: String(old.number) });
    expect(again.statusCode).toBe(422);
    const forged = await postForm(client, '/vallentuna/rapportera', { ...fields, confirmToken: `${Date.now() - 5000}.42.abc.${'x'.repeat(43)}`, confirmAnswer: '42' });
    expect(forged.statusCode).toBe(422);
    expect(await countRows(t.ctx.db)).toEqual(before);
    const fresh = createConfirmation(t.ctx, new Date(Date.now() - 5000));
    expect((await postForm(client, '/vallentuna/rapportera', { ...fields, confirmToken: fresh.token, confirmAnswer: String(fresh.number) })).statusCode).toBe(303);
  });

  it('thanks a sender who filled in the honeypot and stores nothing, not even their photos', async () => {
    const client = new TestClient(t.app);
    const start = await client.get(`/vallentuna/rapportera/detaljer?category=annat&placeId=${places.centrum}`);
    expect(start.body).toMatch(/<div class="report-honeypot" aria-hidden="true"><label for="field-webbplats">Lämna tomt<\/label><input type="text" id="field-webbplats" name="webbplats" value tabindex="-1" autocomplete="off"\/>/);
    const before = await countRows(t.ctx.db);
    const { sent } = await reportThroughForms(client, 'vallentuna', { ...base(), webbplats: 'http://spam.example' }, { photos: [{ filename: 'a.png', data: await sharp({ create: { width: 8, height: 8, channels: 3, background: 'blue' } }).png().toBuffer(), type: 'image/png' }], send: { webbplats: 'http://spam.example' } });
    expect(sent.statusCode).toBe(303);
    expect(sent.headers.location).toBe('/vallentuna/rapportera/tack');
    expect(await countRows(t.ctx.db)).toEqual(before);
    const thanks = await client.get('/vallentuna/rapportera/tack');
    expect(thanks.statusCode).toBe(200);
    expect(thanks.body).toContain('Tack för din rapport');
  });

  it('answers a sender past the rate limit with step 2 and everything typed, and stores nothing, not even the spent proof of work', async () => {
    const { client, review, fields } = await summary();
    for (let i = 0; i < reportSubmitLimit.max; i += 1) await consumeRateLimit(t.ctx, reportSubmitLimit, '127.0.0.1');
    const before = await countRows(t.ctx.db);
    const altcha = solvePowOf(review.body);
    const refused = await postForm(client, '/vallentuna/rapportera', { ...fields, altcha });
    expect(refused.statusCode).toBe(429);
    expect(refused.headers['retry-after']).toBeDefined();
    expect(refused.body).toContain('Steg 2 av 3');
    expect(refused.body).toContain('Det har skickats många rapporter härifrån');
    expect(refused.body).toContain('Mörkt och stökigt vid busshållplatsen.');
    expect(refused.body).toMatch(/value="evening"[^>]*checked/);
    expect(await countRows(t.ctx.db)).toEqual(before);
    // The proof of work is spent with the report it lets through: once the window has passed, the
    // same send goes through without solving another.
    await t.ctx.db.deleteFrom('rate_limits').execute();
    const later = await postForm(client, '/vallentuna/rapportera', { ...fields, altcha });
    expect(later.statusCode).toBe(303);
    referenceOf(later.headers.location);
  });

  it('answers a double click with the first report even when that report was the last the limit allowed', async () => {
    const { client, review, fields } = await summary();
    for (let i = 0; i < reportSubmitLimit.max - 1; i += 1) await consumeRateLimit(t.ctx, reportSubmitLimit, '127.0.0.1');
    await expectDoubleClickAnswered(client, { ...fields, altcha: solvePowOf(review.body) });
  });

  it('answers a double click on the confirmation page with the first report', async () => {
    const { client, fields } = await summary();
    const confirmation = createConfirmation(t.ctx, new Date(Date.now() - 5000));
    await expectDoubleClickAnswered(client, { ...fields, confirmToken: confirmation.token, confirmAnswer: String(confirmation.number) });
  });
});
