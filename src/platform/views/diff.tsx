// Comparing two versions of a text (an agreement, a plan): a word-level diff shown with <del> and
// <ins>. Colour is never the only signal: removed words are struck through, added ones underlined,
// and each change starts with a visually hidden "borttaget:"/"tillagt:", since most screen readers
// do not announce <del>/<ins> by themselves.
import { diffWords as diffWordsOf } from 'diff';
import { formatNumber } from '../i18n/i18n.js';
import { usePage } from './page-context.js';

export interface DiffPart {
  kind: 'same' | 'added' | 'removed';
  text: string;
}

/**
 * Past this many changed words the two texts are treated as rewritten: all of `before` removed, all
 * of `after` added. Bounds the work (Myers' diff is O(N·D)) on two unrelated long texts.
 */
export const maxChangedWords = 1_000;

/** Word by word; whitespace alone is no change. Neighbouring parts of one kind are merged. */
export function diffWords(before: string, after: string): DiffPart[] {
  if (before === after) return before ? [{ kind: 'same', text: before }] : [];
  const changes = diffWordsOf(before, after, { maxEditLength: maxChangedWords });
  const parts: DiffPart[] = changes
    ? changes.map((change) => ({ kind: change.added ? 'added' : change.removed ? 'removed' : 'same', text: change.value }))
    : [
        { kind: 'removed', text: before },
        { kind: 'added', text: after },
      ];
  const merged: DiffPart[] = [];
  for (const part of parts) {
    if (!part.text) continue;
    const last = merged[merged.length - 1];
    if (last && last.kind === part.kind) last.text += part.text;
    else merged.push({ ...part });
  }
  return merged;
}

function Part({ part }: { part: DiffPart }) {
  const { t } = usePage();
  if (part.kind === 'same') return <>{part.text}</>;
  const Tag = part.kind === 'added' ? 'ins' : 'del';
  return (
    <Tag>
      <span class="ds-sr-only">{t(part.kind === 'added' ? 'diff.added' : 'diff.removed')} </span>
      {part.text}
    </Tag>
  );
}

/**
 * One text with its changes marked. `show` picks what a side-by-side view needs: the old text with
 * its removals, or the new text with its additions; by default both, inline.
 */
export function TextDiff({ before, after, show = 'both' }: { before: string; after: string; show?: 'both' | 'before' | 'after' }) {
  const parts = diffWords(before, after).filter((part) => (show === 'before' ? part.kind !== 'added' : show === 'after' ? part.kind !== 'removed' : true));
  return (
    <div class="text-diff">
      {parts.map((part, index) => (
        <Part key={index} part={part} />
      ))}
    </div>
  );
}

export interface FieldDiffRow {
  label: string;
  before: string | null | undefined;
  after: string | null | undefined;
}

function Empty() {
  const { t } = usePage();
  return <em class="field-diff__empty">({t('diff.empty')})</em>;
}

/**
 * Which fields differ between two versions: the changed ones in a table with the old value (its
 * removals struck through) beside the new (its additions underlined), the unchanged ones folded
 * away in a <details> under it.
 */
export function FieldDiffTable({ caption, rows }: { caption: string; rows: readonly FieldDiffRow[] }) {
  const { t, locale } = usePage();
  const changed = rows.filter((row) => (row.before ?? '') !== (row.after ?? ''));
  const unchanged = rows.filter((row) => (row.before ?? '') === (row.after ?? ''));
  return (
    <div class="field-diff">
      <p class="field-diff__summary">
        {changed.length === 0 ? t('diff.noChanges') : t('diff.changedCount', { changed: formatNumber(locale, changed.length), total: formatNumber(locale, rows.length) })}
      </p>
      {changed.length > 0 ? (
        <table class="ds-table field-diff__table" data-size="sm">
          <caption>{caption}</caption>
          <thead>
            <tr>
              <th scope="col">{t('diff.field')}</th>
              <th scope="col">{t('diff.before')}</th>
              <th scope="col">{t('diff.after')}</th>
            </tr>
          </thead>
          <tbody>
            {changed.map((row, index) => (
              <tr key={index} class="field-diff__row field-diff__row--changed">
                <th scope="row">{row.label}</th>
                <td>{row.before ? <TextDiff before={row.before} after={row.after ?? ''} show="before" /> : <Empty />}</td>
                <td>{row.after ? <TextDiff before={row.before ?? ''} after={row.after} show="after" /> : <Empty />}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      {unchanged.length > 0 ? (
        <details class="field-diff__unchanged">
          <summary>{t('diff.showUnchanged', { n: formatNumber(locale, unchanged.length) })}</summary>
          <table class="ds-table field-diff__table" data-size="sm">
            <caption>
              {caption}: {t('diff.unchanged').toLowerCase()}
            </caption>
            <thead>
              <tr>
                <th scope="col">{t('diff.field')}</th>
                <th scope="col">{t('diff.value')}</th>
              </tr>
            </thead>
            <tbody>
              {unchanged.map((row, index) => (
                <tr key={index} class="field-diff__row field-diff__row--unchanged">
                  <th scope="row">{row.label}</th>
                  <td>{row.after ? <div class="text-diff">{row.after}</div> : <Empty />}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </details>
      ) : null}
    </div>
  );
}
