import type { ComponentChildren } from 'preact';
import type { Actor } from '../auth/actor.js';
import type { AppContext } from '../context.js';
import type { Locale } from '../i18n/i18n.js';
import type { Kommun } from '../tenants/tenant.repository.js';

/** A block a module contributes to a kommun's home page, e.g. the latest news. */
export interface HomeSection {
  name: string;
  order: number;
  load(ctx: AppContext, kommun: Kommun, locale: Locale, actor: Actor | null): Promise<ComponentChildren>;
}
