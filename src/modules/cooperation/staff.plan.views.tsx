// The staff's plan pages: a new plan, and one plan with its lifecycle panel, its form (drafts) or
// its decided text (read-only, saying why), and its activities.
import { ErrorSummary, Form, SelectField, SubmitButton, TextArea, TextField, emptyForm, type FormState } from '../../platform/views/components.js';
import { Layout } from '../../platform/views/layout.js';
import { kommunPath, usePage } from '../../platform/views/page-context.js';
import { CalendarDateText, PartyLabel, Period, ProgressBar, StatusBadge } from './cooperation.components.js';
import { coopLimits } from './cooperation.schemas.js';
import type { PlanStatus } from './cooperation.tables.js';
import type { ActivityRow, PlanRow } from './plan.repository.js';
import { ConflictPanel, LinkButton, ReadOnlyNote, Refusal, staffBase, useCoopCrumbs, type Conflict } from './staff.views.js';

export interface PlanFormProps {
  form: FormState;
  agreements: { id: string; title: string }[];
}

export function usePlanLabels(): Record<string, string> {
  const { t } = usePage();
  return {
    title: t('cooperation.staff.plan.title'),
    slug: t('cooperation.staff.slug'),
    periodStart: t('cooperation.staff.periodStart'),
    periodEnd: t('cooperation.staff.periodEnd'),
    summary: t('cooperation.staff.plan.summary'),
    agreementId: t('cooperation.staff.plan.agreement'),
    decidedByBody: t('cooperation.staff.plan.decidedByBody'),
    decidedOn: t('cooperation.staff.plan.decidedOn'),
    diarienummer: t('cooperation.staff.plan.diarienummer'),
  };
}

/** A plan's values as the form shows them. */
export function planFormValues(plan: PlanRow): Record<string, string> {
  return { title: plan.title, slug: plan.slug, periodStart: plan.periodStart, periodEnd: plan.periodEnd, summary: plan.summaryMd, agreementId: plan.agreementId ?? '' };
}

function PlanFields({ form, agreements }: PlanFormProps) {
  const { t } = usePage();
  const labels = usePlanLabels();
  return (
    <>
      <TextField name="title" label={labels.title!} form={form} required maxLength={coopLimits.title} />
      <TextField name="slug" label={labels.slug!} form={form} hint={t('cooperation.staff.slugHint')} maxLength={coopLimits.slug} />
      <div class="coop-dates">
        <TextField name="periodStart" type="date" label={labels.periodStart!} form={form} required hint={t('cooperation.staff.dateHint')} />
        <TextField name="periodEnd" type="date" label={labels.periodEnd!} form={form} required hint={t('cooperation.staff.dateHint')} />
      </div>
      <TextArea name="summary" label={labels.summary!} form={form} hint={t('cooperation.staff.markdownHint')} rows={6} maxLength={coopLimits.body} />
      <SelectField
        name="agreementId"
        label={labels.agreementId!}
        form={form}
        options={[{ value: '', label: t('cooperation.staff.plan.noAgreement') }, ...agreements.map((a) => ({ value: a.id, label: a.title }))]}
      />
    </>
  );
}

export function NewPlanPage(props: PlanFormProps) {
  const page = usePage();
  const { t } = page;
  const heading = t('cooperation.staff.plan.newHeading');
  return (
    <Layout title={heading} staff breadcrumbs={useCoopCrumbs({ label: heading })}>
      <h1 class="ds-heading" data-size="lg">
        {heading}
      </h1>
      <ErrorSummary errors={props.form.errors} labels={usePlanLabels()} />
      <Form action={kommunPath(page, `${staffBase}/planer/ny`)} class="coop-form">
        <PlanFields {...props} />
        <SubmitButton>{t('cooperation.staff.plan.create')}</SubmitButton>
      </Form>
    </Layout>
  );
}

export interface PlanPageProps {
  plan: PlanRow;
  activities: ActivityRow[];
  agreements: { id: string; title: string }[];
  canWrite: boolean;
  canDecide: boolean;
  /** The edit form's state after an error or a conflict; else the plan's own values. */
  form?: FormState;
  conflict?: Conflict;
  decisionForm?: FormState;
  refusal?: string;
}

/** Where a plan can go from its status (plan.service.ts decides again). */
const nextStatuses: Record<PlanStatus, readonly PlanStatus[]> = { draft: ['decided'], decided: ['in_force', 'ended', 'draft'], in_force: ['ended'], ended: [] };

