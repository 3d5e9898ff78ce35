// Follow-up for staff: the timeline of an activity or a löfte (internal entries marked), and the
// form that adds an entry with its figures and evidence.
import { fileUrl, formatBytes } from '../../platform/files/index.js';
import { ErrorSummary, FileField, Form, SelectField, SubmitButton, TextArea, TextField, type FormState } from '../../platform/views/components.js';
import { Layout } from '../../platform/views/layout.js';
import { kommunPath, usePage } from '../../platform/views/page-context.js';
import { CalendarDateText, StatusBadge, TrafficLight } from './cooperation.components.js';
import { coopLimits } from './cooperation.schemas.js';
import { activityStatuses, assessments, entryVisibilities } from './cooperation.tables.js';
import type { EntryFileRow, EntryRow } from './entry.repository.js';
import type { IndicatorRow, IndicatorValueRow } from './indicator.repository.js';
import { entryFileSlots } from './staff.form.js';
import { RadioGroup, useCoopCrumbs } from './staff.views.js';

export interface TimelineProps {
  entries: EntryRow[];
  files: Map<string, EntryFileRow[]>;
  values: Map<string, (IndicatorValueRow & { name: string; unit: string })[]>;
  hasMore: boolean;
}

export function Timeline({ entries, files, values, hasMore }: TimelineProps) {
  const page = usePage();
  const { t } = page;
  const slug = page.kommun?.slug ?? '';
  return (
    <section aria-labelledby="timeline-heading">
      <h2 id="timeline-heading" class="ds-heading" data-size="sm">
        {t('cooperation.staff.entry.timeline')}
      </h2>
      {entries.length === 0 ? <p>{t('cooperation.staff.entry.none')}</p> : null}
      <ol class="coop-timeline">
        {entries.map((e) => (
          <li key={e.id} class={`coop-entry coop-entry--${e.visibility}`}>
            <h3 class="ds-heading" data-size="2xs">
              {e.title}
            </h3>
            <p class="coop-meta">
              <CalendarDateText date={e.happenedOn} />
              {e.authorRole || e.authorOrganisationName ? ` · ${[e.authorRole, e.authorOrganisationName].filter(Boolean).join(', ')}` : null}
              {e.visibility === 'internal' ? <strong class="coop-internal"> · {t('cooperation.visibility.internal')}</strong> : null}
            </p>
            {e.statusTo ? (
              <p>
                {t('cooperation.staff.entry.statusChanged')} <StatusBadge status={e.statusTo} />
              </p>
            ) : null}
            {e.progressTo !== null ? <p>{t('cooperation.staff.entry.progressChanged', { from: String(e.progressFrom ?? 0), to: String(e.progressTo) })}</p> : null}
            {e.assessmentTo ? (
              <p>
                <TrafficLight assessment={e.assessmentTo} text={e.assessmentText} />
              </p>
            ) : null}
            {e.bodyHtml ? <div class="coop-markdown" dangerouslySetInnerHTML={{ __html: e.bodyHtml }} /> : null}
            {(values.get(e.id) ?? []).length > 0 ? (
              <ul class="coop-list">
                {values.get(e.id)!.map((v) => (
                  <li key={v.id}>
                    {v.name}: {String(v.value)} {v.unit}
                  </li>
                ))}
              </ul>
            ) : null}
            {(files.get(e.id) ?? []).map((f) =>
              f.kind === 'image' ? (
                <figure key={f.id} class="coop-entry__image">
                  <img src={fileUrl(slug, f.fileId)} alt={f.title} />
                </figure>
              ) : (
                <p key={f.id}>
                  <a class="ds-link" href={fileUrl(slug, f.fileId)}>
                    {f.title}
                  </a>
                </p>
              ),
            )}
          </li>
        ))}
      </ol>
      {hasMore ? <p>{t('cooperation.staff.entry.more', { n: String(coopLimits.staffTimelineSize) })}</p> : null}
    </section>
  );
}

export interface EntryFormProps {
  /** The activity's or the löfte's title, and where to post. */
  targetTitle: string;
  action: string;
  backPath: string;
  backLabel: string;
  /** Indicators of the activity; absent for a löfte's entry (text and files only). */
  indicators?: IndicatorRow[];
  form: FormState;
  filesSent?: boolean;
  uploadMaxBytes: number;
  /** The actor's role as a title ("Kommunpolis"), a message key, to prefill the author role. */
  authorRoleKey?: string | undefined;
}

export function useEntryLabels(indicators: readonly IndicatorRow[] = []): Record<string, string> {
  const { t } = usePage();
  const labels: Record<string, string> = {};
  for (const k of ['happenedOn', 'title', 'body', 'visibility', 'authorRole', 'status', 'progress', 'assessment', 'assessmentText', 'files']) labels[k] = t(`cooperation.staff.entry.${k}`);
  for (const n of entryFileSlots) {
    labels[`file${n}`] = t('cooperation.staff.entry.file', { n: String(n) });
    labels[`fileTitle${n}`] = t('cooperation.staff.entry.fileTitle', { n: String(n) });
  }
  for (const i of indicators) labels[`value.${i.id}`] = t('cooperation.staff.entry.value', { name: i.name, unit: i.unit });
  return labels;
}

