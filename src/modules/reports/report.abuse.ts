// Protection of the public report form without third parties: a proof of work the browser
// solves while the resident reads the summary (altcha's challenge format, so an altcha widget
// could solve it too), a fallback for browsers without JavaScript (confirm once more, at least
// a few seconds later, answering a simple question), and a honeypot field. Every answer is
// signed by the server and spent once, remembered in report_spent_challenges until it expires,
// so a solution or a confirmation cannot be replayed. Rate limits per sender are the service's.
import { createHash, createHmac, randomBytes, randomInt } from 'node:crypto';
import { safeEqual } from '../../platform/auth/tokens.js';
import type { AppContext } from '../../platform/context.js';
import type { Db } from '../../platform/db/database.js';
import type { PostedFields } from '../../platform/http/forms.js';
import type { Locale } from '../../platform/i18n/i18n.js';
import type { Job } from '../../platform/jobs/jobs.js';
import { deleteExpiredChallenges, spendChallenge } from './report.abuse.repository.js';

export const abuseFields = {
  /** The solved challenge (altcha's base64 JSON payload), filled in by client/report-pow.js. */
  solution: 'altcha',
  confirmToken: 'confirmToken',
  confirmAnswer: 'confirmAnswer',
  /** Visually hidden and out of the tab order: people leave it empty, form-filling bots do not. */
  honeypot: 'webbplats',
} as const;

export const powLimits = {
  /**
   * The secret number is at most this by default (the kommun's `spamWorkMax` setting): about half
   * as many hashes on average, a second or so in a phone's browser.
   */
  maxNumber: 50_000,
  /** What the setting may be: from a tenth of a second's work to a long wait. */
  minSetting: 1_000,
  maxSetting: 1_000_000,
  expiresSeconds: 30 * 60,
} as const;

export const confirmLimits = {
  /** A person reads the page before confirming; a script answering at once is refused. */
  minAgeMs: 3_000,
  maxAgeMs: 30 * 60_000,
} as const;

export interface PowChallenge {
  algorithm: 'SHA-256';
  challenge: string;
  maxnumber: number;
  salt: string;
  signature: string;
}

const powKeys = new Map<string, string>();

/** The key that signs challenges and confirmations, derived from the session secret (once per secret). */
function powKey(ctx: AppContext): string {
  let key = powKeys.get(ctx.config.sessionSecret);
  if (key === undefined) {
    key = createHmac('sha256', ctx.config.sessionSecret).update('report-pow-key').digest('hex');
    powKeys.set(ctx.config.sessionSecret, key);
  }
  return key;
}

