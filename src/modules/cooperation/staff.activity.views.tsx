// The staff's activity pages: the form in Brå's shape (new and edit), the activity with its
// indicators and timeline, and the delete confirmation.
import { fieldId, ErrorSummary, Form, SelectField, SubmitButton, TextArea, TextField, type FormState } from '../../platform/views/components.js';
import { Layout } from '../../platform/views/layout.js';
import { kommunPath, usePage } from '../../platform/views/page-context.js';
import { splitMessage } from '../../platform/http/forms.js';
import { CalendarDateText, PartyLabel, Period, ProgressBar, StatusBadge, TrafficLight } from './cooperation.components.js';
import type { CoopOrganisation } from './cooperation.organisations.js';
import { coopLimits } from './cooperation.schemas.js';
import { activityTypes, responsibleParties } from './cooperation.tables.js';
import type { IndicatorRow, IndicatorValueRow } from './indicator.repository.js';
import type { ActivityRow, LinkedPlace, PlanRow } from './plan.repository.js';
import { Timeline, type TimelineProps } from './staff.entry.views.js';
import { CheckboxGroup, ConflictPanel, LinkButton, RadioGroup, ReadOnlyNote, Refusal, staffBase, useCoopCrumbs, type Conflict } from './staff.views.js';

export interface ActivityChoices {
  organisations: CoopOrganisation[];
  places: { id: string; name: string }[];
  themes: string[];
}

export function useActivityLabels(): Record<string, string> {
  const { t } = usePage();
  const keys = ['title', 'slug', 'problem', 'cause', 'description', 'operationalGoal', 'startsOn', 'endsOn', 'followUpMethod', 'responsibleParty', 'responsibleOrganisationId', 'responsibleRole', 'activityType', 'theme', 'placeIds'];
  return Object.fromEntries(keys.map((k) => [k, t(k === 'slug' ? 'cooperation.staff.slug' : `cooperation.staff.activity.${k}`)]));
}

export function activityFormValues(a: ActivityRow, places: readonly LinkedPlace[]): Record<string, string> {
  return {
    title: a.title,
    slug: a.slug,
    problem: a.problem,
    cause: a.cause,
    description: a.descriptionMd,
    operationalGoal: a.operationalGoal,
    startsOn: a.startsOn,
    endsOn: a.endsOn ?? '',
    followUpMethod: a.followUpMethod,
    responsibleParty: a.responsibleParty,
    responsibleOrganisationId: a.responsibleOrganisationId ?? '',
    responsibleRole: a.responsibleRole,
    activityType: a.activityType,
    theme: a.theme,
    placeIds: places.map((p) => p.id).join('\n'),
  };
}

/** A text input with suggestions (a datalist of the themes in use); any new theme may be typed. */
function ThemeField({ form, label, themes }: { form: FormState; label: string; themes: string[] }) {
  const { t } = usePage();
  const id = fieldId('theme');
  const error = form.errors.theme;
  const message = error ? splitMessage(error) : undefined;
  return (
    <div class="ds-field field" data-invalid={error ? 'true' : undefined}>
      <label class="ds-label" for={id}>
        {label}
        <span class="field__optional"> ({t('form.optional')})</span>
      </label>
      <div class="ds-field-description field__hint" id={`${id}-hint`}>
        {t('cooperation.staff.activity.themeHint')}
      </div>
      <input class="ds-input" id={id} name="theme" type="text" list="coop-themes" value={form.values.theme ?? ''} maxLength={coopLimits.theme} aria-invalid={error ? 'true' : undefined} aria-describedby={error ? `${id}-hint ${id}-error` : `${id}-hint`} />
      <datalist id="coop-themes">
        {themes.map((theme) => (
          <option key={theme} value={theme} />
        ))}
      </datalist>
      {message ? (
        <div class="ds-validation-message field__error" id={`${id}-error`} data-color="danger">
          <span class="ds-sr-only">{t('form.errorPrefix')} </span>
          {t(message.key, message.params)}
        </div>
      ) : null}
    </div>
  );
}

