import { z } from 'zod';
import { locales } from '../i18n/i18n.js';

// Per-kommun variation is typed settings, validated on the way in and on the way out of the
// database so an old or hand-edited row can never crash a page.
export const hexColour = z.string().regex(/^#[0-9a-fA-F]{6}$/, 'errors.colour');

export const kommunSettingsSchema = z.object({
  primaryColour: hexColour.default('#1e5a8c'),
  logoFileId: z.string().nullable().default(null),
  logoAlt: z.string().max(200).default(''),
  contact: z
    .object({
      email: z.string().max(200).default(''),
      phone: z.string().max(50).default(''),
      address: z.string().max(300).default(''),
      website: z.string().max(300).default(''),
    })
    .default({ email: '', phone: '', address: '', website: '' }),
  languages: z.array(z.enum(locales)).min(1).default(['sv', 'en']),
  /** Roles that must use a second factor (TOTP) to sign in to this kommun. */
  requireTotpForRoles: z.array(z.string()).default([]),
  accessibilityStatement: z
    .object({ lastReviewed: z.string().default(''), knownIssuesSv: z.string().default(''), knownIssuesEn: z.string().default('') })
    .default({ lastReviewed: '', knownIssuesSv: '', knownIssuesEn: '' }),
  /** Each module's own settings, under its name, read through readModuleSettings (settings/module-settings.ts). */
  modules: z.record(z.string(), z.record(z.string(), z.unknown())).default({}),
});

export type KommunSettings = z.infer<typeof kommunSettingsSchema>;

export function parseKommunSettings(json: string): KommunSettings {
  let raw: unknown = {};
  try {
    raw = JSON.parse(json);
  } catch {
    raw = {};
  }
  const parsed = kommunSettingsSchema.safeParse(raw);
  return parsed.success ? parsed.data : kommunSettingsSchema.parse({});
}
