// Public pages of a report: its page (also the receipt, and the reporter's way to follow it by
// reference), the list with filters, and the home page's section.
import { Form, KeysetPagination, SelectField, SubmitButton, TextField, emptyForm, type FormState } from '../../platform/views/components.js';
import { Layout } from '../../platform/views/layout.js';
import { kommunPath, usePage } from '../../platform/views/page-context.js';
import { categoryName, type ReportCategory } from './report.categories.js';
import { CategoryLabel, DateText, Reference, StatusBadge, WhenFields, whenText } from './report.components.js';
import { formatReference } from './report.reference.js';
import type { PublicListRow, ReportEventRow, ReportRow } from './report.repository.js';
import type { PublicListQuery } from './report.schemas.js';
import { reportPaths } from './report.paths.js';
import { statusLabel } from './report.settings.js';
import { PublicPhotos } from './report.photos.views.js';
import { statusKind } from './report.states.js';
import { dayParts } from './report.when.js';

export interface ReportPageData {
  report: ReportRow;
  isPublic: boolean;
  events: ReportEventRow[];
  category: ReportCategory | undefined;
  placeName: string | null;
  /** Just sent: the page is the receipt. */
  received: boolean;
  supportForm: FormState;
  /** The plan activity the report is part of, when its plan is public. */
  activity?: { title: string; path: string } | null;
  /** Photos staff have published. */
  photos?: readonly { id: string; fileId: string }[];
}

export function ReportPage({ data }: { data: ReportPageData }) {
  const page = usePage();
  const { t } = page;
  const { report, category } = data;
  const reference = formatReference(report.reference);
  const title = t('reports.page.title', { reference });
  return (
    <Layout title={title} residentsWrite={data.isPublic} breadcrumbs={[{ label: page.kommun?.name ?? '', href: kommunPath(page) }, { label: t('reports.list.title'), href: kommunPath(page, reportPaths.list) }, { label: title }]}>
      <h1 class="ds-heading" data-size="lg">
        {title}
      </h1>
      {data.received ? <Receipt report={report} /> : null}
      <dl class="report-summary">
        <dt>{t('reports.review.category')}</dt>
        <dd>
          <CategoryLabel category={category} code={report.category_code} />
        </dd>
        <dt>{t('reports.page.status')}</dt>
        <dd>{data.isPublic ? <StatusBadge status={report.status} /> : t('reports.page.awaitingModeration')}</dd>
        <dt>{t('reports.page.sent')}</dt>
        <dd>
          <DateText iso={report.created_at} />
        </dd>
        {data.isPublic ? <PublicDetails data={data} /> : null}
      </dl>
      {data.isPublic ? null : <p>{t('reports.page.pending')}</p>}
      {data.isPublic && data.activity ? (
        <p class="report-activity">
          {t('reports.staff.public.partOf')} <a class="ds-link" href={kommunPath(page, data.activity.path)}>{data.activity.title}</a>
        </p>
      ) : null}
      {data.isPublic && data.photos ? <PublicPhotos photos={data.photos} /> : null}
      {data.isPublic && data.events.length > 0 ? <History events={data.events} /> : null}
      {data.isPublic && report.status === 'fixed' ? <NotFixedForm reference={report.reference} /> : null}
      {data.isPublic && statusKind(report.status) === 'open' ? <SupportForm reference={report.reference} form={data.supportForm} /> : null}
    </Layout>
  );
}

function PublicDetails({ data }: { data: ReportPageData }) {
  const { t } = usePage();
  const { report } = data;
  return (
    <>
      {data.placeName ? (
        <>
          <dt>{t('reports.review.where')}</dt>
          <dd>{data.placeName}</dd>
        </>
      ) : null}
      <dt>{t('reports.review.when')}</dt>
      <dd>{whenText(t, report.when_parts, report.when_days)}</dd>
      <dt>{t('reports.review.description')}</dt>
      <dd class="report-text">{report.public_description ?? t('reports.page.textHidden')}</dd>
      <dt>{t('reports.page.supportersTitle')}</dt>
      <dd>{t('reports.page.supporters', { n: String(report.supporters) })}</dd>
    </>
  );
}