function ActivityFields({ form, choices }: { form: FormState; choices: ActivityChoices }) {
  const { t } = usePage();
  const labels = useActivityLabels();
  return (
    <>
      <fieldset class="ds-fieldset">
        <legend class="ds-heading" data-size="xs">
          {t('cooperation.staff.activity.whyLegend')}
        </legend>
        <TextArea name="problem" label={labels.problem!} form={form} hint={t('cooperation.staff.activity.problemHint')} rows={3} maxLength={coopLimits.shortText} />
        <TextArea name="cause" label={labels.cause!} form={form} hint={t('cooperation.staff.activity.causeHint')} rows={3} maxLength={coopLimits.shortText} />
      </fieldset>
      <fieldset class="ds-fieldset">
        <legend class="ds-heading" data-size="xs">
          {t('cooperation.staff.activity.whatLegend')}
        </legend>
        <TextField name="title" label={labels.title!} form={form} required maxLength={coopLimits.title} />
        <TextField name="slug" label={labels.slug!} form={form} hint={t('cooperation.staff.slugHint')} maxLength={coopLimits.slug} />
        <TextArea name="description" label={labels.description!} form={form} hint={t('cooperation.staff.markdownHint')} rows={6} maxLength={coopLimits.body} />
        <TextArea name="operationalGoal" label={labels.operationalGoal!} form={form} hint={t('cooperation.staff.activity.operationalGoalHint')} rows={2} maxLength={coopLimits.shortText} />
        <RadioGroup name="activityType" legend={labels.activityType!} form={form} required options={activityTypes.map((v) => ({ value: v, label: t(`cooperation.type.${v}`) }))} />
        <ThemeField form={form} label={labels.theme!} themes={choices.themes} />
        <CheckboxGroup name="placeIds" legend={labels.placeIds!} form={form} options={choices.places.map((p) => ({ value: p.id, label: p.name }))} />
      </fieldset>
      <fieldset class="ds-fieldset">
        <legend class="ds-heading" data-size="xs">
          {t('cooperation.staff.activity.whenLegend')}
        </legend>
        <div class="coop-dates">
          <TextField name="startsOn" type="date" label={labels.startsOn!} form={form} required hint={t('cooperation.staff.dateHint')} />
          <TextField name="endsOn" type="date" label={labels.endsOn!} form={form} hint={t('cooperation.staff.activity.endsOnHint')} />
        </div>
      </fieldset>
      <fieldset class="ds-fieldset">
        <legend class="ds-heading" data-size="xs">
          {t('cooperation.staff.activity.whoLegend')}
        </legend>
        <RadioGroup name="responsibleParty" legend={labels.responsibleParty!} form={form} required options={responsibleParties.map((v) => ({ value: v, label: t(`cooperation.party.${v}`) }))} />
        <SelectField
          name="responsibleOrganisationId"
          label={labels.responsibleOrganisationId!}
          form={form}
          options={[{ value: '', label: t('cooperation.staff.activity.noOrganisation') }, ...choices.organisations.map((o) => ({ value: o.id, label: o.name }))]}
        />
        <TextField name="responsibleRole" label={labels.responsibleRole!} form={form} hint={t('cooperation.staff.activity.responsibleRoleHint')} maxLength={coopLimits.role} />
      </fieldset>
      <TextArea name="followUpMethod" label={labels.followUpMethod!} form={form} hint={t('cooperation.staff.activity.followUpMethodHint')} rows={2} maxLength={coopLimits.shortText} />
    </>
  );
}

export function ActivityFormPage(props: { plan: PlanRow; activity?: ActivityRow; form: FormState; choices: ActivityChoices; conflict?: Conflict; refusal?: string }) {
  const page = usePage();
  const { t } = page;
  const { plan, activity, form } = props;
  const heading = activity ? t('cooperation.staff.activity.editHeading', { title: activity.title }) : t('cooperation.staff.activity.newHeading', { plan: plan.title });
  const labels = useActivityLabels();
  const action = kommunPath(page, activity ? `${staffBase}/aktiviteter/${activity.id}/redigera` : `${staffBase}/planer/${plan.id}/aktiviteter/ny`);
  return (
    <Layout title={heading} staff breadcrumbs={useCoopCrumbs({ label: plan.title, path: `${staffBase}/planer/${plan.id}` }, { label: heading })}>
      <h1 class="ds-heading" data-size="lg">
        {heading}
      </h1>
      <Refusal messageKey={props.refusal} />
      <ErrorSummary errors={form.errors} labels={labels} />
      {props.conflict ? <ConflictPanel conflict={props.conflict} yours={form.values} labels={labels} /> : null}
      <Form action={action} class="coop-form">
        {activity ? <input type="hidden" name="lockVersion" value={String(props.conflict?.lockVersion ?? activity.lockVersion)} /> : null}
        <ActivityFields form={form} choices={props.choices} />
        <SubmitButton>{t(props.conflict ? 'cooperation.staff.saveAnyway' : activity ? 'cooperation.staff.save' : 'cooperation.staff.activity.create')}</SubmitButton>
      </Form>
    </Layout>
  );
}

export interface ActivityPageProps {
  plan: PlanRow;
  activity: ActivityRow;
  places: LinkedPlace[];
  indicators: IndicatorRow[];
  values: Map<string, IndicatorValueRow[]>;
  canEdit: boolean;
  timeline: TimelineProps;
}

function Detail({ label, children }: { label: string; children: preact.ComponentChildren }) {
  return (
    <>
      <dt>{label}</dt>
      <dd>{children}</dd>
    </>
  );
}

