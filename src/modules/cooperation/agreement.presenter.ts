// What changed between two versions of an agreement, field by field, for the public compare
// page. Each version is flattened to labelled texts (title, period, purpose, each group by name,
// signatories, annexes, decision); the kernel's FieldDiffTable (platform/views/diff.tsx) then
// compares each pair word by word, as every other version comparison does.
import { formatDate, type Locale, type Translate } from '../../platform/i18n/i18n.js';
import type { FieldDiffRow } from '../../platform/views/diff.js';
import type { AgreementVersionRow } from './agreement.repository.js';

export interface AgreementField {
  /** Stable across versions, so the same field is compared with itself ("group:Styrgrupp"). */
  key: string;
  label: string;
  text: string;
}

const date = (locale: Locale, value: string | null) => (value ? formatDate(locale, `${value}T12:00:00Z`) : '');

/** One version as labelled texts, in reading order; empty fields are left out. */
export function agreementFields(version: AgreementVersionRow, t: Translate, locale: Locale): AgreementField[] {
  const c = version.content;
  const fields: AgreementField[] = [
    { key: 'title', label: t('cooperation.agreement.title'), text: version.title },
    { key: 'period', label: t('cooperation.agreement.period'), text: `${date(locale, version.periodStart)} – ${date(locale, version.periodEnd)}` },
    { key: 'purpose', label: t('cooperation.agreement.purpose'), text: c.purpose },
    { key: 'goals', label: t('cooperation.agreement.goals'), text: c.goals },
    {
      key: 'parties',
      label: t('cooperation.agreement.parties'),
      text: [c.policeArea?.name ?? '', ...c.partners.map((p) => p.name)].filter(Boolean).join('\n'),
    },
    ...c.groups.map((g) => ({
      key: `group:${g.name}`,
      label: t('cooperation.agreement.groupNamed', { name: g.name }),
      text: [g.members ? `${t('cooperation.agreement.groupMembers')}: ${g.members}` : '', g.meetingRhythm ? `${t('cooperation.agreement.groupRhythm')}: ${g.meetingRhythm}` : '']
        .filter(Boolean)
        .join('\n'),
    })),
    { key: 'signatories', label: t('cooperation.agreement.signatories'), text: c.signatories.map((s) => `${s.role}, ${s.organisation}`).join('\n') },
    {
      key: 'annexes',
      label: t('cooperation.agreement.annexes'),
      text: c.annexes.map((a) => `${t(`cooperation.agreement.annexKind.${a.kind}`)}: ${a.title}${a.document ? ` (${a.document.filename})` : ''}`).join('\n'),
    },
    { key: 'implementationPeriod', label: t('cooperation.agreement.implementationPeriod'), text: c.implementationPeriod },
    { key: 'followUpPeriod', label: t('cooperation.agreement.followUpPeriod'), text: c.followUpPeriod },
    { key: 'updatePeriod', label: t('cooperation.agreement.updatePeriod'), text: c.updatePeriod },
    {
      key: 'decision',
      label: t('cooperation.agreement.decision'),
      text: version.decidedOn
        ? [version.decidedByBody, date(locale, version.decidedOn), version.diarienummer ? t('cooperation.agreement.diarienummerIs', { dnr: version.diarienummer }) : ''].filter(Boolean).join(', ')
        : '',
    },
  ];
  return fields.filter((f) => f.text.trim() !== '');
}

/**
 * The fields of two versions side by side: those of `to` in its order, then those only `from`
 * had (a group that was removed). A group renamed shows as one removed and one added.
 */
export function compareAgreementVersions(from: AgreementVersionRow, to: AgreementVersionRow, t: Translate, locale: Locale): FieldDiffRow[] {
  const before = new Map(agreementFields(from, t, locale).map((f) => [f.key, f]));
  const after = agreementFields(to, t, locale);
  const afterKeys = new Set(after.map((f) => f.key));
  const rows: FieldDiffRow[] = after.map((field) => ({ label: field.label, before: before.get(field.key)?.text ?? '', after: field.text }));
  for (const [key, field] of before) {
    if (!afterKeys.has(key)) rows.push({ label: field.label, before: field.text, after: '' });
  }
  return rows;
}
