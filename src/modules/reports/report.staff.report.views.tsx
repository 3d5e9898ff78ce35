// A report's page for staff: everything about it (the exact position, the text as sent, the
// answers, the "me too", the full history with internal notes) and each action as its own form
// carrying the version it was shown with. The reporter's address is never here: only whether
// they left one.
import { BlockSenderSection } from './report.admin.views.js';
import { splitMessage } from '../../platform/http/forms.js';
import { StaffPhotos } from './report.photos.staff.js';
import { ErrorSummary, Form, SelectField, SubmitButton, TextArea, TextField, emptyForm, type FormState } from '../../platform/views/components.js';
import { Layout } from '../../platform/views/layout.js';
import { kommunPath, usePage } from '../../platform/views/page-context.js';
import { CategoryLabel, DateText, Reference, StatusBadge, whenText } from './report.components.js';
import type { StaffReport } from './report.handling.service.js';
import { formatReference } from './report.reference.js';
import { statusLabel } from './report.settings.js';
import { staffLimits } from './report.staff.schemas.js';
import { useStatusOptions } from './report.staff.views.js';

export type StaffFormName = 'moderate' | 'status' | 'assign' | 'note' | 'response' | 'activity' | 'duplicate';

const segments: Record<StaffFormName, string> = { moderate: 'granska', status: 'status', assign: 'tilldela', note: 'anteckning', response: 'svar', activity: 'aktivitet', duplicate: 'dublett' };