export function ActivityPage(props: ActivityPageProps) {
  const page = usePage();
  const { t } = page;
  const { activity: a, plan } = props;
  const labels = useActivityLabels();
  const at = (path: string) => kommunPath(page, `${staffBase}/aktiviteter/${a.id}${path}`);
  return (
    <Layout title={a.title} staff breadcrumbs={useCoopCrumbs({ label: plan.title, path: `${staffBase}/planer/${plan.id}` }, { label: a.title })}>
      <h1 class="ds-heading" data-size="lg">
        {a.title}
      </h1>
      <p class="coop-meta">
        <StatusBadge status={a.status} /> <ProgressBar progress={a.progress} />
      </p>
      <p>
        <TrafficLight assessment={a.assessment} text={a.assessmentText} />
      </p>
      {props.canEdit ? (
        <nav class="coop-quick" aria-label={t('cooperation.staff.activity.actions')}>
          <LinkButton href={at('/uppfoljning')} variant="primary">
            {t('cooperation.staff.entry.add')}
          </LinkButton>
          <LinkButton href={at('/redigera')}>{t('cooperation.staff.activity.edit')}</LinkButton>
          <LinkButton href={at('/indikatorer/ny')}>{t('cooperation.staff.indicator.add')}</LinkButton>
          <LinkButton href={at('/ta-bort')} variant="tertiary">
            {t('cooperation.staff.activity.delete')}
          </LinkButton>
        </nav>
      ) : (
        <ReadOnlyNote messageKey="cooperation.staff.activity.readOnly" />
      )}
      <dl class="coop-details">
        <Detail label={labels.problem!}>{a.problem || '–'}</Detail>
        <Detail label={labels.cause!}>{a.cause || '–'}</Detail>
        <Detail label={labels.operationalGoal!}>{a.operationalGoal || '–'}</Detail>
        <Detail label={t('cooperation.staff.activity.when')}>
          <Period start={a.startsOn} end={a.endsOn} />
        </Detail>
        <Detail label={labels.responsibleParty!}>
          <PartyLabel party={a.responsibleParty} organisationName={a.responsibleOrganisationName} role={a.responsibleRole} />
        </Detail>
        <Detail label={labels.activityType!}>{t(`cooperation.type.${a.activityType}`)}</Detail>
        <Detail label={labels.theme!}>{a.theme || '–'}</Detail>
        <Detail label={labels.placeIds!}>{props.places.map((p) => p.name).join(', ') || '–'}</Detail>
        <Detail label={labels.followUpMethod!}>{a.followUpMethod || '–'}</Detail>
      </dl>
      {a.descriptionHtml ? <div class="coop-markdown" dangerouslySetInnerHTML={{ __html: a.descriptionHtml }} /> : null}

      <section aria-labelledby="indicators-heading">
        <h2 id="indicators-heading" class="ds-heading" data-size="sm">
          {t('cooperation.staff.indicator.heading')}
        </h2>
        {props.indicators.length === 0 ? <p>{t('cooperation.staff.indicator.none')}</p> : null}
        <ul class="coop-list">
          {props.indicators.map((i) => {
            const latest = props.values.get(i.id)?.at(-1);
            return (
              <li key={i.id}>
                <strong>{i.name}</strong> ({i.unit}; {t(`cooperation.direction.${i.direction}`)}) –{' '}
                {latest ? (
                  <>
                    {t('cooperation.staff.indicator.latest', { value: String(latest.value), unit: i.unit })} <CalendarDateText date={latest.measuredOn} />
                  </>
                ) : (
                  t('cooperation.staff.indicator.noValues')
                )}
                {props.canEdit ? (
                  <>
                    {' '}
                    <a class="ds-link" href={at(`/indikatorer/${i.id}`)}>
                      {t('cooperation.staff.indicator.editLink', { name: i.name })}
                    </a>
                  </>
                ) : null}
              </li>
            );
          })}
        </ul>
      </section>
      <Timeline {...props.timeline} />
    </Layout>
  );
}

export function DeleteActivityPage(props: { plan: PlanRow; activity: ActivityRow; refusal?: string }) {
  const page = usePage();
  const { t } = page;
  const { activity, plan } = props;
  const heading = t('cooperation.staff.activity.deleteHeading', { title: activity.title });
  return (
    <Layout title={heading} staff breadcrumbs={useCoopCrumbs({ label: plan.title, path: `${staffBase}/planer/${plan.id}` }, { label: heading })}>
      <h1 class="ds-heading" data-size="lg">
        {heading}
      </h1>
      <Refusal messageKey={props.refusal} />
      <p>{t('cooperation.staff.activity.deleteExplain')}</p>
      {props.refusal ? null : (
        <Form action={kommunPath(page, `${staffBase}/aktiviteter/${activity.id}/ta-bort`)} class="inline-form">
          <SubmitButton>{t('cooperation.staff.activity.deleteConfirm')}</SubmitButton>
        </Form>
      )}
      <p>
        <a class="ds-link" href={kommunPath(page, `${staffBase}/aktiviteter/${activity.id}`)}>
          {t('cooperation.staff.cancel')}
        </a>
      </p>
    </Layout>
  );
}
