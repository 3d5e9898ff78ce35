// The report pipeline's pages, each complete without JavaScript: 1. where and what (a place from
// the list, coordinates, or the map island's pick), 2. the details (with reports already made
// nearby, to say "me too" instead), 3. a summary to check before sending. Every step carries the
// earlier steps' answers in its form; only photos wait on the server meanwhile, as provisional
// files of a signed draft the form names (report.photos.ts).
import { MapView, PlaceChooser } from '../../platform/map/map.views.js';
import { ErrorSummary, fieldId, Form, SubmitButton, TextArea, TextField, type FormState } from '../../platform/views/components.js';
import { Layout } from '../../platform/views/layout.js';
import { kommunPath, usePage } from '../../platform/views/page-context.js';
import { bilingualText, categoryName, type CategoryQuestion, type ReportCategory } from './report.categories.js';
import { CategoryNotice, ChoiceGroup, PublicRecordNotice, StatusBadge, WhenFields, whenText } from './report.components.js';
import { reportLimits } from './report.schemas.js';
import type { ReportRow } from './report.repository.js';
import type { Answers } from './report.service.js';
import { reportPaths } from './report.paths.js';
import type { PowChallenge } from './report.abuse.js';
import { Honeypot, PowWidget } from './report.abuse.views.js';
import type { DraftState } from './report.photos.js';
import { PhotoCarriedFields, PhotoFields, PhotoPositionChoice, ReviewPhotos } from './report.photos.views.js';

export interface PlaceOption {
  id: string;
  name: string;
  lat: number;
  lon: number;
}

function StepHeading({ step, title }: { step: 1 | 2 | 3; title: string }) {
  const { t } = usePage();
  return (
    <h1 class="ds-heading" data-size="lg">
      <span class="report-step">{t('reports.form.step', { n: String(step), of: '3' })}</span> {title}
    </h1>
  );
}

function useStartLabels(): Record<string, string> {
  const { t } = usePage();
  return { category: t('reports.form.categoryLegend'), placeId: t('reports.form.place'), lat: t('reports.form.lat'), lon: t('reports.form.lon') };
}

export function ReportStartPage({ categories, places, form, status }: { categories: ReportCategory[]; places: PlaceOption[]; form: FormState; status?: number }) {
  const page = usePage();
  const { t, locale } = page;
  const title = t('reports.form.title');
  void status;
  return (
    <Layout title={title} residentsWrite breadcrumbs={[{ label: page.kommun?.name ?? '', href: kommunPath(page) }, { label: title }]}>
      <StepHeading step={1} title={t('reports.form.whereWhatTitle')} />
      <p class="lead">{t('reports.form.lead')}</p>
      <ErrorSummary errors={form.errors} labels={useStartLabels()} />
      <form method="get" action={kommunPath(page, reportPaths.details)} class="report-form" novalidate>
        <fieldset class="ds-fieldset report-where" id={fieldId('where')}>
          <legend class="ds-heading" data-size="sm">
            {t('reports.form.whereLegend')}
          </legend>
          <p class="field__hint">{t('reports.form.whereHint')}</p>
          <PlaceChooser id={fieldId('placeId')} name="placeId" label={t('reports.form.place')} emptyLabel={t('reports.form.placeEmpty')} places={places} selected={form.values.placeId} />
          {form.errors.placeId ? <FieldError message={form.errors.placeId} id={`${fieldId('placeId')}-error`} /> : null}
          <MapView id="report-picker" label={t('reports.form.mapLabel')} picker={{ lat: 'lat', lon: 'lon', choose: fieldId('placeId') }} size="medium" />
          <div class="report-coordinates">
            <TextField name="lat" label={t('reports.form.lat')} form={form} inputMode="decimal" hint={t('reports.form.coordinatesHint')} maxLength={20} />
            <TextField name="lon" label={t('reports.form.lon')} form={form} inputMode="decimal" maxLength={20} />
          </div>
          <button type="button" class="ds-button" data-variant="secondary" data-module="report-position" data-position-busy={t('reports.form.positionBusy')} data-position-failed={t('reports.form.positionFailed')} hidden>
            {t('reports.form.useMyPosition')}
          </button>
        </fieldset>
        <ChoiceGroup
          name="category"
          type="radio"
          legend={t('reports.form.categoryLegend')}
          legendClass="ds-heading report-legend"
          form={form}
          choices={categories.map((c) => ({ value: c.code, label: categoryName(c, locale), hint: bilingualText(c.description, locale) }))}
        />
        <SubmitButton>{t('reports.form.continue')}</SubmitButton>
      </form>
    </Layout>
  );
}

function FieldError({ message, id }: { message: string; id: string }) {
  const { t } = usePage();
  const [key, n] = message.split('|');
  return (
    <div class="ds-validation-message field__error" id={id} data-color="danger">
      <span class="ds-sr-only">{t('form.errorPrefix')} </span>
      {t(key ?? message, n === undefined ? {} : { n })}
    </div>
  );
}

