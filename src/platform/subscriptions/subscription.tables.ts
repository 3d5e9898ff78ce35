import type { Timestamp } from '../db/tables.js';

/**
 * One address following one topic of one kommun. The address is personal data kept for a single
 * purpose: sealed (readable only by the app, bound to the row), beside a keyed hash that finds
 * the same address again for the same topic. No column holds it in clear.
 */
export interface EmailSubscriptionTable {
  id: string;
  kommun_id: string;
  /** The module's key, e.g. `cooperation.promise:<id>`. */
  topic: string;
  /** What the resident follows, as the module named it when they subscribed (for pages and mail). */
  topic_title: string;
  /** The local path of the thing followed (`/vallentuna/…`). */
  topic_path: string;
  email_sealed: string;
  email_hash: string;
  locale: 'sv' | 'en';
  /** Hash of the token in the confirmation link; null once confirmed. */
  confirm_token_hash: string | null;
  /** When the confirmation link was (last) sent: it expires from here. */
  requested_at: Timestamp;
  created_at: Timestamp;
  confirmed_at: Timestamp | null;
}

declare module '../db/tables.js' {
  interface Tables {
    email_subscriptions: EmailSubscriptionTable;
  }
}
