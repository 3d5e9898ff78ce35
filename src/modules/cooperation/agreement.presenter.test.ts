import { describe, expect, it } from 'vitest';
import { diffWords, type DiffPart } from './agreement.presenter.js';

const render = (parts: DiffPart[]) => parts.map((p) => (p.type === 'same' ? p.text : p.type === 'removed' ? `[-${p.text}-]` : `{+${p.text}+}`)).join('');
const before = (parts: DiffPart[]) => parts.filter((p) => p.type !== 'added').map((p) => p.text).join('');
const after = (parts: DiffPart[]) => parts.filter((p) => p.type !== 'removed').map((p) => p.text).join('');

describe('diffWords', () => {
  it('finds an inserted word and a deleted word', () => {
    expect(render(diffWords('möts fyra gånger per år', 'möts sex gånger per år'))).toBe('möts [-fyra-]{+sex+} gånger per år');
    expect(render(diffWords('kommundirektör och trygghetssamordnare', 'kommundirektör, lokalpolisområdeschef och trygghetssamordnare'))).toBe(
      '[-kommundirektör-]{+kommundirektör, lokalpolisområdeschef+} och trygghetssamordnare',
    );
    expect(render(diffWords('a b c', 'a c'))).toBe('a [-b -]c');
    expect(render(diffWords('a c', 'a b c'))).toBe('a {+b +}c');
  });

  it('joins neighbouring word changes into one change', () => {
    expect(render(diffWords('Mötesrytm: en gång i månaden', 'Mötesrytm: varannan vecka'))).toBe('Mötesrytm: [-en gång i månaden-]{+varannan vecka+}');
  });

  it('reports identical texts as unchanged and empty sides as wholly added or removed', () => {
    expect(diffWords('samma text', 'samma text')).toEqual([{ type: 'same', text: 'samma text' }]);
    expect(diffWords('', 'ny text')).toEqual([{ type: 'added', text: 'ny text' }]);
    expect(diffWords('gammal text', '')).toEqual([{ type: 'removed', text: 'gammal text' }]);
  });

  it('always gives both texts back exactly, whitespace and line breaks included', () => {
    const cases = [
      ['- punkt ett\n- punkt två\n\nStycke.', '- punkt ett\n- punkt tre\n- punkt två\n\nStycke, ändrat.'],
      ['  dubbla  mellanslag ', 'dubbla mellanslag'],
      ['x y z x y z', 'z y x'],
    ] as const;
    for (const [a, b] of cases) {
      const parts = diffWords(a, b);
      expect(before(parts)).toBe(a);
      expect(after(parts)).toBe(b);
    }
  });

  it('stays fast on long texts by replacing the middle whole when the table would be too large', () => {
    const long = (seed: number) => Array.from({ length: 3000 }, (_, i) => `ord${(i * seed) % 997}`).join(' ');
    const a = long(7);
    const b = long(11);
    const parts = diffWords(a, b);
    expect(before(parts)).toBe(a);
    expect(after(parts)).toBe(b);
  });
});
