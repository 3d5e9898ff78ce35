// The photos' parts of the report pages: the second step's photo field (with the photos already
// kept, each with a remove box), the summary's list and its "use the photo's position?" choice,
// and the published photos on a report's page.
import { fileUrl, formatBytes } from '../../platform/files/index.js';
import { splitMessage } from '../../platform/http/forms.js';
import { fieldId, type FormState } from '../../platform/views/components.js';
import { usePage } from '../../platform/views/page-context.js';
import { photoFields, type DraftState } from './report.photos.js';
import { reportLimits } from './report.schemas.js';

/** The draft and the offered position, carried from page to page. */
export function PhotoCarriedFields({ state, usePosition }: { state: DraftState; usePosition?: string | undefined }) {
  return (
    <>
      {state.draft ? (
        <>
          <input type="hidden" name={photoFields.draft} value={state.draft.id} />
          <input type="hidden" name={photoFields.draftSignature} value={state.draft.signature} />
        </>
      ) : null}
      {state.offeredPosition ? <input type="hidden" name={photoFields.position} value={state.offeredPosition} /> : null}
      {state.offeredPosition && usePosition === '1' ? <input type="hidden" name={photoFields.usePosition} value="1" /> : null}
    </>
  );
}

/**
 * Step 2's photos. The file field comes last among the form's fields: an upload refused for its
 * size stops the reading there, and what came before it is shown again.
 */
export function PhotoFields({ state, form, maxBytes }: { state: DraftState; form: FormState; maxBytes: number }) {
  const { t, locale } = usePage();
  const id = fieldId(photoFields.files);
  const error = form.errors[photoFields.files];
  const message = error ? splitMessage(error) : undefined;
  const left = reportLimits.photos - state.photos.length;
  return (
    <fieldset class="ds-fieldset field report-photos" id={`${id}-group`} data-invalid={error ? 'true' : undefined}>
      <legend class="ds-heading report-legend" data-size="xs">
        {t('reports.photos.legend')} <span class="field__optional">({t('form.optional')})</span>
      </legend>
      <PhotoCarriedFields state={state} usePosition={form.values[photoFields.usePosition]} />
      {state.photos.length > 0 ? (
        <div class="report-photos__kept">
          <p>{t('reports.photos.kept', { n: String(state.photos.length) })}</p>
          {state.photos.map((photo) => (
            <div class="ds-field field--checkbox" key={photo.id}>
              <input class="ds-input" type="checkbox" id={`${id}-remove-${photo.id}`} name={photoFields.remove} value={photo.id} />
              <label class="ds-label" for={`${id}-remove-${photo.id}`}>
                {t('reports.photos.remove', { name: photo.filename })}
              </label>
            </div>
          ))}
        </div>
      ) : null}
      {left > 0 ? (
        <div class="ds-field field">
          <label class="ds-label" for={id}>
            {state.photos.length > 0 ? t('reports.photos.addMore', { n: String(left) }) : t('reports.photos.label', { n: String(reportLimits.photos) })}
          </label>
          <div class="ds-field-description field__hint" id={`${id}-hint`}>
            {t('reports.photos.hint', { size: formatBytes(maxBytes, locale) })}
          </div>
          {message ? (
            <div class="ds-validation-message field__error" id={`${id}-error`} data-color="danger">
              <span class="ds-sr-only">{t('form.errorPrefix')} </span>
              {t(message.key, message.params)}
            </div>
          ) : null}
          <input
            class="ds-input"
            type="file"
            id={id}
            name={photoFields.files}
            multiple
            accept="image/jpeg,image/png,image/webp"
            aria-invalid={error ? 'true' : undefined}
            aria-describedby={[`${id}-hint`, error ? `${id}-error` : ''].filter(Boolean).join(' ')}
          />
        </div>
      ) : message ? (
        <div class="ds-validation-message field__error" id={id} data-color="danger">
          {t(message.key, message.params)}
        </div>
      ) : null}
    </fieldset>
  );
}

/** The summary's line on photos. */
export function ReviewPhotos({ state }: { state: DraftState }) {
  const { t } = usePage();
  return (
    <>
      <dt>{t('reports.photos.title')}</dt>
      <dd>
        {state.photos.length === 0 ? (
          t('reports.photos.none')
        ) : (
          <>
            <ul class="report-photos__list">
              {state.photos.map((photo) => (
                <li key={photo.id}>{photo.filename}</li>
              ))}
            </ul>
            <p class="field__hint">{t('reports.photos.reviewNote')}</p>
          </>
        )}
      </dd>
    </>
  );
}

/** "Use the photo's position?": a choice the resident makes, never taken silently. */
export function PhotoPositionChoice({ state, checked }: { state: DraftState; checked: boolean }) {
  const { t } = usePage();
  if (!state.offeredPosition) return null;
  const id = fieldId(photoFields.usePosition);
  const [lat, lon] = state.offeredPosition.split(',');
  return (
    <fieldset class="ds-fieldset field report-choices">
      <legend class="ds-label">{t('reports.photos.positionLegend')}</legend>
      <div class="ds-field-description field__hint" id={`${id}-hint`}>
        {t('reports.photos.positionHint', { lat: Number(lat).toFixed(5), lon: Number(lon).toFixed(5) })}
      </div>
      <div class="ds-field field--checkbox">
        <input class="ds-input" type="checkbox" id={id} name={photoFields.usePosition} value="1" checked={checked} aria-describedby={`${id}-hint`} />
        <label class="ds-label" for={id}>
          {t('reports.photos.usePosition')}
        </label>
      </div>
    </fieldset>
  );
}

/** The photos staff have published, on a published report's page. */
export function PublicPhotos({ photos }: { photos: readonly { id: string; fileId: string }[] }) {
  const page = usePage();
  const slug = page.kommun?.slug ?? '';
  if (photos.length === 0) return null;
  return (
    <section aria-labelledby="report-photos-heading">
      <h2 id="report-photos-heading" class="ds-heading" data-size="md">
        {page.t('reports.photos.title')}
      </h2>
      <ul class="report-photos__public">
        {photos.map((photo) => (
          <li key={photo.id}>
            <img src={fileUrl(slug, photo.fileId)} alt={page.t('reports.photos.alt')} loading="lazy" />
          </li>
        ))}
      </ul>
    </section>
  );
}
