// Messages are plain objects per feature: Swedish is the source, and the English object must have
// exactly the same keys (checked by the type of defineMessages and by a test over the catalogue).
export const locales = ['sv', 'en'] as const;
export type Locale = (typeof locales)[number];
export const defaultLocale: Locale = 'sv';

export type MessageParams = Record<string, string | number>;

export interface Messages {
  sv: Record<string, string>;
  en: Record<string, string>;
}

export function defineMessages<const S extends Record<string, string>>(
  sv: S,
  en: { [K in keyof S]: string },
): Messages {
  return { sv, en };
}

/** One feature's messages from several files (the kernel's own, its shared views, its PDFs). */
export function combineMessages(...all: readonly Messages[]): Messages {
  return { sv: Object.assign({}, ...all.map((m) => m.sv)), en: Object.assign({}, ...all.map((m) => m.en)) };
}

/** Looks a key up; `has` tells whether the catalogue knows it (for optional, derived keys). */
export interface Translate {
  (key: string, params?: MessageParams): string;
  has(key: string): boolean;
}

export function isLocale(value: unknown): value is Locale {
  return typeof value === 'string' && (locales as readonly string[]).includes(value);
}

/**
 * The messages of the modules one app runs. Each app (and each test app) builds its own, so an
 * app can be built with any module list; nothing is process-wide.
 */
export interface MessageCatalog {
  translate(locale: Locale, key: string, params?: MessageParams): string;
  translator(locale: Locale): Translate;
  has(key: string): boolean;
  keys(locale: Locale): string[];
  /** Keys looked up but not found since the catalogue was built; tests assert this stays empty. */
  missing(): string[];
}

/** Joins the features' messages; a key defined twice with different texts is a programming error. */
export function createMessageCatalog(all: readonly Messages[]): MessageCatalog {
  const catalog: Record<Locale, Map<string, string>> = { sv: new Map(), en: new Map() };
  const missing = new Set<string>();
  for (const messages of all) {
    for (const locale of locales) {
      for (const [key, text] of Object.entries(messages[locale])) {
        const existing = catalog[locale].get(key);
        if (existing !== undefined && existing !== text) throw new Error(`i18n: message ${key} is defined twice for ${locale}`);
        catalog[locale].set(key, text);
      }
    }
  }
  const has = (key: string) => catalog.sv.has(key);
  // A message with {params}, split once at its placeholders: lists translate the same few
  // messages for every row, and a regular expression per call showed in the bench profile.
  const templates = new Map<string, string[]>();
  function translate(locale: Locale, key: string, params?: MessageParams): string {
    const text = catalog[locale].get(key) ?? catalog.sv.get(key);
    if (text === undefined) {
      missing.add(key);
      return key;
    }
    if (!params) return text;
    let parts = templates.get(text);
    if (!parts) templates.set(text, (parts = text.split(/\{(\w+)\}/)));
    // parts alternate: text, name, text, name, …, text.
    let out = parts[0]!;
    for (let i = 1; i < parts.length; i += 2) {
      const value = params[parts[i]!];
      out += (value === undefined ? `{${parts[i]!}}` : String(value)) + parts[i + 1]!;
    }
    return out;
  }
  const translators = new Map<Locale, Translate>(
    locales.map((locale) => [locale, Object.assign((key: string, params?: MessageParams) => translate(locale, key, params), { has })]),
  );
  return {
    translate,
    translator: (locale) => translators.get(locale)!,
    has,
    keys: (locale) => [...catalog[locale].keys()],
    missing: () => [...missing],
  };
}

const dateFormats: Record<Locale, Intl.DateTimeFormat> = {
  sv: new Intl.DateTimeFormat('sv-SE', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'Europe/Stockholm' }),
  en: new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'Europe/Stockholm' }),
};
const dateTimeFormats: Record<Locale, Intl.DateTimeFormat> = {
  sv: new Intl.DateTimeFormat('sv-SE', { dateStyle: 'medium', timeStyle: 'short', timeZone: 'Europe/Stockholm' }),
  en: new Intl.DateTimeFormat('en-GB', { dateStyle: 'medium', timeStyle: 'short', timeZone: 'Europe/Stockholm' }),
};

// Lists format the same few dates on every request; Intl formatting is slow enough to show in
// the bench profile, so remember recent results.
const formattedDates = new Map<string, string>();

/** "12 december 2016" in Swedish time, whatever the server's zone. */
export function formatDate(locale: Locale, iso: string): string {
  const key = `${locale}|${iso}`;
  let text = formattedDates.get(key);
  if (text === undefined) {
    text = dateFormats[locale].format(new Date(iso));
    if (formattedDates.size >= 10_000) formattedDates.clear();
    formattedDates.set(key, text);
  }
  return text;
}

export function formatDateTime(locale: Locale, iso: string): string {
  return dateTimeFormats[locale].format(new Date(iso));
}

const numberFormats = new Map<string, Intl.NumberFormat>();

/** "1 234,5" in Swedish, "1,234.5" in English; at most `maximumFractionDigits` decimals. */
export function formatNumber(locale: Locale, value: number, maximumFractionDigits = 2): string {
  const key = `${locale}|${maximumFractionDigits}`;
  let format = numberFormats.get(key);
  if (!format) {
    format = new Intl.NumberFormat(locale === 'sv' ? 'sv-SE' : 'en-GB', { maximumFractionDigits });
    numberFormats.set(key, format);
  }
  return format.format(value);
}
