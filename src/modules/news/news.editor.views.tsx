// The staff editor for one news item or page: publish panel and the multipart form.
import { formatDate } from '../../platform/i18n/i18n.js';
import { Checkbox, ErrorSummary, FileField, Form, SelectField, SubmitButton, TextArea, TextField, emptyForm, type FormState } from '../../platform/views/components.js';
import { Layout } from '../../platform/views/layout.js';
import { kommunPath, usePage } from '../../platform/views/page-context.js';
import { partyOf, type ContentAbilities } from './news.policy.js';
import { publisherLabel } from './news.presenter.js';
import type { AttachmentRow, ContentKind, ContentRow, Publisher, TranslationRow } from './news.repository.js';
import { attachmentSlots, newsLimits } from './news.schemas.js';
import { publicPathOf, statusWords, useStaffCrumbs } from './news.staff.views.js';
import { fileUrl, formatBytes } from '../../platform/files/index.js';

export interface ContentFormProps {
  kind: ContentKind;
  /** Absent when creating. */
  existing?: { row: ContentRow; english: TranslationRow | undefined; attachments: AttachmentRow[] };
  form: FormState;
  removeAttachmentIds: string[];
  /** Set when a failed post carried files: browsers cannot refill file inputs, so say so. */
  filesSent?: boolean;
  uploadMaxBytes: number;
  /** All files of one save together (UPLOAD_MAX_REQUEST_BYTES). */
  uploadMaxRequestBytes: number;
  /** What the person may do with the existing item (publish, ask for or give a review). */
  abilities?: ContentAbilities;
  /** The kommun requires review by the other party before publication. */
  requiresReview: boolean;
  /** A new item: the organisations the person may publish it for (a choice when there are several). */
  publisherChoices: Publisher[];
  /** Why the last publish or review action was refused (a message key), shown in the status panel. */
  refusal?: string | undefined;
  /** The send-back form after an error (its note). */
  reviewForm?: FormState | undefined;
}

function MarkdownHelp() {
  const { t } = usePage();
  return (
    <details class="markdown-help">
      <summary>{t('news.form.markdownHelp')}</summary>
      <ul>
        <li>{t('news.form.mdParagraph')}</li>
        <li>
          <code>{t('news.form.mdHeading')}</code>
        </li>
        <li>
          <code>{t('news.form.mdBold')}</code>
        </li>
        <li>
          <code>{t('news.form.mdLink')}</code>
        </li>
        <li>
          <code>{t('news.form.mdList')}</code>
        </li>
        <li>{t('news.form.mdNoImages')}</li>
      </ul>
    </details>
  );
}

function PublishPanel(props: { row: ContentRow; abilities: ContentAbilities; requiresReview: boolean; refusal?: string | undefined; reviewForm: FormState }) {
  const page = usePage();
  const { t, locale } = page;
  const { row, abilities } = props;
  const base = kommunPath(page, `admin/nyheter/${row.id}`);
  const isPublished = row.status === 'published';
  const itemParty = partyOf(row.publisher.kind);
  return (
    <section class="publish-panel" aria-labelledby="publish-heading">
      <h2 id="publish-heading" class="ds-heading" data-size="sm">
        {t('news.form.statusHeading')}
      </h2>
      {props.refusal ? (
        <div class="ds-alert" data-color="danger" role="alert">
          <p>{t(props.refusal)}</p>
        </div>
      ) : null}
      <p>
        {t('news.form.statusText', { status: statusWords(t, row) })}{' '}
        {row.publishedAt ? t('news.form.publishedOn', { date: formatDate(locale, row.publishedAt) }) : null}
      </p>
      <p>{t('news.form.publisherText', { publisher: publisherLabel(t, row.publisher) })}</p>
      {isPublished ? (
        <p>
          <a class="ds-link" href={kommunPath(page, publicPathOf(row))}>
            {t('news.form.viewPublic')}
          </a>
        </p>
      ) : (
        <p>{t('news.form.draftHint')}</p>
      )}
      {props.requiresReview && !isPublished ? <p>{t(itemParty === 'kommun' ? 'news.review.ruleKommunItem' : 'news.review.rulePoliceItem')}</p> : null}
      {row.status === 'draft' && row.reviewNote ? (
        <div class="review-note">
          <h3 class="ds-heading" data-size="2xs">
            {t('news.review.noteHeading')}
          </h3>
          <p lang="sv">{row.reviewNote}</p>
        </div>
      ) : null}
      {abilities.requestReview ? (
        <Form action={`${base}/begar-granskning`} class="inline-form">
          <SubmitButton>{t(itemParty === 'kommun' ? 'news.review.requestPolice' : 'news.review.requestKommun')}</SubmitButton>
        </Form>
      ) : null}
      {abilities.publish ? (
        <Form action={`${base}/publicera`} class="inline-form">
          <input type="hidden" name="version" value={row.contentUpdatedAt} />
          <SubmitButton>{t(row.status === 'in_review' ? 'news.review.publishReviewed' : 'news.form.publish')}</SubmitButton>
        </Form>
      ) : null}
      {abilities.unpublish ? (
        <Form action={`${base}/avpublicera`} class="inline-form">
          <SubmitButton variant="secondary">{t('news.form.unpublish')}</SubmitButton>
        </Form>
      ) : null}
      {abilities.sendBack ? (
        <Form action={`${base}/skicka-tillbaka`} class="send-back">
          <TextArea name="reviewNote" label={t('news.review.noteLabel')} hint={t('news.review.noteHint')} form={props.reviewForm} required rows={4} maxLength={newsLimits.reviewNote} />
          <SubmitButton variant="secondary">{t('news.review.sendBack')}</SubmitButton>
        </Form>
      ) : null}
    </section>
  );
}