function sha256Hex(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

function signChallenge(ctx: AppContext, challenge: string): string {
  return createHmac('sha256', powKey(ctx)).update(challenge).digest('hex');
}

/** A new challenge: find the number n with SHA-256(salt + n) = challenge. The salt carries its expiry. */
export function createPowChallenge(ctx: AppContext, now = new Date(), maxNumber: number = powLimits.maxNumber): PowChallenge {
  const expires = Math.floor(now.getTime() / 1000) + powLimits.expiresSeconds;
  const salt = `${randomBytes(12).toString('hex')}?expires=${expires}`;
  const challenge = sha256Hex(`${salt}${randomInt(0, maxNumber + 1)}`);
  return { algorithm: 'SHA-256', challenge, maxnumber: maxNumber, salt, signature: signChallenge(ctx, challenge) };
}

/** What the browser does, for tests and tools: the payload for a challenge. */
export function solvePowChallenge(challenge: PowChallenge): string {
  for (let n = 0; n <= challenge.maxnumber; n += 1) {
    if (sha256Hex(`${challenge.salt}${n}`) === challenge.challenge) {
      return Buffer.from(JSON.stringify({ algorithm: challenge.algorithm, challenge: challenge.challenge, number: n, salt: challenge.salt, signature: challenge.signature })).toString('base64');
    }
  }
  throw new Error('challenge has no solution');
}

/** A proof of work or a confirmation that passed its checks: spent with the report it lets through. */
export interface SpendableChallenge {
  key: string;
  expiresAt: string;
}

/**
 * The challenge a payload solves, when it solves one this server signed and it has not expired;
 * null for anything malformed, forged or expired. Whether it was spent before is the database's
 * to say (spendChallenge), in the transaction of the report it lets through.
 */
export function checkPowSolution(ctx: AppContext, payload: unknown, now = new Date()): SpendableChallenge | null {
  if (typeof payload !== 'string' || payload.length === 0 || payload.length > 2000) return null;
  let solution: unknown;
  try {
    solution = JSON.parse(Buffer.from(payload, 'base64').toString('utf8'));
  } catch {
    return null;
  }
  if (typeof solution !== 'object' || solution === null) return null;
  const { algorithm, challenge, number, salt, signature } = solution as Record<string, unknown>;
  if (algorithm !== 'SHA-256' || typeof challenge !== 'string' || typeof salt !== 'string' || typeof signature !== 'string') return null;
  if (typeof number !== 'number' || !Number.isInteger(number) || number < 0 || number > powLimits.maxSetting) return null;
  const expires = Number(new URLSearchParams(salt.split('?')[1] ?? '').get('expires'));
  if (!Number.isFinite(expires) || expires * 1000 <= now.getTime()) return null;
  if (!safeEqual(signature, signChallenge(ctx, challenge))) return null;
  if (sha256Hex(`${salt}${number}`) !== challenge) return null;
  return { key: `pow:${signature}`, expiresAt: new Date(expires * 1000).toISOString() };
}

/**
 * True when the payload solves a challenge this server signed, not yet expired, and not spent
 * before; it is spent now. Anything malformed, forged, expired or replayed is false.
 */
export async function verifyPowSolution(ctx: AppContext, payload: unknown, now = new Date()): Promise<boolean> {
  const solved = checkPowSolution(ctx, payload, now);
  return solved !== null && spendChallenge(ctx.db, solved.key, solved.expiresAt);
}

/** The fallback's question: a number between 20 and 99, asked in words. */
export function numberInWords(n: number, locale: Locale): string {
  const sv = { tens: ['', '', 'tjugo', 'trettio', 'fyrtio', 'femtio', 'sextio', 'sjuttio', 'åttio', 'nittio'], ones: ['', 'ett', 'två', 'tre', 'fyra', 'fem', 'sex', 'sju', 'åtta', 'nio'], join: '' };
  const en = { tens: ['', '', 'twenty', 'thirty', 'forty', 'fifty', 'sixty', 'seventy', 'eighty', 'ninety'], ones: ['', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine'], join: '-' };
  const words = locale === 'en' ? en : sv;
  const tens = words.tens[Math.floor(n / 10)] ?? '';
  const ones = words.ones[n % 10] ?? '';
  return ones ? `${tens}${words.join}${ones}` : tens;
}

export interface Confirmation {
  token: string;
  /** The number to type, asked in words. */
  number: number;
}

function confirmSignature(ctx: AppContext, body: string): string {
  return createHmac('sha256', powKey(ctx)).update(`confirm:${body}`).digest('base64url');
}

// The number to type is derived from the token with the server's key, never written in it: a
// program reading the page's hidden fields learns nothing of the answer.
function numberOf(ctx: AppContext, body: string): number {
  return 20 + (createHmac('sha256', powKey(ctx)).update(`confirm-number:${body}`).digest().readUInt32BE(0) % 80);
}

export function createConfirmation(ctx: AppContext, now = new Date()): Confirmation {
  const body = `${now.getTime()}.${randomBytes(12).toString('base64url')}`;
  return { token: `${body}.${confirmSignature(ctx, body)}`, number: numberOf(ctx, body) };
}

function readConfirmation(ctx: AppContext, token: string): { issuedAt: number; number: number; signature: string } | null {
  const parts = token.split('.');
  if (parts.length !== 3 || token.length > 200) return null;
  const [issued, , signature] = parts as [string, string, string];
  const body = parts.slice(0, 2).join('.');
  if (!safeEqual(signature, confirmSignature(ctx, body))) return null;
  return { issuedAt: Number(issued), number: numberOf(ctx, body), signature };
}

/**
 * The send may go on, its challenge spent with the report (`spend`; null when it is spent
 * already), or the fallback page is shown (again) with a confirmation and maybe a problem.
 */
export type HumanCheck = { passed: true; spend: SpendableChallenge | null } | { passed: false; confirmation: Confirmation; problem?: 'reports.abuse.tooEarly' | 'reports.abuse.wrongAnswer' | 'reports.abuse.expired' };

/**
 * The send's check that a person sends it: a valid proof of work, or else a confirmation that is
 * old enough and answered right. A proof of work is spent later, in the report's transaction (see
 * requireHumanOnSend): a send refused for another reason spends nothing, and a double click's
 * second POST is answered with the first report. A confirmation is spent at once, whatever the
 * answer (a wrong one gets a new question), so answers cannot be tried one by one on the same
 * token, not even all at once; a right answer on a token spent before goes on to the report's
 * transaction too, where a double click finds its first report and anything else is refused.
 */
export async function checkHumanOnSend(ctx: AppContext, fields: PostedFields, now = new Date()): Promise<HumanCheck> {
  const solved = checkPowSolution(ctx, fields[abuseFields.solution], now);
  if (solved) return { passed: true, spend: solved };
  const token = fields[abuseFields.confirmToken];
  if (typeof token !== 'string' || token === '') return { passed: false, confirmation: createConfirmation(ctx, now) };
  const confirmation = readConfirmation(ctx, token);
  const age = confirmation ? now.getTime() - confirmation.issuedAt : NaN;
  if (!confirmation || !(age >= 0 && age <= confirmLimits.maxAgeMs)) return { passed: false, confirmation: createConfirmation(ctx, now), problem: 'reports.abuse.expired' };
  if (age < confirmLimits.minAgeMs) return { passed: false, confirmation: { token, number: confirmation.number }, problem: 'reports.abuse.tooEarly' };
  const spend = { key: `confirm:${confirmation.signature}`, expiresAt: new Date(confirmation.issuedAt + confirmLimits.maxAgeMs).toISOString() };
  const spentNow = await spendChallenge(ctx.db, spend.key, spend.expiresAt);
  const answer = fields[abuseFields.confirmAnswer];
  if (typeof answer !== 'string' || answer.trim() !== String(confirmation.number)) return { passed: false, confirmation: createConfirmation(ctx, now), problem: spentNow ? 'reports.abuse.wrongAnswer' : 'reports.abuse.expired' };
  return { passed: true, spend: spentNow ? null : spend };
}

/** The send's sender is not confirmed yet: the route shows the confirmation page. */
export class SenderNotConfirmed extends Error {
  constructor(readonly check: Extract<HumanCheck, { passed: false }>) {
    super('sender not confirmed');
  }
}

/**
 * Throws SenderNotConfirmed unless checkHumanOnSend lets the send go on; else returns what spends
 * its challenge in the report's transaction, run after the report is inserted (a double click's
 * second POST meets the first report's one-time key before that). A challenge spent before (a
 * replayed solution or confirmation) throws SenderNotConfirmed there, and nothing is kept.
 */
export async function requireHumanOnSend(ctx: AppContext, fields: PostedFields, now = new Date()): Promise<(trx: Db) => Promise<void>> {
  const check = await checkHumanOnSend(ctx, fields, now);
  if (!check.passed) throw new SenderNotConfirmed(check);
  const { spend } = check;
  if (!spend) return async () => undefined;
  const replayedConfirmation = spend.key.startsWith('confirm:');
  return async (trx) => {
    if (await spendChallenge(trx, spend.key, spend.expiresAt)) return;
    throw new SenderNotConfirmed({ passed: false, confirmation: createConfirmation(ctx, now), ...(replayedConfirmation ? { problem: 'reports.abuse.expired' as const } : {}) });
  };
}

/** True when the honeypot field was filled in: a bot. */
export function isHoneypotFilled(fields: PostedFields): boolean {
  const value = fields[abuseFields.honeypot];
  return (Array.isArray(value) ? value.join('') : (value ?? '')).trim() !== '';
}

/** Spent challenges are only needed until they would have expired. */
export const spentChallengesJob: Job = {
  name: 'reports.spent_challenges',
  everyMs: 60 * 60_000,
  run: async (ctx) => {
    await deleteExpiredChallenges(ctx.db, new Date().toISOString());
  },
};
