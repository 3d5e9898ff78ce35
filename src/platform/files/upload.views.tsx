// What a person sees when an upload form is refused for its size or because the instance is busy:
// the limit in words and the way back to the form (the kernel's generic error page has neither).
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { wantsJson } from '../http/error-handler.js';
import { Layout } from '../views/layout.js';
import { usePage } from '../views/page-context.js';
import { sendPage } from '../views/render.js';
import { formatBytes } from './file-size.js';
import { UploadsBusyError, UploadTooLargeError } from './multipart.js';

function UploadRefusedPage({ title, text, next, backHref }: { title: string; text: string; next: string; backHref: string }) {
  const { t } = usePage();
  return (
    <Layout title={title}>
      <h1 class="ds-heading" data-size="lg">
        {title}
      </h1>
      <p>{text}</p>
      <p>{next}</p>
      <p>
        <a class="ds-link" href={backHref}>
          {t('upload.back')}
        </a>
      </p>
    </Layout>
  );
}

/**
 * Error handler for upload routes (`errorHandler` in the route options): a refused upload gets
 * a page that names the limit and links back to the form; other errors go on to the kernel.
 */
export function handleUploadError(error: FastifyError | Error, request: FastifyRequest, reply: FastifyReply) {
  const refused = error instanceof UploadTooLargeError || error instanceof UploadsBusyError;
  if (!refused || wantsJson(request)) throw error;
  request.log.info({ code: error.code, status: error.status }, 'upload refused');
  const { t, locale } = request;
  // The form's own address (uploads post back to the page that shows the form).
  const backHref = (request.url.split('?')[0] ?? '/').replace(/[^a-zA-Z0-9/_-]/g, '');
  if (error instanceof UploadsBusyError) {
    reply.header('retry-after', String(error.retryAfterSeconds));
    return sendPage(request, reply, <UploadRefusedPage title={t('upload.busy.title')} text={t('upload.busy')} next={t('upload.busy.next')} backHref={backHref} />, 429);
  }
  const size = formatBytes(error.limitBytes, locale);
  const title = t(error.scope === 'file' ? 'upload.tooLarge.fileTitle' : 'upload.tooLarge.requestTitle');
  const text = t(error.scope === 'file' ? 'upload.tooLarge.fileText' : 'upload.tooLarge.requestText', { size });
  return sendPage(request, reply, <UploadRefusedPage title={title} text={text} next={t('upload.tooLarge.next')} backHref={backHref} />, 413);
}