export function EntryFormPage(props: EntryFormProps) {
  const page = usePage();
  const { t, locale } = page;
  const { form } = props;
  const labels = useEntryLabels(props.indicators);
  const heading = t('cooperation.staff.entry.heading', { title: props.targetTitle });
  const onActivity = props.indicators !== undefined;
  return (
    <Layout title={heading} staff breadcrumbs={useCoopCrumbs({ label: props.backLabel, path: props.backPath }, { label: heading })}>
      <h1 class="ds-heading" data-size="lg">
        {heading}
      </h1>
      <ErrorSummary errors={form.errors} labels={labels} />
      {props.filesSent && Object.keys(form.errors).length > 0 ? (
        <p class="ds-alert" data-color="info">
          {t('cooperation.staff.entry.chooseFilesAgain')}
        </p>
      ) : null}
      <Form action={props.action} multipart class="coop-form">
        <TextField name="happenedOn" type="date" label={labels.happenedOn!} form={form} required hint={t('cooperation.staff.dateHint')} />
        <TextField name="title" label={labels.title!} form={form} required maxLength={coopLimits.title} />
        <TextArea name="body" label={labels.body!} form={form} hint={t('cooperation.staff.markdownHint')} rows={8} maxLength={coopLimits.body} />
        <RadioGroup name="visibility" legend={labels.visibility!} form={form} required defaultValue="public" hint={t('cooperation.staff.entry.visibilityHint')} options={entryVisibilities.map((v) => ({ value: v, label: t(`cooperation.visibility.${v}`) }))} />
        <TextField name="authorRole" label={labels.authorRole!} form={form} hint={t('cooperation.staff.entry.authorRoleHint')} maxLength={coopLimits.role} defaultValue={props.authorRoleKey ? t(props.authorRoleKey) : ''} />
        {onActivity ? (
          <fieldset class="ds-fieldset">
            <legend class="ds-heading" data-size="xs">
              {t('cooperation.staff.entry.stateLegend')}
            </legend>
            <SelectField name="status" label={labels.status!} form={form} options={[{ value: '', label: t('cooperation.staff.entry.unchanged') }, ...activityStatuses.map((s) => ({ value: s, label: t(`cooperation.status.${s}`) }))]} />
            <TextField name="progress" type="number" inputMode="numeric" label={labels.progress!} form={form} hint={t('cooperation.staff.entry.progressHint')} />
            <SelectField name="assessment" label={labels.assessment!} form={form} options={[{ value: '', label: t('cooperation.staff.entry.noAssessment') }, ...assessments.map((a) => ({ value: a, label: `${t(`cooperation.assessment.${a}`)} – ${t(`cooperation.assessment.${a}Meaning`)}` }))]} />
            <TextArea name="assessmentText" label={labels.assessmentText!} form={form} hint={t('cooperation.staff.entry.assessmentTextHint')} rows={2} maxLength={coopLimits.shortText} />
          </fieldset>
        ) : null}
        {onActivity && props.indicators!.length > 0 ? (
          <fieldset class="ds-fieldset">
            <legend class="ds-heading" data-size="xs">
              {t('cooperation.staff.entry.valuesLegend')}
            </legend>
            <p class="field__hint">{t('cooperation.staff.entry.valuesHint')}</p>
            {props.indicators!.map((i) => (
              <TextField key={i.id} name={`value.${i.id}`} inputMode="decimal" label={labels[`value.${i.id}`]!} form={form} />
            ))}
          </fieldset>
        ) : null}
        <fieldset class="ds-fieldset" id="field-files">
          <legend class="ds-heading" data-size="xs">
            {labels.files}
          </legend>
          <p class="field__hint">{t('cooperation.staff.entry.filesHint', { size: formatBytes(props.uploadMaxBytes, locale) })}</p>
          {entryFileSlots.map((n) => (
            <div class="coop-file-slot" key={n}>
              <FileField name={`file${n}`} label={labels[`file${n}`]!} form={form} accept="image/jpeg,image/png,image/webp,.pdf,.docx,.odt,.txt,.csv" />
              <TextField name={`fileTitle${n}`} label={labels[`fileTitle${n}`]!} form={form} hint={t('cooperation.staff.entry.fileTitleHint')} maxLength={coopLimits.title} />
            </div>
          ))}
        </fieldset>
        <SubmitButton>{t('cooperation.staff.entry.submit')}</SubmitButton>
      </Form>
      <p>
        <a class="ds-link" href={kommunPath(page, props.backPath)}>
          {t('cooperation.staff.cancel')}
        </a>
      </p>
    </Layout>
  );
}
