import { canIn, type RoleHolder } from '../../platform/auth/index.js';
import type { ContentReader } from './news.repository.js';

export const newsPermissions = ['news.read_drafts', 'news.write', 'news.publish'] as const;
export type NewsPermission = (typeof newsPermissions)[number];

// Rights count in the kommun the actor was loaded for only (canIn): a Täby coordinator passing
// Vallentuna's id along gets nothing there.
export function canReadDrafts(actor: RoleHolder | null, kommunId: string): boolean {
  return canIn(actor, kommunId, 'news.read_drafts');
}

export function canWriteContent(actor: RoleHolder | null, kommunId: string): boolean {
  return canIn(actor, kommunId, 'news.write');
}

export function canPublishContent(actor: RoleHolder | null, kommunId: string): boolean {
  return canIn(actor, kommunId, 'news.publish');
}

/** What the actor may read of the kommun's content, for the staff queries to filter on. */
export function contentReader(actor: RoleHolder | null, kommunId: string): ContentReader {
  return { kommunId, seesDrafts: canReadDrafts(actor, kommunId) };
}
