// The reports module's per-kommun settings, on the kommun's settings page (kernel module settings).
import { z } from 'zod';
import { defineModuleSettings, type SettingsValues } from '../../platform/settings/module-settings.js';
import type { Locale, Translate } from '../../platform/i18n/i18n.js';
import { moduleSettingsOf, type Kommun } from '../../platform/tenants/index.js';
import { reportStatuses } from './report.states.js';
import type { ReportStatus } from './report.tables.js';

const stateLabelMax = 60;

/** `stateLabel_<status>`: a kommun's own Swedish name for a state; empty keeps the default. */
type StateLabelKey = `stateLabel_${ReportStatus}`;
const stateLabelSchema = Object.fromEntries(reportStatuses.map((s) => [`stateLabel_${s}`, z.string().trim().max(stateLabelMax).default('')])) as Record<StateLabelKey, z.ZodDefault<z.ZodString>>;
const stateLabelFields = Object.fromEntries(
  reportStatuses.map((s) => [`stateLabel_${s}`, { kind: 'text', labelKey: `reports.settings.stateLabel_${s}`, hintKey: 'reports.settings.stateLabelHint', maxLength: stateLabelMax }]),
) as Record<StateLabelKey, { kind: 'text'; labelKey: string; hintKey: string; maxLength: number }>;

export const reportSettings = defineModuleSettings({
  titleKey: 'reports.settings.title',
  schema: z.object({
    /** Open reports of the same category this close are offered as "me too" while reporting. */
    duplicateRadiusMetres: z.number().int().min(10).max(2000).default(150),
    /** Sensitive categories are shown on public maps at the centre of a grid square this wide. */
    sensitiveGridMetres: z.number().int().min(50).max(5000).default(250),
    /** Reporters who left an address are asked "is it fixed?" this long after a report was marked fixed. */
    fixedQuestionDays: z.number().int().min(1).max(365).default(28),
    /** Contact details (address, network hash) are deleted this long after a report is closed. */
    contactRetentionDays: z.number().int().min(1).max(3650).default(90),
    /**
     * How much work the browser does before a report is sent (the proof of work's largest
     * number): more slows bots, and residents' phones too.
     */
    spamWorkMax: z.number().int().min(1_000).max(1_000_000).default(50_000),
    /** Photos as they arrived are kept this long after staff blurred or cropped them. */
    originalPhotoRetentionDays: z.number().int().min(1).max(3650).default(30),
    ...stateLabelSchema,
  }),
  fields: {
    duplicateRadiusMetres: { kind: 'number', labelKey: 'reports.settings.duplicateRadius', hintKey: 'reports.settings.duplicateRadiusHint', min: 10, max: 2000 },
    sensitiveGridMetres: { kind: 'number', labelKey: 'reports.settings.sensitiveGrid', hintKey: 'reports.settings.sensitiveGridHint', min: 50, max: 5000 },
    fixedQuestionDays: { kind: 'number', labelKey: 'reports.settings.fixedQuestionDays', hintKey: 'reports.settings.fixedQuestionDaysHint', min: 1, max: 365 },
    contactRetentionDays: { kind: 'number', labelKey: 'reports.settings.contactRetentionDays', hintKey: 'reports.settings.contactRetentionDaysHint', min: 1, max: 3650 },
    spamWorkMax: { kind: 'number', labelKey: 'reports.settings.spamWorkMax', hintKey: 'reports.settings.spamWorkMaxHint', min: 1_000, max: 1_000_000 },
    originalPhotoRetentionDays: { kind: 'number', labelKey: 'reports.settings.originalPhotoRetentionDays', hintKey: 'reports.settings.originalPhotoRetentionDaysHint', min: 1, max: 3650 },
    ...stateLabelFields,
  },
});

export type ReportSettings = SettingsValues<typeof reportSettings>;

export function reportSettingsOf(kommun: Kommun): ReportSettings {
  return moduleSettingsOf(kommun, 'reports', reportSettings);
}

/**
 * The one way a state is named, on public and staff pages and in mails: the kommun's own name
 * (Swedish pages; the setting holds Swedish), else the catalogue's.
 */
export function statusLabel(t: Translate, kommun: Kommun | null, locale: Locale, status: ReportStatus): string {
  const own = kommun && locale === 'sv' ? reportSettingsOf(kommun)[`stateLabel_${status}`] : '';
  return own || t(`reports.status.${status}`);
}
