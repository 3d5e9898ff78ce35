// Audit rows as sentences: "Administratören bjöd in Nya Samordnaren som trygghetssamordnare i
// Vallentuna kommun". Each feature words its own actions in its messages, under the key
// `audit.action.<action>` (optionally `.<kind>` when the row's record has a kind, e.g. news or
// page); an action without a sentence reads "<actor> changed <record>". A sentence may use these
// parameters, all filled from the row itself (never a secret, no address the row does not hold):
// {actor} {subject} {name} {email} {title} {role} {organisation} {page} {record}.
import type { Locale, Translate } from '../i18n/i18n.js';
import type { AuditEntry } from './audit.repository.js';

export function parseAuditJson(json: string | null): Record<string, unknown> | null {
  if (!json) return null;
  try {
    const value: unknown = JSON.parse(json);
    return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() !== '' ? value : undefined;
}

/** The person a row is about (an account or a role), if any. */
export function auditSubjectId(entry: Pick<AuditEntry, 'entityType' | 'entityId' | 'before' | 'after'>): string | undefined {
  if (entry.entityType === 'user') return entry.entityId ?? undefined;
  if (entry.entityType === 'membership') {
    return text(parseAuditJson(entry.after)?.userId) ?? text(parseAuditJson(entry.before)?.userId);
  }
  return undefined;
}

export function auditSubjectKey(entry: Pick<AuditEntry, 'entityType' | 'entityId' | 'before' | 'after' | 'organisationId'>): string | undefined {
  const userId = auditSubjectId(entry);
  return userId && entry.organisationId ? `${userId}|${entry.organisationId}` : undefined;
}

/** The sentence for one row, in the reader's language. */
export function auditSentence(entry: AuditEntry, subjectName: string | undefined, t: Translate, locale: Locale): string {
  const after = parseAuditJson(entry.after) ?? {};
  const before = parseAuditJson(entry.before) ?? {};
  const field = (key: string) => text(after[key]) ?? text(before[key]);
  const role = field('role');
  const recordKey = `audit.record.${entry.entityType}`;
  const params = {
    actor: entry.actorName ?? t('audit.system'),
    subject: subjectName ?? (entry.actorUserId && auditSubjectId(entry) === entry.actorUserId && entry.actorName ? entry.actorName : t('audit.someone')),
    name: field('name') ?? t('audit.unnamed'),
    email: field('email') ?? '',
    title: field('title') ?? t('audit.unnamed'),
    role: role && t.has(`role.${role}`) ? t(`role.${role}`).toLocaleLowerCase(locale) : (role ?? t('audit.someRole')),
    organisation: field('organisation') ?? t('audit.someOrganisation'),
    page: field('pageUrl') ?? t('audit.unnamed'),
    record: t.has(recordKey) ? t(recordKey) : entry.entityType,
  };
  const kind = field('kind');
  const base = `audit.action.${entry.action}`;
  const key = kind && t.has(`${base}.${kind}`) ? `${base}.${kind}` : t.has(base) ? base : 'audit.action.fallback';
  return t(key, params);
}
