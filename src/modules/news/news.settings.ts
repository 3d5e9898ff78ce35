// The news module's per-kommun settings, shown on the kommun's settings page by the kernel
// (module settings) and read through newsSettingsOf.
import { z } from 'zod';
import { defineModuleSettings, type SettingsValues } from '../../platform/settings/module-settings.js';
import { moduleSettingsOf, type Kommun } from '../../platform/tenants/index.js';

export const newsSettings = defineModuleSettings({
  titleKey: 'news.settings.title',
  schema: z.object({
    /** Items are published by the other party (police for the kommun's, the kommun for the police's) after the author asks. */
    requireCrossReview: z.boolean().default(false),
  }),
  fields: {
    requireCrossReview: { kind: 'boolean', labelKey: 'news.settings.requireCrossReview', hintKey: 'news.settings.requireCrossReviewHint' },
  },
});

export type NewsSettings = SettingsValues<typeof newsSettings>;

/** The kommun's news settings: what is stored where it still fits, defaults elsewhere. */
export function newsSettingsOf(kommun: Kommun): NewsSettings {
  return moduleSettingsOf(kommun, 'news', newsSettings);
}
