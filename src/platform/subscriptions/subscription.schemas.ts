import { z } from 'zod';
import type { RateLimit } from '../http/rate-limit.js';

/** One set of limits for schemas, form attributes and tests. */
export const subscriptionLimits = {
  email: 254,
  topic: 200,
  topicTitle: 300,
  /** A confirmation link works this long; the cleanup job then deletes the unconfirmed row. */
  confirmDays: 7,
  /** Subscribers read and mailed per batch when notifying, so a large topic never sits in memory at once. */
  notifyBatch: 500,
} as const;

/**
 * Requests per address: enough for a person following a few things, too few to make the form a
 * way of flooding someone's inbox. Past it the form answers as always and sends nothing.
 */
export const subscribeAddressLimit: RateLimit = { name: 'subscribe-address', max: 5, windowSeconds: 3600 };

/** Requests per IP address and hour. */
export const subscribeIpLimit: RateLimit = { name: 'subscribe-ip', max: 20, windowSeconds: 3600 };

/** `module.thing:id`: the module's name first, so topics of two modules never collide. */
export const topicPattern = /^[a-z][a-z0-9_]*\.[A-Za-z0-9_.:-]+$/;

/** The body of every subscribe form (SubscribeForm), whichever module's route receives it. */
export const subscribeFormBody = z.object({
  email: z.string().trim().min(1).max(subscriptionLimits.email).pipe(z.email({ error: 'validation.email' })),
});
export type SubscribeFormInput = z.output<typeof subscribeFormBody>;

/** A link's token; anything malformed is simply an unknown link (the page says so, never 500). */
export const tokenQuery = z.object({ t: z.string().max(300).catch('').default('') });

export const sentQuery = z.object({ tillbaka: z.string().max(500).optional().catch(undefined) });
