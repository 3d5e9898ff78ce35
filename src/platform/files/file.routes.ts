// Serving stored files at /{kommun}/filer/{id}: to everyone while the owner is public content of
// that kommun (cacheable for a few minutes), to staff allowed to read the owner (never cached),
// and to nobody else (404, which does not tell a hidden file from a missing one).
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { AppContext } from '../context.js';
import { idPattern } from '../db/ids.js';
import { NotFoundError } from '../http/errors.js';
import { kommunRoute, siteRoute } from '../http/kommun-route.js';
import { findFileData, findFileForServing } from './file.repository.js';
import { decideFileAccess } from './file.service.js';
import { fileUrl } from './file-url.js';

export const fileCacheControl = {
  /** Short, so a file unpublished with its page stops being served by caches within minutes. */
  public: 'public, max-age=300',
  staff: 'private, no-store',
} as const;

const fileIdParams = z.object({ id: z.string().regex(idPattern) });

export function registerFileRoutes(app: FastifyInstance, ctx: AppContext): void {
  const owners = app.registry.fileOwners;

  kommunRoute(app, { method: 'GET', url: '/:kommun/filer/:id', params: fileIdParams }, async ({ request, reply, actor, kommun, params: { id } }) => {
    const file = await findFileForServing(ctx.db, id);
    if (!file) throw new NotFoundError();
    const access = await decideFileAccess(ctx.db, owners, file, kommun.id, actor);
    if (access === 'none') throw new NotFoundError();
    reply.header('cache-control', fileCacheControl[access]).header('etag', `"${file.sha256}"`);
    // Only now, after the decision: a 304 tells whoever asks that the file exists.
    if (request.headers['if-none-match'] === `"${file.sha256}"`) return reply.code(304).send();
    const data = await findFileData(ctx.db, id);
    if (!data) throw new NotFoundError();
    const disposition = file.kind === 'image' ? 'inline' : 'attachment';
    return reply
      .header('content-type', file.contentType)
      .header('content-length', String(data.length))
      .header('x-content-type-options', 'nosniff')
      .header('content-disposition', `${disposition}; filename*=UTF-8''${encodeURIComponent(file.filename)}`)
      .send(data);
  });

  // Files used to be served at /filer/{id} to anyone. Links to public files keep working;
  // anything else is as missing as a file that never existed.
  siteRoute(app, { method: 'GET', url: '/filer/:id', params: fileIdParams }, async ({ reply, params: { id } }) => {
    const file = await findFileForServing(ctx.db, id);
    if (!file?.kommunId || !file.kommunSlug) throw new NotFoundError();
    const access = await decideFileAccess(ctx.db, owners, file, file.kommunId, null);
    if (access !== 'public') throw new NotFoundError();
    return reply.redirect(fileUrl(file.kommunSlug, id), 301);
  });
}
