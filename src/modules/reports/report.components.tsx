// Parts shared by the report pages: groups of checkboxes or radios (a fieldset with its legend,
// error and hint, like the kernel's fields), the "when" fields, and how a report's state and
// times read in words.
import { splitMessage } from '../../platform/http/forms.js';
import { fieldId, type FormState } from '../../platform/views/components.js';
import { usePage } from '../../platform/views/page-context.js';
import { bilingualText, categoryName, type ReportCategory } from './report.categories.js';
import { formatReference } from './report.reference.js';
import { statusLabel } from './report.settings.js';
import { statusKind } from './report.states.js';
import type { ReportStatus } from './report.tables.js';
import { dayParts, isAlways, partsOf, summariseDays, weekDays } from './report.when.js';

export interface Choice {
  value: string;
  label: string;
  hint?: string;
}

/** Values of a repeated field as kept after an error (formValues joins them with newlines). */
export function chosenValues(form: FormState, name: string): Set<string> {
  const value = form.values[name];
  return new Set(value ? value.split('\n') : []);
}

export function ChoiceGroup(props: { name: string; legend: string; hint?: string; form: FormState; choices: Choice[]; type: 'checkbox' | 'radio'; required?: boolean; legendClass?: string }) {
  const { t } = usePage();
  const id = fieldId(props.name);
  const error = props.form.errors[props.name];
  const message = error ? splitMessage(error) : undefined;
  const chosen = chosenValues(props.form, props.name);
  const described = [props.hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ') || undefined;
  return (
    <fieldset class="ds-fieldset field report-choices" id={id} tabindex={-1} data-invalid={error ? 'true' : undefined} aria-describedby={described}>
      <legend class={props.legendClass ?? 'ds-label'}>
        {props.legend}
        {props.required === false ? <span class="field__optional"> ({t('form.optional')})</span> : null}
      </legend>
      {props.hint ? (
        <div class="ds-field-description field__hint" id={`${id}-hint`}>
          {props.hint}
        </div>
      ) : null}
      {message ? (
        <div class="ds-validation-message field__error" id={`${id}-error`} data-color="danger">
          <span class="ds-sr-only">{t('form.errorPrefix')} </span>
          {t(message.key, message.params)}
        </div>
      ) : null}
      {props.choices.map((choice) => {
        const choiceId = `${id}-${choice.value.replace(/[^a-zA-Z0-9_-]/g, '-')}`;
        return (
          <div class={`ds-field field--${props.type === 'radio' ? 'radio' : 'checkbox'}`} key={choice.value}>
            <input class="ds-input" type={props.type} id={choiceId} name={props.name} value={choice.value} checked={chosen.has(choice.value)} aria-describedby={choice.hint ? `${choiceId}-hint` : undefined} />
            <label class="ds-label" for={choiceId}>
              {choice.label}
            </label>
            {choice.hint ? (
              <div class="field__hint" id={`${choiceId}-hint`}>
                {choice.hint}
              </div>
            ) : null}
          </div>
        );
      })}
    </fieldset>
  );
}

/** When it feels unsafe: parts of the day (or always) and days of the week. */
export function WhenFields({ form, prefix = '' }: { form: FormState; prefix?: string }) {
  const { t } = usePage();
  return (
    <>
      <ChoiceGroup
        name={`${prefix}when`}
        type="checkbox"
        legend={t('reports.form.whenLegend')}
        hint={t('reports.form.whenHint')}
        form={form}
        choices={[...dayParts.map((p) => ({ value: p, label: t(`reports.when.${p}`) })), { value: 'always', label: t('reports.when.always') }]}
      />
      <ChoiceGroup
        name={`${prefix}days`}
        type="checkbox"
        required={false}
        legend={t('reports.form.daysLegend')}
        hint={t('reports.form.daysHint')}
        form={form}
        choices={weekDays.map((d) => ({ value: d, label: t(`reports.day.${d}`) }))}
      />
    </>
  );
}

/** "Kvällstid och natt, helger" — how a report's times read. */
export function whenText(t: (key: string, params?: Record<string, string>) => string, parts: number, days: number): string {
  if (isAlways(parts, days)) return t('reports.when.alwaysText');
  const partText = partsOf(parts)
    .map((p) => t(`reports.when.${p}Short`))
    .join(', ');
  const summary = summariseDays(days);
  const dayText = summary.kind === 'list' ? summary.days.map((d) => t(`reports.day.${d}`)).join(', ') : t(`reports.days.${summary.kind}`);
  return t('reports.when.text', { parts: partText, days: dayText });
}

export function StatusBadge({ status }: { status: ReportStatus }) {
  const { t, kommun, locale } = usePage();
  const kind = statusKind(status);
  return (
    <span class={`report-status report-status--${kind}`} data-status={status}>
      {statusLabel(t, kommun, locale, status)}
    </span>
  );
}

export function Reference({ reference }: { reference: string }) {
  return <span class="report-reference">{formatReference(reference)}</span>;
}

export function CategoryLabel({ category, code }: { category: ReportCategory | undefined; code: string }) {
  const { locale } = usePage();
  return <>{category ? categoryName(category, locale) : code}</>;
}

export function CategoryNotice({ category }: { category: ReportCategory }) {
  const { locale, t } = usePage();
  const notice = bilingualText(category.notice, locale);
  if (!notice) return null;
  return (
    <div class="ds-alert report-notice" data-color="info">
      <h2 class="ds-heading" data-size="2xs">
        {t('reports.form.categoryNotice', { category: categoryName(category, locale) })}
      </h2>
      <p>{notice}</p>
    </div>
  );
}

/** The allmän handling notice: said before anything is sent. */
export function PublicRecordNotice() {
  const { t } = usePage();
  return (
    <div class="ds-alert report-notice" data-color="warning">
      <h2 class="ds-heading" data-size="2xs">
        {t('reports.form.publicRecordTitle')}
      </h2>
      <p>{t('reports.form.publicRecord')}</p>
    </div>
  );
}

// Making an Intl format is slow (toLocaleDateString makes one per call): one per language.
const dateFormats = new Map<string, Intl.DateTimeFormat>();

function dateFormat(locale: string): Intl.DateTimeFormat {
  let format = dateFormats.get(locale);
  if (!format) {
    format = new Intl.DateTimeFormat(locale === 'en' ? 'en-GB' : 'sv-SE', { timeZone: 'Europe/Stockholm', year: 'numeric', month: 'long', day: 'numeric' });
    dateFormats.set(locale, format);
  }
  return format;
}

export function DateText({ iso }: { iso: string }) {
  const { locale } = usePage();
  const date = new Date(iso);
  return <time datetime={date.toISOString()}>{dateFormat(locale).format(date)}</time>;
}
