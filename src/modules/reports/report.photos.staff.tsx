// The staff report page's photos: each in its state, with what moderators can do to it — make it
// public, hide it, blur it (whole, or a part given in per cent) or crop it. Each is a POST form
// that works without JavaScript; the service (report.photos.moderation.ts) checks the permission
// again, keeps the original privately and audits the change.
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { isId } from '../../platform/db/ids.js';
import type { AppContext } from '../../platform/context.js';
import { fileUrl } from '../../platform/files/index.js';
import { defineMessages } from '../../platform/i18n/i18n.js';
import { setFlash } from '../../platform/http/kernel.plugin.js';
import { kommunRoute } from '../../platform/http/kommun-route.js';
import { Form, SubmitButton } from '../../platform/views/components.js';
import { usePage } from '../../platform/views/page-context.js';
import { blurPhoto, cropPhoto, hidePhoto, publishPhoto, type PhotoArea } from './report.photos.moderation.js';
import type { ReportPhotoRow } from './report.photos.repository.js';

export const reportPhotoStaffMessages = defineMessages(
  {
    'reports.staffPhotos.title': 'Foton',
    'reports.staffPhotos.none': 'Rapporten har inga foton.',
    'reports.staffPhotos.alt': 'Foto {n} från rapporten',
    'reports.staffPhotos.state.pending': 'Inte granskat – syns inte för allmänheten',
    'reports.staffPhotos.state.published': 'Publicerat – syns när rapporten är publicerad',
    'reports.staffPhotos.state.hidden': 'Dolt',
    'reports.staffPhotos.edited': 'Redigerat. Originalet sparas en tid och visas aldrig för allmänheten.',
    'reports.staffPhotos.publish': 'Publicera fotot',
    'reports.staffPhotos.hide': 'Dölj fotot',
    'reports.staffPhotos.blurAll': 'Sudda hela fotot',
    'reports.staffPhotos.areaLegend': 'Sudda eller beskär en del (i procent av bildens bredd och höjd)',
    'reports.staffPhotos.left': 'Från vänster (%)',
    'reports.staffPhotos.top': 'Från toppen (%)',
    'reports.staffPhotos.width': 'Bredd (%)',
    'reports.staffPhotos.height': 'Höjd (%)',
    'reports.staffPhotos.blurArea': 'Sudda delen',
    'reports.staffPhotos.crop': 'Beskär till delen',
    'reports.staffPhotos.flash': 'Fotot är ändrat.',
  },
  {
    'reports.staffPhotos.title': 'Photos',
    'reports.staffPhotos.none': 'The report has no photos.',
    'reports.staffPhotos.alt': 'Photo {n} of the report',
    'reports.staffPhotos.state.pending': 'Not reviewed – not shown to the public',
    'reports.staffPhotos.state.published': 'Published – shown once the report is published',
    'reports.staffPhotos.state.hidden': 'Hidden',
    'reports.staffPhotos.edited': 'Edited. The original is kept for a while and never shown to the public.',
    'reports.staffPhotos.publish': 'Publish the photo',
    'reports.staffPhotos.hide': 'Hide the photo',
    'reports.staffPhotos.blurAll': 'Blur the whole photo',
    'reports.staffPhotos.areaLegend': 'Blur or crop a part (in per cent of the image’s width and height)',
    'reports.staffPhotos.left': 'From the left (%)',
    'reports.staffPhotos.top': 'From the top (%)',
    'reports.staffPhotos.width': 'Width (%)',
    'reports.staffPhotos.height': 'Height (%)',
    'reports.staffPhotos.blurArea': 'Blur the part',
    'reports.staffPhotos.crop': 'Crop to the part',
    'reports.staffPhotos.flash': 'The photo has been changed.',
  },
);

const photoPath = (reportId: string, photoId: string) => `admin/rapporter/${reportId}/foton/${photoId}`;

