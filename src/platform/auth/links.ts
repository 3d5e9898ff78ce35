import type { FastifyRequest } from 'fastify';
import type { AppContext } from '../context.js';

/** Absolute base for links in mails: PUBLIC_URL when configured, else the request's own origin. */
export function publicBase(ctx: AppContext, request: FastifyRequest): string {
  return ctx.config.publicUrl?.replace(/\/$/, '') ?? `${request.protocol}://${request.host}`;
}

/** Same as publicBase; the name other features use. */
export const publicBaseUrl = publicBase;

/** Paths of the single-use links sent by mail; the token is appended. */
export const linkPaths = { reset: '/aterstall/', invite: '/inbjudan/' } as const;