function Receipt({ report }: { report: ReportRow }) {
  const { t } = usePage();
  return (
    <section class="ds-alert report-receipt" data-color="success" aria-labelledby="report-receipt-heading">
      <h2 id="report-receipt-heading" class="ds-heading" data-size="sm">
        {t('reports.receipt.title')}
      </h2>
      <p>
        {t('reports.receipt.reference')} <strong>
          <Reference reference={report.reference} />
        </strong>
      </p>
      <p>{t('reports.receipt.keep')}</p>
      <h3 class="ds-heading" data-size="2xs">
        {t('reports.receipt.nextTitle')}
      </h3>
      <ol>
        <li>{t('reports.receipt.next1')}</li>
        <li>{t('reports.receipt.next2')}</li>
        <li>{report.has_contact ? t('reports.receipt.next3Email') : t('reports.receipt.next3NoEmail')}</li>
      </ol>
    </section>
  );
}

function History({ events }: { events: ReportEventRow[] }) {
  const page = usePage();
  const { t } = page;
  return (
    <section aria-labelledby="report-history-heading">
      <h2 id="report-history-heading" class="ds-heading" data-size="md">
        {t('reports.page.history')}
      </h2>
      <ol class="report-history">
        {events.map((event) => (
          <li key={event.id}>
            <p class="report-history__when">
              <DateText iso={event.created_at} />
            </p>
            <p>
              {event.kind === 'status' ? t('reports.event.status', { status: statusLabel(t, page.kommun, page.locale, event.status) }) : t(`reports.event.${event.kind}`)}
            </p>
            {event.body ? <p class="report-text">{event.body}</p> : null}
          </li>
        ))}
      </ol>
    </section>
  );
}

function SupportForm({ reference, form }: { reference: string; form: FormState }) {
  const page = usePage();
  const { t } = page;
  return (
    <section aria-labelledby="report-support-heading" class="report-support">
      <h2 id="report-support-heading" class="ds-heading" data-size="md">
        {t('reports.support.title')}
      </h2>
      <p>{t('reports.support.lead')}</p>
      <Form action={kommunPath(page, reportPaths.support(reference))}>
        <WhenFields form={form} />
        <SubmitButton variant="secondary">{t('reports.support.submit')}</SubmitButton>
      </Form>
    </section>
  );
}

export interface ReportListData {
  rows: PublicListRow[];
  categories: ReportCategory[];
  filter: PublicListQuery;
  olderHref: string | null;
  followForm: FormState;
}