export function StaffReportPage({ data, forms, refusal, blockForm }: { data: StaffReport; forms: Partial<Record<StaffFormName, FormState>>; refusal?: string | undefined; blockForm?: FormState }) {
  const page = usePage();
  const { t, kommun, locale } = page;
  const { report } = data;
  const title = t('reports.staff.report.title', { reference: formatReference(report.reference) });
  const action = (name: StaffFormName) => kommunPath(page, `admin/rapporter/${report.id}/${segments[name]}`);
  const formOf = (name: StaffFormName) => forms[name] ?? emptyForm;
  const orgNames = new Map(data.organisations.map((o) => [o.id, o.name]));
  const answers = Object.entries(JSON.parse(report.answers_json) as Record<string, string | string[]>);
  const refusalText = refusal ? t(splitMessage(refusal).key) : null;
  const Version = () => <input type="hidden" name="version" value={String(report.version)} />;
  return (
    <Layout title={title} staff breadcrumbs={[{ label: t('reports.staff.queue.title'), href: kommunPath(page, 'admin/rapporter') }, { label: title }]}>
      <h1 class="ds-heading" data-size="lg">
        {title}
      </h1>
      {refusalText ? (
        <div class="ds-alert" data-color="warning" role="alert">
          <p>{refusalText}</p>
        </div>
      ) : null}
      <dl class="report-summary">
        <dt>{t('reports.review.category')}</dt>
        <dd>
          <CategoryLabel category={data.category} code={report.category_code} />
        </dd>
        <dt>{t('reports.page.status')}</dt>
        <dd>
          <StatusBadge status={report.status} />
        </dd>
        <dt>{t('reports.staff.queue.moderation')}</dt>
        <dd>{t(`reports.staff.moderationState.${report.moderation}`)}</dd>
        <dt>{t('reports.page.sent')}</dt>
        <dd>
          <DateText iso={report.created_at} />
        </dd>
        <dt>{t('reports.staff.report.position')}</dt>
        <dd>
          {report.lat.toFixed(6)}, {report.lon.toFixed(6)}
          {data.place ? ` (${data.place.name})` : ''}
        </dd>
        {report.location_text ? (
          <>
            <dt>{t('reports.staff.report.locationText')}</dt>
            <dd>{report.location_text}</dd>
          </>
        ) : null}
        <dt>{t('reports.review.when')}</dt>
        <dd>
          {whenText(t, report.when_parts, report.when_days)}
          {report.observed_on ? ` · ${t('reports.staff.report.observedOn', { date: report.observed_on })}` : ''}
        </dd>
        <dt>{t('reports.staff.report.original')}</dt>
        <dd class="report-text">{report.description || t('reports.staff.report.noText')}</dd>
        <dt>{t('reports.staff.report.publicText')}</dt>
        <dd class="report-text">{report.public_description ?? t('reports.page.textHidden')}</dd>
        {answers.map(([code, value]) => {
          const question = data.category?.questions.find((q) => q.code === code);
          // A list question's answer is a key: show the choice as the reporter saw it.
          const shown = (Array.isArray(value) ? value : [value]).map((v) => question?.values.find((choice) => choice.key === v)?.name[locale] ?? v);
          return (
            <>
              <dt key={`q-${code}`}>{question?.label[locale] ?? code}</dt>
              <dd key={`a-${code}`}>{shown.join(', ')}</dd>
            </>
          );
        })}
        <dt>{t('reports.page.supportersTitle')}</dt>
        <dd>
          {t('reports.page.supporters', { n: String(report.supporters) })}
          {data.supports.length > 0 ? (
            <ul>
              {data.supports.map((s) => (
                <li key={s.id}>
                  <DateText iso={s.created_at} />: {whenText(t, s.when_parts, s.when_days)}
                </li>
              ))}
            </ul>
          ) : null}
        </dd>
        <dt>{t('reports.staff.report.contact')}</dt>
        <dd>{report.contact_deleted_at ? t('reports.staff.report.contactDeleted') : report.has_contact ? t('reports.staff.report.contactYes', { n: String(data.followers) }) : t('reports.staff.report.contactNo')}</dd>
        <dt>{t('reports.staff.queue.assigned')}</dt>
        <dd>{report.assigned_organisation_id ? (orgNames.get(report.assigned_organisation_id) ?? '') : t('reports.staff.queue.unassigned')}</dd>
        <dt>{t('reports.staff.activity.label')}</dt>
        <dd>{data.activity ? `${data.activity.title} (${data.activity.planTitle})` : t('reports.staff.activity.none')}</dd>
        {data.duplicateOf ? (
          <>
            <dt>{t('reports.staff.duplicate.of')}</dt>
            <dd>
              <a class="ds-link" href={kommunPath(page, `admin/rapporter/${data.duplicateOf.id}`)}>
                <Reference reference={data.duplicateOf.reference} />
              </a>
            </dd>
          </>
        ) : null}
        <dt>{t('reports.staff.report.publicPage')}</dt>
        <dd>
          <a class="ds-link" href={kommunPath(page, `rapporter/${report.reference}`)}>
            {t('reports.staff.report.publicPageLink')}
          </a>
        </dd>
      </dl>

      <StaffPhotos reportId={report.id} photos={data.photos} canModerate={data.abilities.moderate} />
      {data.abilities.moderate ? (
        <section aria-labelledby="moderate-heading" class="report-action">
          <h2 id="moderate-heading" class="ds-heading" data-size="md">
            {t('reports.staff.moderate.title')}
          </h2>
          <ErrorSummary errors={formOf('moderate').errors} labels={{ publicDescription: t('reports.staff.moderate.text'), decision: t('reports.staff.moderate.decision') }} />
          <Form action={action('moderate')}>
            <Version />
            <TextArea name="publicDescription" label={t('reports.staff.moderate.text')} hint={t('reports.staff.moderate.textHint')} form={formOf('moderate')} maxLength={4000} defaultValue={report.public_description ?? report.description} required />
            <SelectField
              name="decision"
              label={t('reports.staff.moderate.decision')}
              form={formOf('moderate')}
              required
              options={[
                { value: 'publish', label: t('reports.staff.moderate.publish') },
                { value: 'publish_hidden', label: t('reports.staff.moderate.publishHidden') },
                { value: 'reject', label: t('reports.staff.moderate.reject') },
              ]}
            />
            <SubmitButton>{t('reports.staff.moderate.submit')}</SubmitButton>
          </Form>
        </section>
      ) : null}
      {data.abilities.moderate && report.client_hash !== null ? <BlockSenderSection reportId={report.id} form={blockForm ?? emptyForm} blocked={data.senderBlocked} /> : null}

      {data.abilities.handle ? (
        <>
          <section aria-labelledby="status-heading" class="report-action">
            <h2 id="status-heading" class="ds-heading" data-size="md">
              {t('reports.staff.status.title')}
            </h2>
            <ErrorSummary errors={formOf('status').errors} labels={{ status: t('reports.filter.status'), statusResponse: t('reports.staff.status.response') }} />
            <Form action={action('status')}>
              <Version />
              <SelectField name="status" label={t('reports.filter.status')} form={formOf('status')} required defaultValue={report.status} options={useStatusOptions().filter((o) => o.value !== 'duplicate')} />
              <TextArea name="statusResponse" label={t('reports.staff.status.response')} hint={t('reports.staff.status.responseHint')} form={formOf('status')} maxLength={staffLimits.response} />
              <SubmitButton>{t('reports.staff.status.submit')}</SubmitButton>
            </Form>
          </section>
          <section aria-labelledby="response-heading" class="report-action">
            <h2 id="response-heading" class="ds-heading" data-size="md">
              {t('reports.staff.response.title')}
            </h2>
            {data.templates.length > 0 ? (
              <details>
                <summary>{t('reports.staff.response.templates')}</summary>
                <ul>
                  {data.templates
                    .filter((tpl) => tpl.status === null || tpl.status === report.status)
                    .map((tpl) => (
                      <li key={tpl.id}>
                        <strong>{tpl.title}</strong>
                        {tpl.status ? ` (${statusLabel(t, kommun, locale, tpl.status)})` : ''}
                        <p class="report-text">{tpl.body}</p>
                        <a class="ds-link" href={`${kommunPath(page, `admin/rapporter/${report.id}`)}?mall=${tpl.id}#response-heading`}>
                          {t('reports.staff.response.useTemplate', { title: tpl.title })}
                        </a>
                      </li>
                    ))}
                </ul>
              </details>
            ) : null}
            <ErrorSummary errors={formOf('response').errors} labels={{ response: t('reports.staff.response.text') }} />
            <Form action={action('response')}>
              <Version />
              <TextArea name="response" label={t('reports.staff.response.text')} hint={t('reports.staff.response.hint')} form={formOf('response')} required maxLength={staffLimits.response} />
              <SubmitButton>{t('reports.staff.response.submit')}</SubmitButton>
            </Form>
          </section>
          <section aria-labelledby="note-heading" class="report-action">
            <h2 id="note-heading" class="ds-heading" data-size="md">
              {t('reports.staff.note.title')}
            </h2>
            <ErrorSummary errors={formOf('note').errors} labels={{ body: t('reports.staff.note.text') }} />
            <Form action={action('note')}>
              <TextArea name="body" label={t('reports.staff.note.text')} hint={t('reports.staff.note.hint')} form={formOf('note')} required maxLength={staffLimits.note} />
              <SubmitButton variant="secondary">{t('reports.staff.note.submit')}</SubmitButton>
            </Form>
          </section>
        </>
      ) : null}

      {data.abilities.assign ? (
        <>
          <section aria-labelledby="assign-heading" class="report-action">
            <h2 id="assign-heading" class="ds-heading" data-size="md">
              {t('reports.staff.assign.title')}
            </h2>
            <ErrorSummary errors={formOf('assign').errors} labels={{ organisationId: t('reports.staff.assign.organisation') }} />
            <Form action={action('assign')}>
              <Version />
              <SelectField
                name="organisationId"
                label={t('reports.staff.assign.organisation')}
                hint={t('reports.staff.assign.hint')}
                form={formOf('assign')}
                defaultValue={report.assigned_organisation_id ?? ''}
                options={[{ value: '', label: t('reports.staff.queue.unassigned') }, ...data.organisations.map((o) => ({ value: o.id, label: o.name }))]}
              />
              <SubmitButton variant="secondary">{t('reports.staff.assign.submit')}</SubmitButton>
            </Form>
          </section>
          <section aria-labelledby="activity-heading" class="report-action">
            <h2 id="activity-heading" class="ds-heading" data-size="md">
              {t('reports.staff.activity.title')}
            </h2>
            <ErrorSummary errors={formOf('activity').errors} labels={{ activityId: t('reports.staff.activity.label') }} />
            <Form action={action('activity')}>
              <Version />
              <SelectField
                name="activityId"
                label={t('reports.staff.activity.label')}
                form={formOf('activity')}
                defaultValue={report.activity_id ?? ''}
                options={[{ value: '', label: t('reports.staff.activity.none') }, ...data.activityChoices.flatMap((g) => g.activities.map((a) => ({ value: a.id, label: `${a.title} (${g.planTitle})` })))]}
              />
              <SubmitButton variant="secondary">{t('reports.staff.activity.submit')}</SubmitButton>
            </Form>
          </section>
          <section aria-labelledby="duplicate-heading" class="report-action">
            <h2 id="duplicate-heading" class="ds-heading" data-size="md">
              {t('reports.staff.duplicate.title')}
            </h2>
            <ErrorSummary errors={formOf('duplicate').errors} labels={{ reference: t('reports.staff.duplicate.reference') }} />
            <Form action={action('duplicate')}>
              <Version />
              <TextField name="reference" label={t('reports.staff.duplicate.reference')} hint={t('reports.staff.duplicate.hint')} form={formOf('duplicate')} required maxLength={20} autocomplete="off" />
              <SubmitButton variant="secondary">{t('reports.staff.duplicate.submit')}</SubmitButton>
            </Form>
          </section>
        </>
      ) : null}

      <section aria-labelledby="history-heading">
        <h2 id="history-heading" class="ds-heading" data-size="md">
          {t('reports.page.history')}
        </h2>
        <ol class="report-history">
          {data.events.map((event) => (
            <li key={event.id}>
              <p class="report-history__when">
                <DateText iso={event.created_at} /> · {event.is_public ? t('reports.staff.history.public') : t('reports.staff.history.internal')}
              </p>
              <p>
                {event.kind === 'status' ? t('reports.event.status', { status: statusLabel(t, kommun, locale, event.status) }) : t(`reports.event.${event.kind}`)}
                {event.kind === 'assigned' && event.organisation_id ? ` ${orgNames.get(event.organisation_id) ?? ''}` : ''}
              </p>
              {event.body ? <p class="report-text">{event.body}</p> : null}
            </li>
          ))}
        </ol>
      </section>
    </Layout>
  );
}
