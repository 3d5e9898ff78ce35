import type { Timestamp } from '../db/tables.js';

/** A personal API token; `token_hash` is the SHA-256 of the token (hashToken), never the token. */
export interface ApiTokenTable {
  id: string;
  user_id: string;
  name: string;
  token_hash: string;
  created_at: Timestamp;
  expires_at: Timestamp;
  last_used_at: Timestamp | null;
  revoked_at: Timestamp | null;
}

declare module '../db/tables.js' {
  interface Tables {
    api_tokens: ApiTokenTable;
  }
}
