// Form and page parts shared by every module. They follow GOV.UK's pattern: an error summary at
// the top that links to each field, inline errors tied to inputs with aria-describedby, and the
// person's own values kept after a failed submit.
import type { ComponentChildren } from 'preact';
import type { FieldErrors } from '../http/errors.js';
import { splitMessage } from '../http/forms.js';
import { usePage } from './page-context.js';

export interface FormState {
  values: Record<string, string>;
  errors: FieldErrors;
}

export const emptyForm: FormState = { values: {}, errors: {} };

function useMessage() {
  const { t } = usePage();
  return (message: string) => {
    const { key, params } = splitMessage(message);
    return t(key, params);
  };
}

export function fieldId(name: string): string {
  return `field-${name.replace(/[^a-zA-Z0-9_-]/g, '-')}`;
}

export function ErrorSummary({ errors, labels }: { errors: FieldErrors; labels: Record<string, string> }) {
  const { t } = usePage();
  const message = useMessage();
  const entries = Object.entries(errors);
  if (entries.length === 0) return null;
  return (
    <div class="ds-error-summary error-summary" role="alert" tabindex={-1} data-module="error-summary" aria-labelledby="error-summary-heading">
      <h2 id="error-summary-heading" class="ds-heading" data-size="xs">
        {t('form.errorSummary')}
      </h2>
      <ul class="ds-list">
        {entries.map(([name, text]) => (
          <li key={name}>
            {name === '_form' ? (
              message(text)
            ) : (
              <a class="ds-link" href={`#${fieldId(name)}`}>
                {labels[name] ? `${labels[name]}: ` : ''}
                {message(text)}
              </a>
            )}
          </li>
        ))}
      </ul>
    </div>
  );
}

interface FieldProps {
  name: string;
  label: string;
  form: FormState;
  hint?: string;
  required?: boolean;
  /**
   * A filter's choice: always answered (its first option is "all"), so neither marked optional
   * nor required. Marking it required only to hide "(optional)" made screen readers announce a
   * requirement that is not there, and browsers refuse the form on "all".
   */
  filter?: boolean;
}

function FieldShell(props: FieldProps & { children: ComponentChildren }) {
  const message = useMessage();
  const { t } = usePage();
  const error = props.form.errors[props.name];
  const id = fieldId(props.name);
  return (
    <div class="ds-field field" data-invalid={error ? 'true' : undefined}>
      <label class="ds-label" for={id}>
        {props.label}
        {props.required || props.filter ? null : <span class="field__optional"> ({t('form.optional')})</span>}
      </label>
      {props.hint ? (
        <div class="ds-field-description field__hint" id={`${id}-hint`}>
          {props.hint}
        </div>
      ) : null}
      {props.children}
      {error ? (
        <div class="ds-validation-message field__error" id={`${id}-error`} data-color="danger">
          <span class="ds-sr-only">{t('form.errorPrefix')} </span>
          {message(error)}
        </div>
      ) : null}
    </div>
  );
}

/**
 * A live count for a field with a limit ("45 av 200 tecken"), by the char-count island; without
 * JavaScript the field keeps its maxlength and nothing is shown.
 */
function useCounter(counter: boolean | undefined, maxLength: number | undefined) {
  const { t } = usePage();
  if (!counter || !maxLength) return {};
  return { 'data-module': 'char-count', 'data-count-text': t('form.charCount'), 'data-count-over': t('form.charCountOver') };
}

function describedBy(props: FieldProps): string | undefined {
  const id = fieldId(props.name);
  const ids = [props.hint ? `${id}-hint` : '', props.form.errors[props.name] ? `${id}-error` : ''].filter(Boolean);
  return ids.length > 0 ? ids.join(' ') : undefined;
}

export function TextField(
  props: FieldProps & {
    type?: 'text' | 'email' | 'password' | 'tel' | 'url' | 'number' | 'date' | 'datetime-local' | 'search';
    maxLength?: number;
    autocomplete?: string;
    inputMode?: 'numeric' | 'decimal' | 'text' | 'email';
    defaultValue?: string;
    pattern?: string;
    step?: string;
    /** Show a live character count (needs maxLength). */
    counter?: boolean;
  },
) {
  const counter = useCounter(props.counter, props.maxLength);
  const value = props.type === 'password' ? '' : (props.form.values[props.name] ?? props.defaultValue ?? '');
  return (
    <FieldShell {...props}>
      <input
        class="ds-input"
        id={fieldId(props.name)}
        name={props.name}
        type={props.type ?? 'text'}
        value={value}
        maxLength={props.maxLength}
        required={props.required}
        autocomplete={props.autocomplete}
        inputMode={props.inputMode}
        pattern={props.pattern}
        step={props.step}
        aria-invalid={props.form.errors[props.name] ? 'true' : undefined}
        aria-describedby={describedBy(props)}
        {...counter}
      />
    </FieldShell>
  );
}

