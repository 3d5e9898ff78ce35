// Parts the cooperation's staff pages share: breadcrumbs, radio and checkbox groups (the kernel
// has single fields only), the read-only notice, and the conflict panel that shows what the
// person typed beside what someone else saved.
import type { ComponentChildren } from 'preact';
import { splitMessage } from '../../platform/http/forms.js';
import { fieldId, type FormState } from '../../platform/views/components.js';
import { kommunPath, usePage } from '../../platform/views/page-context.js';

export const staffBase = 'admin/samverkan';

export function useCoopCrumbs(...trail: { label: string; path?: string }[]) {
  const page = usePage();
  const { t } = page;
  const last = trail.length === 0;
  return [
    { label: page.kommun?.name ?? '', href: kommunPath(page) },
    { label: t('staff.dashboard'), href: kommunPath(page, 'admin') },
    last ? { label: t('cooperation.staff.title') } : { label: t('cooperation.staff.title'), href: kommunPath(page, staffBase) },
    ...trail.map((c) => (c.path ? { label: c.label, href: kommunPath(page, c.path) } : { label: c.label })),
  ];
}

function useMessage() {
  const { t } = usePage();
  return (message: string) => {
    const { key, params } = splitMessage(message);
    return t(key, params);
  };
}

function FieldError({ name, form }: { name: string; form: FormState }) {
  const { t } = usePage();
  const message = useMessage();
  const error = form.errors[name];
  if (!error) return null;
  return (
    <div class="ds-validation-message field__error" id={`${fieldId(name)}-error`} data-color="danger">
      <span class="ds-sr-only">{t('form.errorPrefix')} </span>
      {message(error)}
    </div>
  );
}

/** One choice of several, as radio buttons in a fieldset; the first radio carries the field's id for the error summary. */
export function RadioGroup(props: { name: string; legend: string; form: FormState; options: { value: string; label: string }[]; defaultValue?: string; hint?: string; required?: boolean }) {
  const { t } = usePage();
  const id = fieldId(props.name);
  const selected = props.form.values[props.name] ?? props.defaultValue ?? '';
  const error = props.form.errors[props.name];
  const described = [props.hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ') || undefined;
  return (
    <fieldset class="ds-fieldset field coop-choices" data-invalid={error ? 'true' : undefined} aria-describedby={described}>
      <legend class="ds-label">
        {props.legend}
        {props.required ? null : <span class="field__optional"> ({t('form.optional')})</span>}
      </legend>
      {props.hint ? (
        <div class="ds-field-description field__hint" id={`${id}-hint`}>
          {props.hint}
        </div>
      ) : null}
      <FieldError name={props.name} form={props.form} />
      {props.options.map((option, index) => (
        <div class="ds-field field--radio" key={option.value}>
          <input class="ds-input" type="radio" id={index === 0 ? id : `${id}-${option.value}`} name={props.name} value={option.value} checked={option.value === selected} />
          <label class="ds-label" for={index === 0 ? id : `${id}-${option.value}`}>
            {option.label}
          </label>
        </div>
      ))}
    </fieldset>
  );
}

/** Several choices as checkboxes; the kept values are newline-joined (formValues), or `defaults`. */
export function CheckboxGroup(props: { name: string; legend: string; form: FormState; options: { value: string; label: string }[]; defaults?: readonly string[]; hint?: string; children?: ComponentChildren; idSuffix?: string }) {
  const { t } = usePage();
  const id = fieldId(props.name);
  const kept = props.form.values[props.name];
  const checked = new Set(kept !== undefined ? kept.split('\n') : (props.defaults ?? []));
  const error = props.form.errors[props.name];
  return (
    <fieldset class="ds-fieldset field coop-choices" id={id} tabindex={-1} data-invalid={error ? 'true' : undefined} aria-describedby={error ? `${id}-error` : props.hint ? `${id}-hint` : undefined}>
      <legend class="ds-label">
        {props.legend} <span class="field__optional"> ({t('form.optional')})</span>
      </legend>
      {props.hint ? (
        <div class="ds-field-description field__hint" id={`${id}-hint`}>
          {props.hint}
        </div>
      ) : null}
      <FieldError name={props.name} form={props.form} />
      {props.options.length === 0 ? <p>{t('cooperation.staff.noChoices')}</p> : null}
      {props.options.map((option) => (
        <div class="ds-field field--checkbox" key={option.value}>
          <input class="ds-input" type="checkbox" id={`${id}-${option.value}`} name={props.name} value={option.value} checked={checked.has(option.value)} />
          <label class="ds-label" for={`${id}-${option.value}`}>
            {option.label}
          </label>
        </div>
      ))}
    </fieldset>
  );
}

/** Why the person sees this read-only, in words. */
export function ReadOnlyNote({ messageKey }: { messageKey: string }) {
  const { t } = usePage();
  return (
    <div class="ds-alert coop-readonly" data-color="info" role="note">
      <p>{t(messageKey)}</p>
    </div>
  );
}

/** A refusal (409) or other message at the top of a page. */
export function Refusal({ messageKey }: { messageKey?: string | undefined }) {
  const { t } = usePage();
  if (!messageKey) return null;
  return (
    <div class="ds-alert" data-color="danger" role="alert">
      <p>{t(messageKey)}</p>
    </div>
  );
}

export interface Conflict {
  /** The saved row's fields, as form values. */
  saved: Record<string, string>;
  /** The saved row's version: the form carries it, so saving again replaces the saved one. */
  lockVersion: number;
}

/**
 * After a concurrent save (409): each field that differs, with the person's version beside the
 * saved one (stacked on narrow screens). The form below keeps the person's version and carries
 * the saved lockVersion, so saving again deliberately replaces the saved one.
 */
export function ConflictPanel({ conflict, yours, labels }: { conflict: Conflict; yours: Record<string, string>; labels: Record<string, string> }) {
  const { t } = usePage();
  const norm = (v: string | undefined) => (v ?? '').replace(/\r\n/g, '\n').trim();
  const changed = Object.keys(conflict.saved).filter((name) => norm(yours[name]) !== norm(conflict.saved[name]));
  return (
    <section class="coop-conflict" aria-labelledby="conflict-heading">
      <h2 id="conflict-heading" class="ds-heading" data-size="sm">
        {t('cooperation.staff.conflict.heading')}
      </h2>
      <p>{t('cooperation.staff.conflict.explain')}</p>
      {changed.length === 0 ? <p>{t('cooperation.staff.conflict.noDifference')}</p> : null}
      {changed.map((name) => (
        <div class="coop-conflict__field" key={name}>
          <h3 class="ds-heading" data-size="2xs">
            {labels[name] ?? name}
          </h3>
          <div class="coop-conflict__pair">
            <div class="coop-conflict__yours">
              <p class="coop-conflict__label">{t('cooperation.staff.conflict.yours')}</p>
              <p class="coop-conflict__text">{norm(yours[name]) || t('cooperation.staff.conflict.empty')}</p>
            </div>
            <div class="coop-conflict__saved">
              <p class="coop-conflict__label">{t('cooperation.staff.conflict.saved')}</p>
              <p class="coop-conflict__text">{norm(conflict.saved[name]) || t('cooperation.staff.conflict.empty')}</p>
            </div>
          </div>
        </div>
      ))}
    </section>
  );
}

export function LinkButton({ href, children, variant = 'secondary' }: { href: string; children: ComponentChildren; variant?: 'primary' | 'secondary' | 'tertiary' }) {
  return (
    <a class="ds-button" data-variant={variant} href={href}>
      {children}
    </a>
  );
}