export interface DetailsContext {
  category: ReportCategory;
  /** What the first step chose, carried in hidden fields. */
  chosen: { category: string; placeId: string; lat: string; lon: string };
  whereText: string;
  nearby: (ReportRow & { distance: number })[];
}

function useDetailsLabels(category: ReportCategory): Record<string, string> {
  const { t, locale } = usePage();
  const labels: Record<string, string> = {
    when: t('reports.form.whenLegend'),
    days: t('reports.form.daysLegend'),
    observedOn: t('reports.form.observedOn'),
    locationText: t('reports.form.locationText'),
    description: t('reports.form.description'),
    email: t('reports.form.email'),
    category: t('reports.form.categoryLegend'),
    placeId: t('reports.form.place'),
    lat: t('reports.form.lat'),
    lon: t('reports.form.lon'),
    photos: t('reports.photos.title'),
  };
  for (const q of category.questions) labels[`answer.${q.code}`] = bilingualText(q.label, locale);
  return labels;
}

function ChosenFields({ chosen }: { chosen: DetailsContext['chosen'] }) {
  return (
    <>
      <input type="hidden" name="category" value={chosen.category} />
      <input type="hidden" name="placeId" value={chosen.placeId} />
      <input type="hidden" name="lat" value={chosen.lat} />
      <input type="hidden" name="lon" value={chosen.lon} />
    </>
  );
}

function QuestionField({ question, form }: { question: CategoryQuestion; form: FormState }) {
  const { locale } = usePage();
  const name = `answer.${question.code}`;
  const label = bilingualText(question.label, locale);
  const hint = bilingualText(question.hint, locale) || undefined;
  switch (question.datatype) {
    case 'singlevaluelist':
    case 'multivaluelist':
      return (
        <ChoiceGroup
          name={name}
          type={question.datatype === 'singlevaluelist' ? 'radio' : 'checkbox'}
          legend={label}
          hint={hint}
          required={question.required}
          form={form}
          choices={question.values.map((v) => ({ value: v.key, label: bilingualText(v.name, locale) }))}
        />
      );
    case 'text':
      return <TextArea name={name} label={label} hint={hint} form={form} required={question.required} maxLength={500} rows={3} />;
    case 'number':
      return <TextField name={name} label={label} hint={hint} form={form} required={question.required} inputMode="decimal" maxLength={20} />;
    case 'datetime':
      return <TextField name={name} label={label} hint={hint} form={form} required={question.required} type="date" />;
    case 'string':
      return <TextField name={name} label={label} hint={hint} form={form} required={question.required} maxLength={500} />;
  }
}

export const noPhotos: DraftState = { draft: null, photos: [], offeredPosition: null };

export function ReportDetailsPage({ details, form, photos = noPhotos, photoMaxBytes }: { details: DetailsContext; form: FormState & { idempotencyKey: string }; photos?: DraftState; photoMaxBytes: number }) {
  const page = usePage();
  const { t, locale } = page;
  const title = t('reports.form.title');
  const { category } = details;
  const startHref = `${kommunPath(page, reportPaths.start)}?${new URLSearchParams(details.chosen).toString()}`;
  return (
    <Layout title={title} residentsWrite breadcrumbs={[{ label: page.kommun?.name ?? '', href: kommunPath(page) }, { label: title, href: kommunPath(page, reportPaths.start) }, { label: t('reports.form.detailsTitle') }]}>
      <StepHeading step={2} title={t('reports.form.detailsTitle')} />
      <p class="report-chosen">
        {t('reports.form.chosen', { category: categoryName(category, locale), where: details.whereText })}{' '}
        <a class="ds-link" href={startHref}>
          {t('reports.form.changeWhere')}
        </a>
      </p>
      <CategoryNotice category={category} />
      {details.nearby.length > 0 ? <NearbyReports nearby={details.nearby} /> : null}
      <ErrorSummary errors={form.errors} labels={useDetailsLabels(category)} />
      <Form action={kommunPath(page, reportPaths.review)} class="report-form" multipart>
        <ChosenFields chosen={details.chosen} />
        <input type="hidden" name="idempotencyKey" value={form.idempotencyKey} />
        <WhenFields form={form} />
        <TextField name="observedOn" type="date" label={t('reports.form.observedOn')} hint={t('reports.form.observedOnHint')} form={form} />
        <TextField name="locationText" label={t('reports.form.locationText')} hint={t('reports.form.locationTextHint')} form={form} maxLength={reportLimits.locationText} />
        <div class="ds-alert report-notice" data-color="warning" id="report-no-names">
          <h2 class="ds-heading" data-size="2xs">
            {t('reports.form.noNamesTitle')}
          </h2>
          <p>{t('reports.form.noNames')}</p>
        </div>
        <TextArea name="description" label={t('reports.form.description')} hint={t('reports.form.descriptionHint')} form={form} maxLength={reportLimits.description} rows={6} counter />
        {category.questions.map((q) => (
          <QuestionField key={q.code} question={q} form={form} />
        ))}
        <TextField name="email" type="email" label={t('reports.form.email')} hint={t('reports.form.emailHint')} form={form} autocomplete="email" maxLength={reportLimits.email} />
        <Honeypot />
        <PhotoFields state={photos} form={form} maxBytes={photoMaxBytes} />
        <PublicRecordNotice />
        <SubmitButton>{t('reports.form.review')}</SubmitButton>
      </Form>
    </Layout>
  );
}

