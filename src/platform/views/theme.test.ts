import { describe, expect, it } from 'vitest';
import { contrastRatio, darkenForContrast, themeCss } from './theme.js';

describe('kommun theme', () => {
  it('darkens a pale brand colour until white text on it meets WCAG AA', () => {
    const pale = '#7fc8ff';
    expect(contrastRatio(pale, '#ffffff')).toBeLessThan(4.5);
    expect(contrastRatio(darkenForContrast(pale), '#ffffff')).toBeGreaterThanOrEqual(4.5);
  });

  it('keeps a colour that already has enough contrast', () => {
    expect(darkenForContrast('#005a8c')).toBe('#005a8c');
  });

  it('writes the accent variables Designsystemet reads', () => {
    const css = themeCss('#ffff00');
    const base = /--ds-color-accent-base-default: (#[0-9a-f]{6})/.exec(css)?.[1];
    expect(base).toBeDefined();
    expect(contrastRatio(base!, '#ffffff')).toBeGreaterThanOrEqual(4.5);
  });

  // Links in text, tables and the footer use --ds-color-accent-text-default (app.css); they sit on
  // white, on the footer's grey, on zebra rows and quotes tinted with the kommun's colour.
  it.each(['#005a8c', '#ffff00', '#7fc8ff', '#e30613', '#00a651', '#ffffff', '#000000', '#ff69b4'])(
    'keeps links in the text colour at 4.5:1 or more on every background they sit on (brand %s)',
    (primary) => {
      const css = themeCss(primary);
      const colour = (name: string) => new RegExp(`--ds-color-accent-${name}: (#[0-9a-f]{6})`).exec(css)?.[1] ?? '';
      const link = colour('text-default');
      const footerGrey = '#f3f3f4'; // Designsystemet's --ds-color-neutral-background-tinted
      for (const background of ['#ffffff', footerGrey, colour('surface-tinted'), colour('background-tinted'), colour('surface-hover')]) {
        expect(contrastRatio(link, background), `${link} on ${background}`).toBeGreaterThanOrEqual(4.5);
      }
    },
  );
});
