import { describe, expect, it } from 'vitest';
import { renderView } from '../../../test/views.js';
import { diffWords, FieldDiffTable, maxChangedWords, TextDiff } from './diff.js';

describe('diffWords', () => {
  it('finds the words added and removed, whole Swedish words included', () => {
    expect(diffWords('Vi ska öka tryggheten i Älvsjö.', 'Vi ska öka tryggheten i Åkersberga.')).toEqual([
      { kind: 'same', text: 'Vi ska öka tryggheten i ' },
      { kind: 'removed', text: 'Älvsjö' },
      { kind: 'added', text: 'Åkersberga' },
      { kind: 'same', text: '.' },
    ]);
  });

  it('sees no change in equal texts, and everything as added to an empty one', () => {
    expect(diffWords('Samma text', 'Samma text')).toEqual([{ kind: 'same', text: 'Samma text' }]);
    expect(diffWords('', '')).toEqual([]);
    expect(diffWords('', 'Ny text')).toEqual([{ kind: 'added', text: 'Ny text' }]);
  });

  it('treats two unrelated long texts as rewritten instead of searching every alignment', () => {
    const words = (prefix: string) => Array.from({ length: maxChangedWords + 500 }, (_, i) => `${prefix}${i}`).join(' ');
    const [before, after] = [words('a'), words('b')];
    expect(diffWords(before, after)).toEqual([
      { kind: 'removed', text: before },
      { kind: 'added', text: after },
    ]);
  });
});

describe('TextDiff', () => {
  it('marks removals with <del> and additions with <ins>, each announced in words', () => {
    const html = renderView(<TextDiff before="Polisen patrullerar på fredagar." after="Polisen och kommunen patrullerar på lördagar." />);
    expect(html).toContain('<ins><span class="ds-sr-only">tillagt: </span>och kommunen </ins>');
    expect(html).toContain('<del><span class="ds-sr-only">borttaget: </span>fredagar</del>');
    expect(html).toContain('<ins><span class="ds-sr-only">tillagt: </span>lördagar</ins>');
    const english = renderView(<TextDiff before="a b" after="a c" />, 'en');
    expect(english).toContain('<span class="ds-sr-only">removed: </span>b');
    expect(english).toContain('<span class="ds-sr-only">added: </span>c');
  });

  it('shows one side only when asked, for side-by-side views', () => {
    const before = renderView(<TextDiff before="gammal text" after="ny text" show="before" />);
    expect(before).toContain('<del>');
    expect(before).not.toContain('<ins>');
    const after = renderView(<TextDiff before="gammal text" after="ny text" show="after" />);
    expect(after).toContain('<ins>');
    expect(after).not.toContain('<del>');
  });

  it('escapes the texts it compares', () => {
    const html = renderView(<TextDiff before="<b>" after={'<script>alert(1)</script>'} />);
    expect(html).not.toContain('<script>');
    expect(html).toContain('alert(1)&lt;/script>');
  });
});

describe('FieldDiffTable', () => {
  const rows = [
    { label: 'Titel', before: 'Trygg i centrum', after: 'Trygg i centrum' },
    { label: 'Beskrivning', before: 'Belysning vid stationen.', after: 'Belysning och kameror vid stationen.' },
    { label: 'Ansvarig', before: 'Kommunen', after: null },
    { label: 'Slutdatum', before: '', after: '2027-12-31' },
  ];

  it('lists the changed fields with old and new values side by side and folds the unchanged away', () => {
    const html = renderView(<FieldDiffTable caption="Ändringar i version 3" rows={rows} />);
    expect(html).toContain('3 av 4 fält har ändrats.');
    const [changed, unchanged] = html.split('<details');
    expect(changed).toContain('<caption>Ändringar i version 3</caption>');
    expect(changed).toMatch(/<th scope="col">Fält<\/th><th scope="col">Före<\/th><th scope="col">Efter<\/th>/);
    expect(changed).toContain('<th scope="row">Beskrivning</th>');
    expect(changed).toContain('<ins><span class="ds-sr-only">tillagt: </span>och kameror </ins>');
    expect(changed).toMatch(/<th scope="row">Ansvarig<\/th><td>.*Kommunen.*<\/td><td><em class="field-diff__empty">\(tomt\)<\/em><\/td>/);
    expect(changed).not.toContain('Titel');
    expect(unchanged).toContain('<summary>Visa oförändrade fält (1)</summary>');
    expect(unchanged).toContain('<th scope="row">Titel</th>');
  });

  it('says so when nothing changed', () => {
    const html = renderView(<FieldDiffTable caption="Ändringar" rows={[rows[0]!]} />);
    expect(html).toContain('Inget har ändrats.');
    expect(html).not.toContain('<table class="ds-table field-diff__table" data-size="sm"><caption>Ändringar</caption>');
  });
});
