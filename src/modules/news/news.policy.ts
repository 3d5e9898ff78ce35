import { can, type Actor } from '../../platform/auth/index.js';

export const newsPermissions = ['news.read_drafts', 'news.write', 'news.publish'] as const;
export type NewsPermission = (typeof newsPermissions)[number];

export function canReadDrafts(actor: Actor | null): boolean {
  return can(actor, 'news.read_drafts');
}

export function canWriteContent(actor: Actor | null): boolean {
  return can(actor, 'news.write');
}

export function canPublishContent(actor: Actor | null): boolean {
  return can(actor, 'news.publish');
}