export function StaffPhotos({ reportId, photos, canModerate }: { reportId: string; photos: readonly ReportPhotoRow[]; canModerate: boolean }) {
  const page = usePage();
  const { t } = page;
  const slug = page.kommun?.slug ?? '';
  return (
    <section aria-labelledby="photos-heading" class="report-action">
      <h2 id="photos-heading" class="ds-heading" data-size="md">
        {t('reports.staffPhotos.title')}
      </h2>
      {photos.length === 0 ? <p>{t('reports.staffPhotos.none')}</p> : null}
      <ul class="report-photos__staff">
        {photos.map((photo, index) => {
          const action = `/${slug}/${photoPath(reportId, photo.id)}`;
          const n = String(index + 1);
          return (
            <li key={photo.id} class="report-photo">
              <img src={fileUrl(slug, photo.file_id)} alt={t('reports.staffPhotos.alt', { n })} loading="lazy" />
              <p>
                <strong>{t(`reports.staffPhotos.state.${photo.state}`)}</strong>
                {photo.original_file_id ? ` ${t('reports.staffPhotos.edited')}` : ''}
              </p>
              {canModerate ? (
                <div class="report-actions">
                  {photo.state !== 'published' ? (
                    <Form action={action} label={`${t('reports.staffPhotos.publish')} ${n}`}>
                      <input type="hidden" name="do" value="publish" />
                      <SubmitButton variant="secondary">{t('reports.staffPhotos.publish')}</SubmitButton>
                    </Form>
                  ) : null}
                  {photo.state !== 'hidden' ? (
                    <Form action={action} label={`${t('reports.staffPhotos.hide')} ${n}`}>
                      <input type="hidden" name="do" value="hide" />
                      <SubmitButton variant="secondary">{t('reports.staffPhotos.hide')}</SubmitButton>
                    </Form>
                  ) : null}
                  <Form action={action} label={`${t('reports.staffPhotos.blurAll')} ${n}`}>
                    <input type="hidden" name="do" value="blur" />
                    <SubmitButton variant="secondary">{t('reports.staffPhotos.blurAll')}</SubmitButton>
                  </Form>
                </div>
              ) : null}
              {canModerate ? (
                <Form action={action} label={`${t('reports.staffPhotos.areaLegend')} ${n}`}>
                  <fieldset class="ds-fieldset report-photo__area">
                    <legend class="ds-label">{t('reports.staffPhotos.areaLegend')}</legend>
                    {(['left', 'top', 'width', 'height'] as const).map((field) => (
                      <div class="ds-field field" key={field}>
                        <label class="ds-label" for={`photo-${photo.id}-${field}`}>
                          {t(`reports.staffPhotos.${field}`)}
                        </label>
                        <input class="ds-input" id={`photo-${photo.id}-${field}`} name={field} type="text" inputMode="numeric" maxLength={3} size={4} />
                      </div>
                    ))}
                  </fieldset>
                  <div class="report-actions">
                    <SubmitButton variant="secondary" name="do" value="blurArea">
                      {t('reports.staffPhotos.blurArea')}
                    </SubmitButton>
                    <SubmitButton variant="secondary" name="do" value="crop">
                      {t('reports.staffPhotos.crop')}
                    </SubmitButton>
                  </div>
                </Form>
              ) : null}
            </li>
          );
        })}
      </ul>
    </section>
  );
}

const percent = z.preprocess((v) => (typeof v === 'string' && v.trim() !== '' ? Number(v.replace(',', '.')) : undefined), z.number().min(0).max(100).optional());
const photoActionBody = z.object({
  do: z.enum(['publish', 'hide', 'blur', 'blurArea', 'crop']),
  left: percent,
  top: percent,
  width: percent,
  height: percent,
});
const photoParams = z.object({ id: z.string().refine(isId), photoId: z.string().refine(isId) });

function areaOf(body: z.output<typeof photoActionBody>): PhotoArea {
  return { left: (body.left ?? 0) / 100, top: (body.top ?? 0) / 100, width: (body.width ?? 0) / 100, height: (body.height ?? 0) / 100 };
}

export function registerReportPhotoStaffRoutes(app: FastifyInstance, ctx: AppContext): void {
  kommunRoute(app, { method: 'POST', url: '/:kommun/admin/rapporter/:id/foton/:photoId', permission: 'reports.moderate', params: photoParams, body: photoActionBody }, async ({ request, reply, kommun, actor, params, body }) => {
    switch (body.do) {
      case 'publish':
        await publishPhoto(ctx, actor, kommun, params.photoId);
        break;
      case 'hide':
        await hidePhoto(ctx, actor, kommun, params.photoId);
        break;
      case 'blur':
        await blurPhoto(ctx, actor, kommun, params.photoId, null);
        break;
      case 'blurArea':
        await blurPhoto(ctx, actor, kommun, params.photoId, areaOf(body));
        break;
      case 'crop':
        await cropPhoto(ctx, actor, kommun, params.photoId, areaOf(body));
        break;
    }
    setFlash(reply, request, 'reports.staffPhotos.flash');
    return reply.redirect(`/${kommun.slug}/admin/rapporter/${params.id}`, 303);
  });
}