export function TextArea(props: FieldProps & { maxLength?: number; rows?: number; defaultValue?: string; counter?: boolean }) {
  const counter = useCounter(props.counter, props.maxLength);
  return (
    <FieldShell {...props}>
      <textarea
        class="ds-input"
        id={fieldId(props.name)}
        name={props.name}
        rows={props.rows ?? 6}
        maxLength={props.maxLength}
        required={props.required}
        aria-invalid={props.form.errors[props.name] ? 'true' : undefined}
        aria-describedby={describedBy(props)}
        {...counter}
      >
        {props.form.values[props.name] ?? props.defaultValue ?? ''}
      </textarea>
    </FieldShell>
  );
}

export function SelectField(props: FieldProps & { options: { value: string; label: string }[]; defaultValue?: string }) {
  const selected = props.form.values[props.name] ?? props.defaultValue ?? '';
  return (
    <FieldShell {...props}>
      <select
        class="ds-input"
        id={fieldId(props.name)}
        name={props.name}
        required={props.required}
        aria-invalid={props.form.errors[props.name] ? 'true' : undefined}
        aria-describedby={describedBy(props)}
      >
        {props.options.map((option) => (
          <option key={option.value} value={option.value} selected={option.value === selected}>
            {option.label}
          </option>
        ))}
      </select>
    </FieldShell>
  );
}

export function FileField(props: FieldProps & { accept: string }) {
  return (
    <FieldShell {...props}>
      <input
        class="ds-input"
        id={fieldId(props.name)}
        name={props.name}
        type="file"
        accept={props.accept}
        required={props.required}
        aria-invalid={props.form.errors[props.name] ? 'true' : undefined}
        aria-describedby={describedBy(props)}
      />
    </FieldShell>
  );
}

export function Checkbox(props: { name: string; label: string; form: FormState; defaultChecked?: boolean; hint?: string }) {
  const id = fieldId(props.name);
  const value = props.form.values[props.name];
  const checked = value !== undefined ? value === 'on' || value === 'true' : (props.defaultChecked ?? false);
  return (
    <div class="ds-field field field--checkbox">
      <input class="ds-input" type="checkbox" id={id} name={props.name} checked={checked} aria-describedby={props.hint ? `${id}-hint` : undefined} />
      <label class="ds-label" for={id}>
        {props.label}
      </label>
      {props.hint ? (
        <div class="field__hint" id={`${id}-hint`}>
          {props.hint}
        </div>
      ) : null}
    </div>
  );
}

/**
 * A POST form with its CSRF token. The hidden _csrf field comes first, so a multipart form's
 * first part is the token: the server checks it before it reads any file. Never put the token
 * in the action: URLs end up in history, logs and Referer headers.
 */
export function Form(props: {
  action: string;
  multipart?: boolean;
  children: ComponentChildren;
  class?: string;
  method?: 'post' | 'get';
  label?: string;
}) {
  const page = usePage();
  const method = props.method ?? 'post';
  const token = method === 'post' ? page.csrfToken() : '';
  return (
    <form
      method={method}
      action={props.action}
      enctype={props.multipart ? 'multipart/form-data' : undefined}
      class={props.class}
      aria-label={props.label}
      novalidate
    >
      {method === 'post' ? <input type="hidden" name="_csrf" value={token} /> : null}
      {props.children}
    </form>
  );
}

export function SubmitButton({ children, variant = 'primary', name, value }: { children: ComponentChildren; variant?: 'primary' | 'secondary' | 'tertiary'; name?: string; value?: string }) {
  return (
    <button type="submit" class="ds-button" data-variant={variant} name={name} value={value}>
      {children}
    </button>
  );
}

export function PageHeading({ children, lead }: { children: ComponentChildren; lead?: ComponentChildren }) {
  return (
    <>
      <h1 class="ds-heading" data-size="lg">
        {children}
      </h1>
      {lead ? <p class="lead">{lead}</p> : null}
    </>
  );
}

/** Keyset pagination: "newer" and "older" links instead of page numbers, fast at any depth. */
export function KeysetPagination({ newerHref, olderHref }: { newerHref?: string | null; olderHref?: string | null }) {
  const { t } = usePage();
  if (!newerHref && !olderHref) return null;
  return (
    <nav class="pager" aria-label={t('pagination.label')}>
      <ul>
        {newerHref ? (
          <li>
            <a class="ds-link" href={newerHref} rel="prev">
              {t('pagination.newer')}
            </a>
          </li>
        ) : null}
        {olderHref ? (
          <li>
            <a class="ds-link" href={olderHref} rel="next">
              {t('pagination.older')}
            </a>
          </li>
        ) : null}
      </ul>
    </nav>
  );
}

/**
 * A box that scrolls sideways when its content (a wide table, a long line) does not fit, so the
 * page itself never does. Keyboard users must be able to scroll it, so it is a focusable,
 * labelled region (WCAG 2.1.1; axe scrollable-region-focusable).
 */
export function ScrollRegion({ label, children }: { label: string; children: ComponentChildren }) {
  return (
    <div class="table-scroll" role="region" tabindex={0} aria-label={label}>
      {children}
    </div>
  );
}
