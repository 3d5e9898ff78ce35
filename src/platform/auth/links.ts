import type { AppContext } from '../context.js';

/**
 * Absolute base for links in mail: PUBLIC_URL, which production requires, else the configured
 * port on localhost. Never the request's Host or X-Forwarded-Host: a client could otherwise have
 * a password link sent that points at a server of its choosing.
 */
export function publicBaseUrl(ctx: Pick<AppContext, 'config'>): string {
  return ctx.config.publicUrl.replace(/\/$/, '');
}

/** Paths of the single-use links sent by mail; the token is appended. */
export const linkPaths = { reset: '/aterstall/', invite: '/inbjudan/' } as const;
