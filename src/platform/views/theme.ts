// A kommun's brand colour becomes a Designsystemet accent theme. Colours are adjusted until text
// on them meets WCAG AA (4.5:1), so an administrator cannot pick a colour that breaks contrast.

type Rgb = [number, number, number];

function parseHex(hex: string): Rgb {
  const n = Number.parseInt(hex.slice(1), 16);
  return [(n >> 16) & 255, (n >> 8) & 255, n & 255];
}

function toHex([r, g, b]: Rgb): string {
  return `#${[r, g, b].map((v) => Math.round(Math.max(0, Math.min(255, v))).toString(16).padStart(2, '0')).join('')}`;
}

function channel(v: number): number {
  const s = v / 255;
  return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
}

export function luminance(hex: string): number {
  const [r, g, b] = parseHex(hex);
  return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b);
}

export function contrastRatio(a: string, b: string): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
  return (hi + 0.05) / (lo + 0.05);
}

export function mix(hex: string, other: string, amount: number): string {
  const a = parseHex(hex);
  const b = parseHex(other);
  return toHex([a[0] + (b[0] - a[0]) * amount, a[1] + (b[1] - a[1]) * amount, a[2] + (b[2] - a[2]) * amount]);
}

/** Darkens until white text on it reaches the ratio. */
export function darkenForContrast(hex: string, ratio = 4.5): string {
  let colour = hex;
  for (let step = 0; step < 20 && contrastRatio(colour, '#ffffff') < ratio; step += 1) colour = mix(colour, '#000000', 0.1);
  return colour;
}

export function themeCss(primary: string): string {
  const base = darkenForContrast(primary, 4.5);
  const hover = mix(base, '#000000', 0.15);
  const active = mix(base, '#000000', 0.3);
  const text = darkenForContrast(primary, 7);
  return `:root {
  --ds-color-accent-base-default: ${base};
  --ds-color-accent-base-hover: ${hover};
  --ds-color-accent-base-active: ${active};
  --ds-color-accent-base-contrast-default: #ffffff;
  --ds-color-accent-base-contrast-subtle: #ffffff;
  --ds-color-accent-text-default: ${text};
  --ds-color-accent-text-subtle: ${base};
  --ds-color-accent-border-strong: ${base};
  --ds-color-accent-border-default: ${mix(base, '#ffffff', 0.4)};
  --ds-color-accent-border-subtle: ${mix(base, '#ffffff', 0.7)};
  --ds-color-accent-surface-tinted: ${mix(base, '#ffffff', 0.9)};
  --ds-color-accent-surface-default: ${mix(base, '#ffffff', 0.92)};
  --ds-color-accent-surface-hover: ${mix(base, '#ffffff', 0.85)};
  --ds-color-accent-surface-active: ${mix(base, '#ffffff', 0.78)};
  --ds-color-accent-background-tinted: ${mix(base, '#ffffff', 0.95)};
  --kommun-brand: ${base};
  --kommun-brand-text: ${text};
}
`;
}
