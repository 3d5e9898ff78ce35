// The cooperation module's per-kommun settings, shown on the kommun's settings page by the kernel
// and read through cooperationSettingsOf.
import { z } from 'zod';
import { defineModuleSettings, type SettingsValues } from '../../platform/settings/module-settings.js';
import { moduleSettingsOf, type Kommun } from '../../platform/tenants/index.js';

export const deciderChoices = ['administrators', 'coordinators'] as const;

export const cooperationSettings = defineModuleSettings({
  titleKey: 'cooperation.settings.title',
  schema: z.object({
    /**
     * Who decides agreements and plans and publishes löften: the administrators (the kommun's and
     * the police area's), or also the coordinators and kommunpoliser who write them.
     */
    deciders: z.enum(deciderChoices).default('administrators'),
  }),
  fields: {
    deciders: {
      kind: 'choice',
      labelKey: 'cooperation.settings.deciders',
      hintKey: 'cooperation.settings.decidersHint',
      options: [
        { value: 'administrators', labelKey: 'cooperation.settings.decidersAdministrators' },
        { value: 'coordinators', labelKey: 'cooperation.settings.decidersCoordinators' },
      ],
    },
  },
});

export type CooperationSettings = SettingsValues<typeof cooperationSettings>;

export function cooperationSettingsOf(kommun: Kommun): CooperationSettings {
  return moduleSettingsOf(kommun, 'cooperation', cooperationSettings);
}
