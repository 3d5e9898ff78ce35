// What changed between two versions of an agreement, field by field, for the public compare
// page. Each version is first flattened to labelled texts (title, period, purpose, each group by
// name, signatories, annexes, decision); each pair of texts is then compared word by word.
// diffWords is small and local on purpose: when the kernel's diff component lands
// (platform/views/diff.tsx), it replaces diffWords and the view's <del>/<ins> rendering, and
// nothing else here needs to change.
import { formatDate, type Locale, type Translate } from '../../platform/i18n/i18n.js';
import type { AgreementVersionRow } from './agreement.repository.js';

export interface DiffPart {
  type: 'same' | 'added' | 'removed';
  text: string;
}

/** Words and the whitespace between them, so that joining the parts gives the text back. */
function tokenize(text: string): string[] {
  return text.match(/\s+|[^\s]+/g) ?? [];
}

/** Above this many cells the table would cost too much; the middle is then shown as replaced whole. */
const maxCells = 4_000_000;

function push(parts: DiffPart[], type: DiffPart['type'], text: string): void {
  if (text === '') return;
  const last = parts[parts.length - 1];
  if (last && last.type === type) last.text += text;
  else parts.push({ type, text });
}

/**
 * A word-level diff of two texts by the longest common subsequence of their tokens. The common
 * head and tail are taken off first, so a small edit in a long text costs little. Whitespace
 * counts as a token, which keeps the output's spacing exactly that of the texts.
 */
export function diffWords(before: string, after: string): DiffPart[] {
  const a = tokenize(before);
  const b = tokenize(after);
  let head = 0;
  while (head < a.length && head < b.length && a[head] === b[head]) head += 1;
  let tail = 0;
  while (tail < a.length - head && tail < b.length - head && a[a.length - 1 - tail] === b[b.length - 1 - tail]) tail += 1;
  const parts: DiffPart[] = [];
  push(parts, 'same', a.slice(0, head).join(''));
  const midA = a.slice(head, a.length - tail);
  const midB = b.slice(head, b.length - tail);
  const n = midA.length;
  const m = midB.length;
  if (n * m > maxCells || n === 0 || m === 0) {
    push(parts, 'removed', midA.join(''));
    push(parts, 'added', midB.join(''));
  } else {
    // lengths[i][j]: the LCS of midA[i..] and midB[j..], in one flat array.
    const width = m + 1;
    const lengths = new Uint32Array((n + 1) * width);
    for (let i = n - 1; i >= 0; i -= 1) {
      for (let j = m - 1; j >= 0; j -= 1) {
        lengths[i * width + j] = midA[i] === midB[j] ? lengths[(i + 1) * width + j + 1]! + 1 : Math.max(lengths[(i + 1) * width + j]!, lengths[i * width + j + 1]!);
      }
    }
    let i = 0;
    let j = 0;
    while (i < n && j < m) {
      if (midA[i] === midB[j]) {
        push(parts, 'same', midA[i]!);
        i += 1;
        j += 1;
      } else if (lengths[(i + 1) * width + j]! >= lengths[i * width + j + 1]!) {
        push(parts, 'removed', midA[i]!);
        i += 1;
      } else {
        push(parts, 'added', midB[j]!);
        j += 1;
      }
    }
    push(parts, 'removed', midA.slice(i).join(''));
    push(parts, 'added', midB.slice(j).join(''));
  }
  push(parts, 'same', a.slice(a.length - tail).join(''));
  return joinChanges(parts);
}

/**
 * "en gång i månaden" → "varannan vecka" reads as one change, not as four word swaps around the
 * spaces they share: a space between two changes joins them, on both sides.
 */
function joinChanges(parts: DiffPart[]): DiffPart[] {
  const out: DiffPart[] = [];
  let i = 0;
  while (i < parts.length) {
    const part = parts[i]!;
    if (part.type === 'same') {
      out.push(part);
      i += 1;
      continue;
    }
    let removed = '';
    let added = '';
    while (i < parts.length) {
      const p = parts[i]!;
      if (p.type === 'removed') removed += p.text;
      else if (p.type === 'added') added += p.text;
      else if (/^\s+$/.test(p.text) && parts[i + 1] !== undefined && parts[i + 1]!.type !== 'same') {
        removed += p.text;
        added += p.text;
      } else break;
      i += 1;
    }
    if (removed) out.push({ type: 'removed', text: removed });
    if (added) out.push({ type: 'added', text: added });
  }
  return out;
}

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

export interface FieldChange {
  key: string;
  label: string;
  change: 'changed' | 'added' | 'removed' | 'same';
  parts: DiffPart[];
}

/**
 * The fields of two versions side by side: those of `to` in its order, then those only `from`
 * had (a group that was removed). A group renamed shows as one removed and one added.
 */
export function compareAgreementVersions(from: AgreementVersionRow, to: AgreementVersionRow, t: Translate, locale: Locale): FieldChange[] {
  const before = new Map(agreementFields(from, t, locale).map((f) => [f.key, f]));
  const after = agreementFields(to, t, locale);
  const afterKeys = new Set(after.map((f) => f.key));
  const changes: FieldChange[] = after.map((field) => {
    const old = before.get(field.key);
    if (!old) return { key: field.key, label: field.label, change: 'added', parts: [{ type: 'added', text: field.text }] };
    const parts = diffWords(old.text, field.text);
    return { key: field.key, label: field.label, change: parts.every((p) => p.type === 'same') ? 'same' : 'changed', parts };
  });
  for (const [key, field] of before) {
    if (!afterKeys.has(key)) changes.push({ key, label: field.label, change: 'removed', parts: [{ type: 'removed', text: field.text }] });
  }
  return changes;
}
