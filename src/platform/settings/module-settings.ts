// Per-kommun settings a module declares in its manifest: a zod schema (every key with a default)
// and how each key is shown on the kommun's settings page. Stored in the kommun's settings under
// the module's name and read through readModuleSettings, which falls back to a key's default when
// a stored value no longer fits (an old row or a changed schema never breaks a page).
import { z } from 'zod';
import type { Translate } from '../i18n/i18n.js';

export type SettingField =
  | { kind: 'boolean'; labelKey: string; hintKey?: string }
  | { kind: 'choice'; labelKey: string; hintKey?: string; options: readonly { value: string; labelKey: string }[] }
  | { kind: 'number'; labelKey: string; hintKey?: string; min: number; max: number }
  | { kind: 'text'; labelKey: string; hintKey?: string; maxLength: number };

export type SettingsShape = Record<string, z.ZodType>;

export interface ModuleSettings<S extends SettingsShape = SettingsShape> {
  /** Heading of the module's part of the settings page. */
  titleKey: string;
  schema: z.ZodObject<S>;
  fields: { readonly [K in keyof S]: SettingField };
}

/** Typed so that every key of the schema has a field description, and nothing else does. */
export function defineModuleSettings<S extends SettingsShape>(settings: ModuleSettings<S>): ModuleSettings<S> {
  for (const [key, type] of Object.entries(settings.schema.shape)) {
    if (!type.safeParse(undefined).success) throw new Error(`Module setting ${key} needs a default`);
  }
  return settings;
}

export type SettingsValues<M extends ModuleSettings> = z.output<M['schema']>;

// Read on every request that needs them (a report's send reads its kommun's several times), and
// the same stored object until the kommun is saved again (its row is then read anew): parsed once.
const parsedSettings = new WeakMap<ModuleSettings<SettingsShape>, { defaults?: unknown; byStored: WeakMap<object, unknown> }>();

/** The module's settings for one kommun: stored values where they still fit, defaults elsewhere. Shared: never change the result. */
export function readModuleSettings<S extends SettingsShape>(stored: Record<string, unknown> | undefined, settings: ModuleSettings<S>): z.output<z.ZodObject<S>> {
  let cache = parsedSettings.get(settings as unknown as ModuleSettings<SettingsShape>);
  if (!cache) {
    cache = { byStored: new WeakMap() };
    parsedSettings.set(settings as unknown as ModuleSettings<SettingsShape>, cache);
  }
  if (stored === undefined) return (cache.defaults ??= parseModuleSettings(undefined, settings)) as z.output<z.ZodObject<S>>;
  let values = cache.byStored.get(stored);
  if (values === undefined) {
    values = parseModuleSettings(stored, settings);
    cache.byStored.set(stored, values);
  }
  return values as z.output<z.ZodObject<S>>;
}

function parseModuleSettings<S extends SettingsShape>(stored: Record<string, unknown> | undefined, settings: ModuleSettings<S>): z.output<z.ZodObject<S>> {
  const values: Record<string, unknown> = {};
  for (const [key, type] of Object.entries(settings.schema.shape)) {
    const parsed = type.safeParse(stored?.[key]);
    values[key] = parsed.success ? parsed.data : type.parse(undefined);
  }
  return values as z.output<z.ZodObject<S>>;
}

/**
 * The settings form as the schema expects it: a checkbox that is absent is false, numbers arrive
 * as text. Validation is then the schema's, through the kernel's parseInput.
 */
export function coerceModuleSettingsForm(body: Record<string, unknown>, settings: ModuleSettings): Record<string, unknown> {
  const raw: Record<string, unknown> = {};
  for (const [key, field] of Object.entries(settings.fields)) {
    const value = body[key];
    const text = typeof value === 'string' ? value : '';
    if (field.kind === 'boolean') raw[key] = text === 'on' || text === 'true';
    else if (field.kind === 'number') raw[key] = text.trim() !== '' && Number.isFinite(Number(text)) ? Number(text) : text;
    else raw[key] = text;
  }
  return raw;
}

/** The settings' label keys, for the catalogue test: every one must exist in both languages. */
export function settingsMessageKeys(settings: ModuleSettings): string[] {
  return [
    settings.titleKey,
    ...Object.values(settings.fields).flatMap((field) => [
      field.labelKey,
      ...(field.hintKey ? [field.hintKey] : []),
      ...(field.kind === 'choice' ? field.options.map((o) => o.labelKey) : []),
    ]),
  ];
}

export type { Translate };
