const sizeFormats = {
  sv: [0, 1].map((digits) => new Intl.NumberFormat('sv-SE', { maximumFractionDigits: digits })),
  en: [0, 1].map((digits) => new Intl.NumberFormat('en-GB', { maximumFractionDigits: digits })),
};

/** A file size as people read it: "820 B", "14,5 kB", "10 MB". */
export function formatBytes(bytes: number, locale: string): string {
  const units = ['B', 'kB', 'MB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  const format = sizeFormats[locale === 'en' ? 'en' : 'sv'][unit === 0 ? 0 : 1]!;
  return `${format.format(value)} ${units[unit]}`;
}