function LifecyclePanel({ plan, decisionForm }: { plan: PlanRow; decisionForm: FormState }) {
  const page = usePage();
  const { t } = page;
  const labels = usePlanLabels();
  const action = kommunPath(page, `${staffBase}/planer/${plan.id}/status`);
  return (
    <section class="coop-panel" aria-labelledby="lifecycle-heading">
      <h2 id="lifecycle-heading" class="ds-heading" data-size="sm">
        {t('cooperation.staff.plan.lifecycle')}
      </h2>
      {nextStatuses[plan.status].map((to) =>
        to === 'decided' ? (
          <Form action={action} class="coop-decision" key={to}>
            <input type="hidden" name="to" value="decided" />
            <input type="hidden" name="lockVersion" value={String(plan.lockVersion)} />
            <TextField name="decidedByBody" label={labels.decidedByBody!} form={decisionForm} required hint={t('cooperation.staff.plan.decidedByBodyHint')} maxLength={coopLimits.role} />
            <TextField name="decidedOn" type="date" label={labels.decidedOn!} form={decisionForm} required hint={t('cooperation.staff.dateHint')} />
            <TextField name="diarienummer" label={labels.diarienummer!} form={decisionForm} maxLength={coopLimits.role} />
            <SubmitButton>{t('cooperation.staff.plan.to.decided')}</SubmitButton>
          </Form>
        ) : (
          <Form action={action} class="inline-form" key={to}>
            <input type="hidden" name="to" value={to} />
            <input type="hidden" name="lockVersion" value={String(plan.lockVersion)} />
            <SubmitButton variant={to === 'draft' ? 'tertiary' : 'secondary'}>{t(`cooperation.staff.plan.to.${to}`)}</SubmitButton>
          </Form>
        ),
      )}
      {nextStatuses[plan.status].length === 0 ? <p>{t('cooperation.staff.plan.noTransitions')}</p> : null}
    </section>
  );
}

function ActivityTable({ activities }: { activities: ActivityRow[] }) {
  const page = usePage();
  const { t } = page;
  if (activities.length === 0) return <p>{t('cooperation.staff.plan.noActivities')}</p>;
  return (
    <div class="table-scroll" role="region" tabindex={0} aria-label={t('cooperation.staff.plan.activities')}>
      <table class="ds-table staff-table">
        <caption class="ds-sr-only">{t('cooperation.staff.plan.activities')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('cooperation.staff.activity.title')}</th>
            <th scope="col">{t('cooperation.staff.activity.responsibleParty')}</th>
            <th scope="col">{t('cooperation.staff.colStatus')}</th>
            <th scope="col">{t('cooperation.staff.colProgress')}</th>
            <th scope="col">{t('cooperation.staff.colLastPublic')}</th>
          </tr>
        </thead>
        <tbody>
          {activities.map((a) => (
            <tr key={a.id}>
              <td>
                <a class="ds-link" href={kommunPath(page, `${staffBase}/aktiviteter/${a.id}`)}>
                  {a.title}
                </a>
              </td>
              <td>
                <PartyLabel party={a.responsibleParty} organisationName={a.responsibleOrganisationName} />
              </td>
              <td>
                <StatusBadge status={a.status} />
              </td>
              <td>
                <ProgressBar progress={a.progress} />
              </td>
              <td>{a.lastPublicUpdateOn ? <CalendarDateText date={a.lastPublicUpdateOn} /> : t('cooperation.staff.never')}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export function PlanPage(props: PlanPageProps) {
  const page = usePage();
  const { t } = page;
  const { plan } = props;
  const form = props.form ?? { values: planFormValues(plan), errors: {} };
  const editable = plan.status === 'draft' && props.canWrite;
  const labels = usePlanLabels();
  return (
    <Layout title={plan.title} staff breadcrumbs={useCoopCrumbs({ label: plan.title })}>
      <h1 class="ds-heading" data-size="lg">
        {plan.title}
      </h1>
      <p class="coop-meta">
        <span class={`coop-plan-status coop-plan-status--${plan.status}`}>{t(`cooperation.planStatus.${plan.status}`)}</span> · <Period start={plan.periodStart} end={plan.periodEnd} />
        {plan.decidedOn ? (
          <>
            {' · '}
            {t('cooperation.staff.plan.decidedText', { body: plan.decidedByBody })} <CalendarDateText date={plan.decidedOn} />
          </>
        ) : null}
      </p>
      <Refusal messageKey={props.refusal} />
      <ErrorSummary errors={{ ...form.errors, ...props.decisionForm?.errors }} labels={labels} />
      {props.conflict ? <ConflictPanel conflict={props.conflict} yours={form.values} labels={labels} /> : null}
      {props.canDecide ? <LifecyclePanel plan={plan} decisionForm={props.decisionForm ?? emptyForm} /> : null}
      <section aria-labelledby="plan-text-heading">
        <h2 id="plan-text-heading" class="ds-heading" data-size="sm">
          {t('cooperation.staff.plan.textHeading')}
        </h2>
        {editable ? (
          <Form action={kommunPath(page, `${staffBase}/planer/${plan.id}`)} class="coop-form">
            <input type="hidden" name="lockVersion" value={String(props.conflict ? props.conflict.lockVersion : plan.lockVersion)} />
            <PlanFields form={form} agreements={props.agreements} />
            <SubmitButton>{t(props.conflict ? 'cooperation.staff.saveAnyway' : 'cooperation.staff.save')}</SubmitButton>
          </Form>
        ) : (
          <>
            <ReadOnlyNote messageKey={plan.status === 'draft' ? 'cooperation.staff.plan.readOnlyNoRight' : 'cooperation.staff.plan.readOnlyDecided'} />
            <div class="coop-markdown" dangerouslySetInnerHTML={{ __html: plan.summaryHtml }} />
          </>
        )}
      </section>
      <section aria-labelledby="activities-heading">
        <h2 id="activities-heading" class="ds-heading" data-size="sm">
          {t('cooperation.staff.plan.activities')}
        </h2>
        <ActivityTable activities={props.activities} />
        {props.canWrite && plan.status !== 'ended' ? <LinkButton href={kommunPath(page, `${staffBase}/planer/${plan.id}/aktiviteter/ny`)}>{t('cooperation.staff.activity.add')}</LinkButton> : null}
      </section>
    </Layout>
  );
}
