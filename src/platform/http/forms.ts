import type { z } from 'zod';
import { ValidationError, type FieldErrors } from './errors.js';

/** A message our schemas set themselves is a key ('errors.colour'); zod's own are sentences. */
const messageKey = /^[a-z][A-Za-z0-9]*(\.[A-Za-z0-9_]+)+$/;

/** Maps one zod issue to a message key (+ params) the views translate. */
function issueToMessage(issue: z.core.$ZodIssue): string {
  // A schema's own message: a key, or "key|n" with its parameter (see splitMessage).
  if (issue.message && messageKey.test(issue.message.split('|')[0] ?? '')) return issue.message;
  switch (issue.code) {
    case 'too_small':
      if (issue.origin === 'string') return Number(issue.minimum) <= 1 ? 'validation.required' : `validation.tooShort|${String(issue.minimum)}`;
      if (issue.origin === 'array' || issue.origin === 'set') return 'validation.chooseOne';
      return `validation.tooSmall|${String(issue.minimum)}`;
    case 'too_big':
      if (issue.origin === 'string') return `validation.tooLong|${String(issue.maximum)}`;
      return `validation.tooBig|${String(issue.maximum)}`;
    case 'invalid_format':
      return issue.format === 'email' ? 'validation.email' : issue.format === 'url' ? 'validation.url' : 'validation.format';
    case 'invalid_type':
      return issue.input === undefined || issue.input === null || issue.input === '' ? 'validation.required' : 'validation.invalid';
    case 'invalid_value':
      return 'validation.chooseOne';
    default:
      return 'validation.invalid';
  }
}

export function zodToFieldErrors(error: z.ZodError): FieldErrors {
  const fields: FieldErrors = {};
  for (const issue of error.issues) {
    const name = issue.path.length > 0 ? issue.path.map(String).join('.') : '_form';
    fields[name] ??= issueToMessage(issue);
  }
  return fields;
}

/** Parses input with a schema shared by the HTML form and the JSON API; throws ValidationError. */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const result = schema.safeParse(input ?? {});
  if (!result.success) throw new ValidationError(zodToFieldErrors(result.error));
  return result.data;
}

/** Splits "validation.tooLong|200" into a key and its parameter for translation. */
export function splitMessage(message: string): { key: string; params: Record<string, string> } {
  const [key, value] = message.split('|');
  return { key: key ?? message, params: value === undefined ? {} : { n: value } };
}

/**
 * Form values as the person typed them, for re-rendering after an error. Only strings survive:
 * uploaded files are never echoed back.
 */
export function formValues(body: unknown): Record<string, string> {
  const values: Record<string, string> = {};
  if (body && typeof body === 'object') {
    for (const [key, value] of Object.entries(body as Record<string, unknown>)) {
      if (key === '_csrf') continue;
      if (typeof value === 'string') values[key] = value;
      else if (Array.isArray(value)) values[key] = value.filter((v) => typeof v === 'string').join('\n');
    }
  }
  return values;
}

/** A form post's fields: texts, and lists of texts for a repeated field. */
export type PostedFields = Record<string, string | string[]>;

/**
 * A posted body as form fields, for a handler that reads its form itself (a form with numbered
 * slots, say) instead of through a route's body schema. Anything that is not a text or a list of
 * texts — a JSON `null`, a number, nested objects — is left out, so the form's own checks name
 * what is missing instead of the handler failing on it.
 */
export function postedFields(body: unknown): PostedFields {
  const fields: PostedFields = {};
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return fields;
  for (const [name, value] of Object.entries(body)) {
    if (typeof value === 'string') fields[name] = value;
    else if (Array.isArray(value) && value.every((v) => typeof v === 'string')) fields[name] = value as string[];
  }
  return fields;
}

/** Form checkboxes send "on" or nothing; JSON sends booleans. Accept both. */
export function isChecked(value: unknown): boolean {
  return value === true || value === 'on' || value === 'true' || value === '1';
}

const localBase = 'http://samtrygg.invalid';

/**
 * A local path to go back to after a form, never anything that leaves the site. Browsers drop
 * tabs and newlines from URLs and read a backslash as a slash, so `/%09/evil.example` or
 * `/\\evil.example` would lead to another host: control characters and backslashes are refused
 * outright, and what is left must resolve to this origin. Returns the normalised path.
 */
export function safeLocalPath(value: unknown, fallback: string): string {
  if (typeof value !== 'string' || value.length > 500) return fallback;
  // eslint-disable-next-line no-control-regex -- control characters are exactly what must be refused
  if (/[\u0000-\u001f\u007f-\u009f\\\u2028\u2029]/.test(value)) return fallback;
  if (!value.startsWith('/') || value.startsWith('//')) return fallback;
  let url: URL;
  try {
    url = new URL(value, localBase);
  } catch {
    return fallback;
  }
  if (url.origin !== localBase) return fallback;
  return `${url.pathname}${url.search}${url.hash}`;
}