export function ReportListPage({ data }: { data: ReportListData }) {
  const page = usePage();
  const { t, locale } = page;
  const title = t('reports.list.title');
  const byCode = new Map(data.categories.map((c) => [c.code, c]));
  const filterForm: FormState = { values: Object.fromEntries(Object.entries(data.filter).filter(([k, v]) => k !== 'efter' && typeof v === 'string')) as Record<string, string>, errors: {} };
  return (
    <Layout title={title} breadcrumbs={[{ label: page.kommun?.name ?? '', href: kommunPath(page) }, { label: title }]}>
      <h1 class="ds-heading" data-size="lg">
        {title}
      </h1>
      <p class="lead">{t('reports.list.lead')}</p>
      <p>
        <a class="ds-button" data-variant="primary" href={kommunPath(page, reportPaths.start)}>
          {t('reports.list.reportCta')}
        </a>
      </p>
      <form method="get" action={kommunPath(page, reportPaths.list)} class="report-filters" aria-label={t('reports.filter.label')} novalidate>
        <SelectField name="kategori" label={t('reports.filter.category')} form={filterForm} filter options={[{ value: '', label: t('reports.filter.all') }, ...data.categories.map((c) => ({ value: c.code, label: categoryName(c, locale) }))]} />
        <SelectField name="status" label={t('reports.filter.status')} form={filterForm} filter options={[{ value: '', label: t('reports.filter.all') }, ...(['open', 'fixed', 'closed'] as const).map((k) => ({ value: k, label: t(`reports.kind.${k}`) }))]} />
        <SelectField name="tid" label={t('reports.filter.time')} form={filterForm} filter options={[{ value: '', label: t('reports.filter.anyTime') }, ...dayParts.map((p) => ({ value: p, label: t(`reports.when.${p}`) }))]} />
        <SelectField name="period" label={t('reports.filter.period')} form={filterForm} filter options={[{ value: '', label: t('reports.filter.allTime') }, ...(['30', '90', '365'] as const).map((d) => ({ value: d, label: t('reports.filter.lastDays', { n: d }) }))]} />
        <SubmitButton variant="secondary">{t('reports.filter.apply')}</SubmitButton>
      </form>
      {data.rows.length === 0 ? <p>{t('reports.list.empty')}</p> : null}
      <ul class="report-list">
        {data.rows.map((report) => (
          <li key={report.id} class="report-card">
            <h2 class="ds-heading report-card__title" data-size="2xs">
              <a class="ds-link" href={kommunPath(page, reportPaths.report(report.reference))}>
                <CategoryLabel category={byCode.get(report.category_code)} code={report.category_code} />
                {report.place_name ? `, ${report.place_name}` : ''}
              </a>
            </h2>
            <p class="report-card__meta">
              <StatusBadge status={report.status} /> · <DateText iso={report.created_at} /> · {whenText(t, report.when_parts, report.when_days)} · {t('reports.page.supporters', { n: String(report.supporters) })}
            </p>
            {report.public_description ? <p class="report-card__text">{report.public_description.length > 200 ? `${report.public_description.slice(0, 200)}…` : report.public_description}</p> : null}
          </li>
        ))}
      </ul>
      <KeysetPagination olderHref={data.olderHref} />
      <FollowForm form={data.followForm} />
    </Layout>
  );
}

/** Follow a report by its reference: for reporters who left no address. */
export function FollowForm({ form = emptyForm }: { form?: FormState }) {
  const page = usePage();
  const { t } = page;
  return (
    <section class="report-follow" aria-labelledby="report-follow-heading">
      <h2 id="report-follow-heading" class="ds-heading" data-size="sm">
        {t('reports.follow.title')}
      </h2>
      <form method="get" action={kommunPath(page, reportPaths.follow)} novalidate>
        <TextField name="referens" label={t('reports.follow.reference')} hint={t('reports.follow.hint')} form={form} maxLength={12} autocomplete="off" />
        <SubmitButton variant="secondary">{t('reports.follow.submit')}</SubmitButton>
      </form>
    </section>
  );
}

export function FollowPage({ form }: { form: FormState }) {
  const page = usePage();
  const title = page.t('reports.follow.title');
  return (
    <Layout title={title} breadcrumbs={[{ label: page.kommun?.name ?? '', href: kommunPath(page) }, { label: title }]}>
      <h1 class="ds-heading" data-size="lg">
        {title}
      </h1>
      <FollowForm form={form} />
    </Layout>
  );
}

/** "It is not fixed": the reporter, asked by mail, or anyone who sees it is not, reopens the report. */
function NotFixedForm({ reference }: { reference: string }) {
  const page = usePage();
  const { t } = page;
  return (
    <section id="inte-atgardad" aria-labelledby="report-not-fixed-heading" class="report-support">
      <h2 id="report-not-fixed-heading" class="ds-heading" data-size="md">
        {t('reports.staff.notFixed.title')}
      </h2>
      <p>{t('reports.staff.notFixed.lead')}</p>
      <Form action={kommunPath(page, `rapporter/${reference}/inte-atgardad`)}>
        <SubmitButton variant="secondary">{t('reports.staff.notFixed.submit')}</SubmitButton>
      </Form>
    </section>
  );
}
