import { formatDate, formatDateTime } from '../i18n/i18n.js';
import { ErrorSummary, Form, KeysetPagination, PageHeading, SubmitButton, TextArea, TextField, type FormState } from '../views/components.js';
import { Layout } from '../views/layout.js';
import { kommunPath, usePage } from '../views/page-context.js';
import type { ReportRow } from './accessibility.repository.js';
import { accessibilityLimits, type ReportStatus } from './accessibility.schemas.js';

/** Where residents can complain about how a report was handled (Digg's form). */
export const diggReportUrl = 'https://www.digg.se/tdosanmalan';

export function StatementPage({ form, knownIssues, lastReviewed }: { form: FormState; knownIssues: string[]; lastReviewed: string }) {
  const page = usePage();
  const { t, kommun, locale } = page;
  const name = kommun?.name ?? '';
  const contact = kommun?.settings.contact;
  const labels = { pageUrl: t('accessibility.pageUrl'), description: t('accessibility.description'), replyEmail: t('accessibility.replyEmail') };
  return (
    <Layout title={t('accessibility.title')} breadcrumbs={[{ label: name, href: kommunPath(page) }, { label: t('accessibility.title') }]} residentsWrite>
      <article class="a11y-statement">
        <PageHeading lead={t('accessibility.lead', { kommun: name })}>{t('accessibility.title')}</PageHeading>

        <h2 class="ds-heading" data-size="sm">
          {t('accessibility.howAccessible')}
        </h2>
        <p>{knownIssues.length > 0 ? t('accessibility.partlyCompliant') : t('accessibility.compliant')}</p>
        <p>{t('accessibility.standard')}</p>

        <h2 class="ds-heading" data-size="sm">
          {t('accessibility.knownIssues')}
        </h2>
        {knownIssues.length > 0 ? (
          <ul class="a11y-statement__issues">
            {knownIssues.map((issue, index) => (
              <li key={index}>{issue}</li>
            ))}
          </ul>
        ) : (
          <p>{t('accessibility.noKnownIssues')}</p>
        )}

        <h2 class="ds-heading" data-size="sm">
          {t('accessibility.aidsTitle')}
        </h2>
        <p>{t('accessibility.aidsText')}</p>

        <h2 class="ds-heading" data-size="sm" id="rapportera">
          {t('accessibility.reportTitle')}
        </h2>
        <p>{t('accessibility.reportLead')}</p>
        {contact && (contact.email || contact.phone) ? (
          <p>
            {t('accessibility.otherWays')}{' '}
            {contact.email ? (
              <a class="ds-link" href={`mailto:${contact.email}`}>
                {contact.email}
              </a>
            ) : null}
            {contact.email && contact.phone ? ` ${t('accessibility.or')} ` : null}
            {contact.phone ? (
              <a class="ds-link" href={`tel:${contact.phone.replace(/[^+\d]/g, '')}`}>
                {contact.phone}
              </a>
            ) : null}
            .
          </p>
        ) : null}
        <div class="report-form">
          <ErrorSummary errors={form.errors} labels={labels} />
          <Form action={kommunPath(page, 'tillganglighet')} label={t('accessibility.reportTitle')}>
            <TextField name="pageUrl" label={labels.pageUrl} hint={t('accessibility.pageUrlHint')} required form={form} maxLength={accessibilityLimits.pageUrl} />
            <TextArea name="description" label={labels.description} hint={t('accessibility.descriptionHint')} required form={form} maxLength={accessibilityLimits.description} rows={6} />
            <TextField name="replyEmail" type="email" label={labels.replyEmail} hint={t('accessibility.replyEmailHint')} form={form} maxLength={accessibilityLimits.replyEmail} autocomplete="email" />
            <SubmitButton>{t('accessibility.send')}</SubmitButton>
          </Form>
        </div>

        <h2 class="ds-heading" data-size="sm">
          {t('accessibility.supervisionTitle')}
        </h2>
        <p>{t('accessibility.supervisionText')}</p>
        <p>
          <a class="ds-link" href={diggReportUrl} lang="sv">
            {t('accessibility.supervisionLink')}
          </a>
        </p>

        <h2 class="ds-heading" data-size="sm">
          {t('accessibility.aboutTitle')}
        </h2>
        <p>{t('accessibility.howTested')}</p>
        <p>
          {lastReviewed
            ? t('accessibility.lastReviewed', { date: formatDate(locale, `${lastReviewed}T12:00:00Z`) })
            : t('accessibility.notReviewed')}
        </p>
      </article>
    </Layout>
  );
}

