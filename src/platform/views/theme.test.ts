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
});
