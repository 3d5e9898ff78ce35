import { formatDateTime } from '../i18n/i18n.js';
import { ErrorSummary, KeysetPagination, SubmitButton, TextField, type FormState } from '../views/components.js';
import { Layout } from '../views/layout.js';
import { kommunPath, usePage } from '../views/page-context.js';
import type { AuditEntry } from './audit.repository.js';
import { auditSentence, auditSubjectKey, parseAuditJson } from './audit.presenter.js';

/** When both sides are records, only the fields that changed are worth reading. */
function changedFields(before: string | null, after: string | null): Set<string> | null {
  const a = parseAuditJson(before);
  const b = parseAuditJson(after);
  if (!a || !b) return null;
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  return new Set([...keys].filter((k) => JSON.stringify(a[k]) !== JSON.stringify(b[k])));
}

/** Shows a stored before/after JSON value as a readable list of fields. */
function Snapshot({ json, only }: { json: string | null; only: Set<string> | null }) {
  const { t } = usePage();
  if (!json) return <span>{t('audit.nothing')}</span>;
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch {
    return <span>{json}</span>;
  }
  if (value && typeof value === 'object' && !Array.isArray(value)) {
    const entries = Object.entries(value as Record<string, unknown>).filter(([key]) => !only || only.has(key));
    if (entries.length === 0) return <span>{t('audit.nothing')}</span>;
    return (
      <dl class="audit-fields">
        {entries.map(([key, v]) => (
          <div key={key}>
            <dt>{key}</dt>
            <dd>{typeof v === 'string' ? v : JSON.stringify(v)}</dd>
          </div>
        ))}
      </dl>
    );
  }
  return <span>{JSON.stringify(value)}</span>;
}

export function AuditPage({ entries, subjectNames, form, olderHref, firstHref }: { entries: AuditEntry[]; subjectNames: Map<string, string>; form: FormState; olderHref: string | null; firstHref: string | null }) {
  const page = usePage();
  const { t, kommun, locale } = page;
  const base = kommunPath(page, 'admin/logg');
  return (
    <Layout title={t('audit.title')} staff breadcrumbs={[{ label: kommun?.name ?? '', href: kommunPath(page) }, { label: t('staff.dashboard'), href: kommunPath(page, 'admin') }, { label: t('audit.title') }]}>
      <h1 class="ds-heading" data-size="lg">
        {t('audit.title')}
      </h1>
      <p class="lead">{t('audit.lead', { kommun: kommun?.name ?? '' })}</p>
      <ErrorSummary errors={form.errors} labels={{ person: t('audit.person'), from: t('audit.from'), to: t('audit.to') }} />
      <form method="get" action={base} class="filter-form" aria-labelledby="audit-filter-heading" novalidate>
        <h2 class="ds-heading" data-size="sm" id="audit-filter-heading">
          {t('audit.filterTitle')}
        </h2>
        <TextField name="person" label={t('audit.person')} type="email" form={form} maxLength={200} />
        <TextField name="entityType" label={t('audit.entityType')} hint={t('audit.entityTypeHint')} form={form} maxLength={60} />
        <TextField name="action" label={t('audit.action')} hint={t('audit.actionHint')} form={form} maxLength={80} />
        <TextField name="from" label={t('audit.from')} hint={t('audit.dateHint')} type="date" form={form} />
        <TextField name="to" label={t('audit.to')} hint={t('audit.dateHint')} type="date" form={form} />
        <SubmitButton variant="secondary">{t('audit.filter')}</SubmitButton>{' '}
        <a class="ds-link" href={base}>
          {t('audit.clear')}
        </a>
      </form>
      {entries.length === 0 ? (
        <p>{t('audit.empty')}</p>
      ) : (
        <table class="ds-table admin-table stack-table audit-table" data-audit-table>
          <caption>{t('audit.caption')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('audit.at')}</th>
              <th scope="col">{t('audit.what')}</th>
            </tr>
          </thead>
          <tbody>
            {entries.map((e) => {
              const only = changedFields(e.before, e.after);
              const subjectKey = auditSubjectKey(e);
              return (
                <tr key={e.id} data-audit-id={e.id}>
                  <td data-label={t('audit.at')}>
                    <time datetime={e.at}>{formatDateTime(locale, e.at)}</time>
                  </td>
                  <td data-label={t('audit.what')}>
                    <p class="audit-sentence">{auditSentence(e, subjectKey ? subjectNames.get(subjectKey) : undefined, t, locale)}</p>
                    <details class="audit-details">
                      <summary>{t('audit.details')}</summary>
                      <dl class="audit-fields">
                        <div>
                          <dt>{t('audit.who')}</dt>
                          <dd>
                            {e.actorName ?? t('audit.system')}
                            {e.actorEmail ? <span class="audit-actor-email"> ({e.actorEmail})</span> : null}
                          </dd>
                        </div>
                        <div>
                          <dt>{t('audit.action')}</dt>
                          <dd>
                            <code>{e.action}</code>
                          </dd>
                        </div>
                        <div>
                          <dt>{t('audit.entity')}</dt>
                          <dd>
                            <code>{e.entityType}</code>
                            {e.entityId ? <span class="audit-entity-id"> {e.entityId}</span> : null}
                          </dd>
                        </div>
                        <div>
                          <dt>{t('audit.before')}</dt>
                          <dd>
                            <Snapshot json={e.before} only={only} />
                          </dd>
                        </div>
                        <div>
                          <dt>{t('audit.after')}</dt>
                          <dd>
                            <Snapshot json={e.after} only={only} />
                          </dd>
                        </div>
                      </dl>
                    </details>
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
      <KeysetPagination newerHref={firstHref} olderHref={olderHref} />
    </Layout>
  );
}
