// The staff's indicator page: what is measured (new or edit), a form to record one measured
// value, and removal of an indicator that has no values yet.
import { ErrorSummary, Form, SubmitButton, TextField, emptyForm, type FormState } from '../../platform/views/components.js';
import { Layout } from '../../platform/views/layout.js';
import { kommunPath, usePage } from '../../platform/views/page-context.js';
import { coopLimits } from './cooperation.schemas.js';
import { indicatorDirections } from './cooperation.tables.js';
import type { IndicatorRow } from './indicator.repository.js';
import type { ActivityRow } from './plan.repository.js';
import { ConflictPanel, RadioGroup, Refusal, staffBase, useCoopCrumbs, type Conflict } from './staff.views.js';

export function indicatorFormValues(i: IndicatorRow): Record<string, string> {
  return { name: i.name, unit: i.unit, baseline: i.baseline === null ? '' : String(i.baseline), baselineOn: i.baselineOn ?? '', target: i.target === null ? '' : String(i.target), direction: i.direction };
}

function useIndicatorLabels(): Record<string, string> {
  const { t } = usePage();
  return Object.fromEntries(['name', 'unit', 'baseline', 'baselineOn', 'target', 'direction', 'measuredOn', 'value'].map((k) => [k, t(`cooperation.staff.indicator.${k}`)]));
}

export interface IndicatorPageProps {
  activity: ActivityRow;
  indicator?: IndicatorRow;
  form: FormState;
  valueForm?: FormState;
  conflict?: Conflict;
  refusal?: string;
}

export function IndicatorPage(props: IndicatorPageProps) {
  const page = usePage();
  const { t } = page;
  const { activity, indicator, form } = props;
  const labels = useIndicatorLabels();
  const base = `${staffBase}/aktiviteter/${activity.id}`;
  const heading = indicator ? t('cooperation.staff.indicator.editHeading', { name: indicator.name }) : t('cooperation.staff.indicator.newHeading', { title: activity.title });
  const valueForm = props.valueForm ?? emptyForm;
  return (
    <Layout title={heading} staff breadcrumbs={useCoopCrumbs({ label: activity.title, path: base }, { label: heading })}>
      <h1 class="ds-heading" data-size="lg">
        {heading}
      </h1>
      <Refusal messageKey={props.refusal} />
      <ErrorSummary errors={{ ...form.errors, ...valueForm.errors }} labels={labels} />
      {props.conflict ? <ConflictPanel conflict={props.conflict} yours={form.values} labels={labels} /> : null}
      <Form action={kommunPath(page, indicator ? `${base}/indikatorer/${indicator.id}` : `${base}/indikatorer/ny`)} class="coop-form">
        {indicator ? <input type="hidden" name="lockVersion" value={String(props.conflict?.lockVersion ?? indicator.lockVersion)} /> : null}
        <TextField name="name" label={labels.name!} form={form} required maxLength={coopLimits.title} hint={t('cooperation.staff.indicator.nameHint')} />
        <TextField name="unit" label={labels.unit!} form={form} required maxLength={coopLimits.unit} hint={t('cooperation.staff.indicator.unitHint')} />
        <div class="coop-dates">
          <TextField name="baseline" inputMode="decimal" label={labels.baseline!} form={form} />
          <TextField name="baselineOn" type="date" label={labels.baselineOn!} form={form} hint={t('cooperation.staff.dateHint')} />
        </div>
        <TextField name="target" inputMode="decimal" label={labels.target!} form={form} />
        <RadioGroup name="direction" legend={labels.direction!} form={form} required defaultValue="increase" options={indicatorDirections.map((d) => ({ value: d, label: t(`cooperation.direction.${d}`) }))} />
        <SubmitButton>{t(props.conflict ? 'cooperation.staff.saveAnyway' : indicator ? 'cooperation.staff.save' : 'cooperation.staff.indicator.create')}</SubmitButton>
      </Form>
      {indicator ? (
        <>
          <section aria-labelledby="value-heading">
            <h2 id="value-heading" class="ds-heading" data-size="sm">
              {t('cooperation.staff.indicator.recordHeading')}
            </h2>
            <p>{t('cooperation.staff.indicator.recordHint')}</p>
            <Form action={kommunPath(page, `${base}/indikatorer/${indicator.id}/varde`)} class="coop-form">
              <TextField name="measuredOn" type="date" label={labels.measuredOn!} form={valueForm} required hint={t('cooperation.staff.dateHint')} />
              <TextField name="value" inputMode="decimal" label={`${labels.value!} (${indicator.unit})`} form={valueForm} required />
              <SubmitButton variant="secondary">{t('cooperation.staff.indicator.record')}</SubmitButton>
            </Form>
          </section>
          <section aria-labelledby="remove-heading">
            <h2 id="remove-heading" class="ds-heading" data-size="sm">
              {t('cooperation.staff.indicator.removeHeading')}
            </h2>
            <p>{t('cooperation.staff.indicator.removeHint')}</p>
            <Form action={kommunPath(page, `${base}/indikatorer/${indicator.id}/ta-bort`)} class="inline-form">
              <SubmitButton variant="tertiary">{t('cooperation.staff.indicator.remove', { name: indicator.name })}</SubmitButton>
            </Form>
          </section>
        </>
      ) : null}
      <p>
        <a class="ds-link" href={kommunPath(page, base)}>
          {t('cooperation.staff.backToActivity')}
        </a>
      </p>
    </Layout>
  );
}