/** Who the new item is published by: a choice when the person writes for more than one organisation. */
function PublisherField({ choices, form, label }: { choices: Publisher[]; form: FormState; label: string }) {
  const { t } = usePage();
  const [only] = choices;
  if (choices.length > 1) {
    return (
      <SelectField
        name="publisherOrganisationId"
        label={label}
        hint={t('news.form.publisherHint')}
        form={form}
        required
        defaultValue={only?.id}
        options={choices.map((choice) => ({ value: choice.id, label: publisherLabel(t, choice) }))}
      />
    );
  }
  return only ? <p>{t('news.form.publisherText', { publisher: publisherLabel(t, only) })}</p> : null;
}

export function ContentFormPage(props: ContentFormProps) {
  const page = usePage();
  const { t, locale } = page;
  const { form, existing } = props;
  const row = existing?.row;
  const heading = row ? t('news.form.editTitle', { title: row.title }) : t(props.kind === 'news' ? 'news.form.newNewsTitle' : 'news.form.newPageTitle');
  const action = kommunPath(page, row ? `admin/nyheter/${row.id}` : 'admin/nyheter/ny');
  const size = formatBytes(props.uploadMaxBytes, locale);
  const labels: Record<string, string> = {
    title: t('news.form.title'),
    slug: t('news.form.slug'),
    summary: t('news.form.summary'),
    body: t('news.form.body'),
    easyBody: t('news.form.easyBody'),
    titleEn: t('news.form.titleEn'),
    summaryEn: t('news.form.summaryEn'),
    bodyEn: t('news.form.bodyEn'),
    image: t(row?.imageFileId ? 'news.form.imageReplace' : 'news.form.image'),
    imageAlt: t('news.form.imageAlt'),
    imageCredit: t('news.form.imageCredit'),
    attachment: t('news.form.attachmentsLegend'),
    publisherOrganisationId: t('news.form.publisher'),
    reviewNote: t('news.review.noteLabel'),
    ...Object.fromEntries(
      attachmentSlots.flatMap((slot, i) => [
        [slot.file, t('news.form.attachment', { n: String(i + 1) })],
        [slot.title, t('news.form.attachmentTitle', { n: String(i + 1) })],
      ]),
    ),
  };
  // Fields saved with the item are shown until the person types something else.
  const defaults = (name: string, value: string) => (form.values[name] === undefined ? value : undefined);
  return (
    <Layout title={heading} staff breadcrumbs={useStaffCrumbs(row ? row.title : heading)}>
      <h1 class="ds-heading" data-size="lg">
        {heading}
      </h1>
      <ErrorSummary errors={{ ...form.errors, ...props.reviewForm?.errors }} labels={labels} />
      {props.filesSent && Object.keys(form.errors).length > 0 ? (
        <p class="ds-alert" data-color="info">
          {t('news.form.chooseFilesAgain')}
        </p>
      ) : null}
      {row && props.abilities ? (
        <PublishPanel row={row} abilities={props.abilities} requiresReview={props.requiresReview} refusal={props.refusal} reviewForm={props.reviewForm ?? emptyForm} />
      ) : null}
      <Form action={action} multipart class="content-form">
        {row ? null : <input type="hidden" name="kind" value={props.kind} />}
        {row ? null : <PublisherField choices={props.publisherChoices} form={form} label={labels.publisherOrganisationId!} />}
        <fieldset class="ds-fieldset">
          <legend class="ds-heading" data-size="xs">
            {t('news.form.swedishLegend')}
          </legend>
          <TextField name="title" label={labels.title!} form={form} required maxLength={newsLimits.title} counter defaultValue={defaults('title', row?.title ?? '')} />
          <TextField name="slug" label={labels.slug!} form={form} hint={t('news.form.slugHint')} maxLength={newsLimits.slug} defaultValue={defaults('slug', row?.slug ?? '')} />
          <TextArea name="summary" label={labels.summary!} form={form} hint={t('news.form.summaryHint')} rows={3} maxLength={newsLimits.summary} counter defaultValue={defaults('summary', row?.summary ?? '')} />
          <TextArea name="body" label={labels.body!} form={form} hint={t('news.form.bodyHint')} rows={16} maxLength={newsLimits.body} defaultValue={defaults('body', row?.bodyMd ?? '')} />
          <MarkdownHelp />
          <TextArea name="easyBody" label={labels.easyBody!} form={form} hint={t('news.form.easyBodyHint')} rows={8} maxLength={newsLimits.body} defaultValue={defaults('easyBody', row?.easyBodyMd ?? '')} />
        </fieldset>
        <fieldset class="ds-fieldset">
          <legend class="ds-heading" data-size="xs">
            {t('news.form.englishLegend')}
          </legend>
          <p class="field__hint">{t('news.form.englishHint')}</p>
          <TextField name="titleEn" label={labels.titleEn!} form={form} maxLength={newsLimits.title} counter defaultValue={defaults('titleEn', existing?.english?.title ?? '')} />
          <TextArea name="summaryEn" label={labels.summaryEn!} form={form} rows={3} maxLength={newsLimits.summary} counter defaultValue={defaults('summaryEn', existing?.english?.summary ?? '')} />
          <TextArea name="bodyEn" label={labels.bodyEn!} form={form} rows={12} maxLength={newsLimits.body} defaultValue={defaults('bodyEn', existing?.english?.bodyMd ?? '')} />
        </fieldset>
        <fieldset class="ds-fieldset">
          <legend class="ds-heading" data-size="xs">
            {t('news.form.imageLegend')}
          </legend>
          {row?.imageFileId ? (
            <figure class="content-form__current-image">
              <img src={fileUrl(page.kommun?.slug ?? '', row.imageFileId)} alt={row.imageAlt} />
              <figcaption>{t('news.form.currentImage')}</figcaption>
            </figure>
          ) : null}
          {row?.imageFileId ? <Checkbox name="removeImage" label={t('news.form.removeImage')} form={form} /> : null}
          <FileField name="image" label={labels.image!} form={form} hint={t('news.form.imageHint', { size })} accept="image/jpeg,image/png,image/webp" />
          <TextField name="imageAlt" label={labels.imageAlt!} form={form} hint={t('news.form.imageAltHint')} maxLength={newsLimits.imageAlt} counter defaultValue={defaults('imageAlt', row?.imageAlt ?? '')} />
          <TextField name="imageCredit" label={labels.imageCredit!} form={form} hint={t('news.form.imageCreditHint')} maxLength={newsLimits.imageCredit} defaultValue={defaults('imageCredit', row?.imageCredit ?? '')} />
        </fieldset>
        <fieldset class="ds-fieldset" id="field-attachment">
          <legend class="ds-heading" data-size="xs">
            {labels.attachment}
          </legend>
          <p class="field__hint">{t('news.form.attachmentsHint', { size, total: formatBytes(props.uploadMaxRequestBytes, locale), slots: String(attachmentSlots.length) })}</p>
          {form.errors.attachment ? (
            <p class="ds-validation-message field__error" data-color="danger">
              {t(form.errors.attachment)}
            </p>
          ) : null}
          {existing && existing.attachments.length > 0 ? (
            <>
              <h3 class="ds-heading" data-size="2xs">
                {t('news.form.currentAttachments')}
              </h3>
              <ul class="content-form__attachments">
                {existing.attachments.map((a) => (
                  <li key={a.id} class="ds-field field field--checkbox">
                    <input
                      class="ds-input"
                      type="checkbox"
                      id={`remove-attachment-${a.id}`}
                      name="removeAttachment"
                      value={a.id}
                      checked={props.removeAttachmentIds.includes(a.id)}
                    />
                    <label class="ds-label" for={`remove-attachment-${a.id}`}>
                      {t('news.form.removeAttachment', { title: a.title })}
                    </label>{' '}
                    (
                    <a class="ds-link" href={fileUrl(page.kommun?.slug ?? '', a.fileId)}>
                      {a.filename}
                    </a>
                    , {formatBytes(a.sizeBytes, locale)})
                  </li>
                ))}
              </ul>
            </>
          ) : null}
          {attachmentSlots.map((slot) => (
            <div class="content-form__slot" key={slot.file}>
              <FileField name={slot.file} label={labels[slot.file]!} form={form} accept=".pdf,.docx,.odt,.txt,.csv" />
              <TextField name={slot.title} label={labels[slot.title]!} form={form} hint={t('news.form.attachmentTitleHint')} maxLength={newsLimits.attachmentTitle} />
            </div>
          ))}
        </fieldset>
        <SubmitButton>{t(row ? 'news.form.save' : 'news.form.create')}</SubmitButton>
      </Form>
    </Layout>
  );
}