export function ReportsPage({ rows, status, newerHref, olderHref }: { rows: ReportRow[]; status: ReportStatus; newerHref: string | null; olderHref: string | null }) {
  const page = usePage();
  const { t, locale } = page;
  const base = kommunPath(page, 'admin/tillganglighet');
  return (
    <Layout
      title={t('accessibility.reportsTitle')}
      staff
      breadcrumbs={[{ label: page.kommun?.name ?? '', href: kommunPath(page) }, { label: t('staff.dashboard'), href: kommunPath(page, 'admin') }, { label: t('accessibility.reportsTitle') }]}
    >
      <div class="admin-page">
        <PageHeading lead={t('accessibility.reportsLead')}>{t('accessibility.reportsTitle')}</PageHeading>
        <nav class="status-tabs" aria-label={t('accessibility.statusFilter')}>
          <ul>
            {(['open', 'handled'] as const).map((s) => (
              <li key={s}>
                <a class="ds-link" href={s === 'open' ? base : `${base}?status=handled`} aria-current={s === status ? 'page' : undefined}>
                  {t(`accessibility.status.${s}`)}
                </a>
              </li>
            ))}
          </ul>
        </nav>
        {rows.length === 0 ? (
          <p>{t(`accessibility.noReports.${status}`)}</p>
        ) : (
          <ol class="report-list">
            {rows.map((r) => (
              <li key={r.id} class="report-list__item">
                <article aria-labelledby={`report-${r.id}`}>
                  <h2 class="ds-heading" data-size="2xs" id={`report-${r.id}`}>
                    {t('accessibility.reportHeading', { date: formatDateTime(locale, r.createdAt) })}
                  </h2>
                  <dl class="report-list__facts">
                    <dt>{t('accessibility.staffPage')}</dt>
                    <dd class="report-list__url">{r.pageUrl}</dd>
                    <dt>{t('accessibility.staffProblem')}</dt>
                    <dd class="report-list__text">{r.description}</dd>
                    <dt>{t('accessibility.staffReplyTo')}</dt>
                    <dd>
                      {r.replyEmail ? (
                        <a class="ds-link" href={`mailto:${r.replyEmail}`}>
                          {r.replyEmail}
                        </a>
                      ) : (
                        t('accessibility.noReplyWanted')
                      )}
                    </dd>
                    <dt>{t('accessibility.statusLabel')}</dt>
                    <dd>
                      {r.status === 'handled' && r.handledAt
                        ? t('accessibility.handledBy', { date: formatDateTime(locale, r.handledAt), name: r.handledByName ?? t('accessibility.someone') })
                        : t(`accessibility.state.${r.status}`)}
                    </dd>
                  </dl>
                  {r.status === 'open' ? (
                    <Form action={`${base}/${r.id}/hanterad`} class="inline-form" label={t('accessibility.markHandledFor', { date: formatDateTime(locale, r.createdAt) })}>
                      <SubmitButton variant="secondary">{t('accessibility.markHandled')}</SubmitButton>
                    </Form>
                  ) : null}
                </article>
              </li>
            ))}
          </ol>
        )}
        <KeysetPagination newerHref={newerHref} olderHref={olderHref} />
      </div>
    </Layout>
  );
}