function NearbyReports({ nearby }: { nearby: DetailsContext['nearby'] }) {
  const page = usePage();
  const { t } = page;
  return (
    <section class="report-nearby" aria-labelledby="report-nearby-heading">
      <h2 id="report-nearby-heading" class="ds-heading" data-size="sm">
        {t('reports.nearby.title')}
      </h2>
      <p>{t('reports.nearby.lead')}</p>
      <ul class="report-list">
        {nearby.map((report) => (
          <li key={report.id} class="report-card">
            <p class="report-card__title">
              <a class="ds-link" href={kommunPath(page, reportPaths.report(report.reference))}>
                {report.public_description ? report.public_description.slice(0, 120) : t('reports.nearby.untitled')}
              </a>
            </p>
            <p class="report-card__meta">
              {t('reports.nearby.distance', { n: String(Math.round(report.distance)) })} · <StatusBadge status={report.status} /> · {whenText(t, report.when_parts, report.when_days)} ·{' '}
              {t('reports.page.supporters', { n: String(report.supporters) })}
            </p>
          </li>
        ))}
      </ul>
    </section>
  );
}

export interface ReviewContext {
  details: DetailsContext;
  values: Record<string, string>;
  answers: Answers;
  idempotencyKey: string;
  whenParts: number;
  whenDays: number;
  photos: DraftState;
  /** The resident ticked "use the photo's position" before (coming back from "Change"). */
  usePhotoPosition: boolean;
  challenge: PowChallenge;
}

/** Step 3: everything as it will be sent, with the notices, and the two ways on. */
export function ReportReviewPage({ review }: { review: ReviewContext }) {
  const page = usePage();
  const { t, locale } = page;
  const { details, values } = review;
  const title = t('reports.form.title');
  const hidden = Object.entries(values).flatMap(([name, value]) => (name === 'when' || name === 'days' || name.startsWith('answer.') ? value.split('\n').map((v) => [name, v] as const) : [[name, value] as const]));
  const answerText = (q: CategoryQuestion) => {
    const answer = review.answers[q.code];
    const list = Array.isArray(answer) ? answer : answer === undefined ? [] : [answer];
    return list.map((key) => (q.values.length > 0 ? bilingualText(q.values.find((v) => v.key === key)?.name ?? { sv: key, en: key }, locale) : key)).join(', ');
  };
  return (
    <Layout title={title} residentsWrite breadcrumbs={[{ label: page.kommun?.name ?? '', href: kommunPath(page) }, { label: title, href: kommunPath(page, reportPaths.start) }, { label: t('reports.review.title') }]}>
      <StepHeading step={3} title={t('reports.review.title')} />
      <p class="lead">{t('reports.review.lead')}</p>
      <dl class="report-summary">
        <dt>{t('reports.review.category')}</dt>
        <dd>{categoryName(details.category, locale)}</dd>
        <dt>{t('reports.review.where')}</dt>
        <dd>
          {details.whereText}
          {values.locationText ? ` – ${values.locationText}` : ''}
        </dd>
        <dt>{t('reports.review.when')}</dt>
        <dd>{whenText(t, review.whenParts, review.whenDays)}</dd>
        {values.observedOn ? (
          <>
            <dt>{t('reports.form.observedOn')}</dt>
            <dd>{values.observedOn}</dd>
          </>
        ) : null}
        <dt>{t('reports.review.description')}</dt>
        <dd class="report-text">{values.description || t('reports.review.noDescription')}</dd>
        {details.category.questions
          .filter((q) => answerText(q) !== '')
          .map((q) => (
            <>
              <dt>{bilingualText(q.label, locale)}</dt>
              <dd>{answerText(q)}</dd>
            </>
          ))}
        <dt>{t('reports.review.email')}</dt>
        <dd>{values.email ? t('reports.review.emailGiven', { email: values.email }) : t('reports.review.noEmail')}</dd>
        <ReviewPhotos state={review.photos} />
      </dl>
      <PublicRecordNotice />
      <Form action={kommunPath(page, reportPaths.start)} class="report-form report-form--send">
        {hidden.map(([name, value], i) => (
          <input key={`${name}-${i}`} type="hidden" name={name} value={value} />
        ))}
        <input type="hidden" name="idempotencyKey" value={review.idempotencyKey} />
        <PhotoCarriedFields state={review.photos} />
        <PhotoPositionChoice state={review.photos} checked={review.usePhotoPosition} />
        <Honeypot />
        <PowWidget challenge={review.challenge} />
        <div class="report-actions">
          <SubmitButton>{t('reports.review.send')}</SubmitButton>
          <button type="submit" class="ds-button" data-variant="secondary" formaction={kommunPath(page, reportPaths.change)}>
            {t('reports.review.change')}
          </button>
        </div>
      </Form>
    </Layout>
  );
}
