import { z } from 'zod';
import { roles } from '../auth/roles.js';
import { locales } from '../i18n/i18n.js';
import { boundaryLimits, parseBoundary, type BoundaryGeometry } from './tenant.boundary.js';
import { hexColour } from './tenant.settings.js';

/** One set of limits for schemas, maxlength attributes and tests. */
export const tenantLimits = {
  name: 120,
  slug: 60,
  email: 200,
  phone: 50,
  address: 300,
  website: 300,
  logoAlt: 200,
  policeAreaName: 120,
  partnerName: 160,
  knownIssues: 5_000,
} as const;

export const kommunSlugPattern = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

/**
 * First path segments the application itself uses; a kommun with one of these addresses would be
 * shadowed by (or shadow) a platform route.
 */
export const reservedSlugs = new Set([
  'admin',
  'api',
  'assets',
  'filer',
  'healthz',
  'readyz',
  'logga-in',
  'logga-ut',
  'glomt-losenord',
  'aterstall-losenord',
  'inbjudan',
  'konto',
  'sprak',
  'visning',
  'favicon-ico',
  'robots-txt',
]);

export const partnerTypes = ['school', 'housing', 'association', 'kommun_unit', 'other'] as const;
export type PartnerType = (typeof partnerTypes)[number];

const text = (max: number) => z.string().trim().max(max);

/** Checkbox groups send nothing, one string or several; JSON sends an array. */
const stringList = z.preprocess((v) => (v === undefined || v === null || v === '' ? [] : Array.isArray(v) ? v : [v]), z.array(z.string()));

const optionalEmail = text(tenantLimits.email).refine((v) => v === '' || z.email().safeParse(v).success, 'validation.email');

const contactFields = {
  contactEmail: optionalEmail.default(''),
  contactPhone: text(tenantLimits.phone).default(''),
  contactAddress: text(tenantLimits.address).default(''),
};

const languagesField = stringList
  .pipe(z.array(z.enum(locales)).min(1, 'tenants.languagesRequired'))
  .refine((list) => list.includes('sv'), 'tenants.swedishRequired')
  .transform((list) => [...new Set(list)].sort((a, b) => locales.indexOf(a) - locales.indexOf(b)));

/** Shared by the "Lägg till kommun" form and POST /api/v1/admin/kommuner. */
export const newKommunSchema = z
  .object({
    name: text(tenantLimits.name).min(1),
    slug: z
      .string()
      .trim()
      .toLowerCase()
      .min(1)
      .max(tenantLimits.slug)
      .refine((s) => kommunSlugPattern.test(s), 'validation.slug')
      .refine((s) => !reservedSlugs.has(s), 'tenants.slugReserved'),
    primaryColour: z.string().trim().pipe(hexColour),
    ...contactFields,
    languages: languagesField,
    policeAreaId: z.string().trim().max(40).default(''),
    newPoliceAreaName: text(tenantLimits.policeAreaName).default(''),
  })
  .superRefine((input, ctx) => {
    if (input.policeAreaId === '' && input.newPoliceAreaName === '') {
      ctx.addIssue({ code: 'custom', path: ['policeAreaId'], message: 'tenants.policeAreaRequired' });
    }
    if (input.policeAreaId !== '' && input.newPoliceAreaName !== '') {
      ctx.addIssue({ code: 'custom', path: ['newPoliceAreaName'], message: 'tenants.policeAreaEitherOr' });
    }
  });
export type NewKommunInput = z.output<typeof newKommunSchema>;

export const linkPoliceAreaSchema = z
  .object({
    kommunId: z.string().trim().min(1).max(40),
    policeAreaId: z.string().trim().max(40).default(''),
    newPoliceAreaName: text(tenantLimits.policeAreaName).default(''),
  })
  .superRefine((input, ctx) => {
    if (input.policeAreaId === '' && input.newPoliceAreaName === '') {
      ctx.addIssue({ code: 'custom', path: ['policeAreaId'], message: 'tenants.policeAreaRequired' });
    }
    if (input.policeAreaId !== '' && input.newPoliceAreaName !== '') {
      ctx.addIssue({ code: 'custom', path: ['newPoliceAreaName'], message: 'tenants.policeAreaEitherOr' });
    }
  });
export type LinkPoliceAreaInput = z.output<typeof linkPoliceAreaSchema>;

export const partnerInputSchema = z.object({
  name: text(tenantLimits.partnerName).min(1),
  partnerType: z.enum(partnerTypes),
});
export type PartnerInput = z.output<typeof partnerInputSchema>;

const isoDate = z
  .string()
  .trim()
  .refine((v) => v === '' || (/^\d{4}-\d{2}-\d{2}$/.test(v) && !Number.isNaN(Date.parse(`${v}T00:00:00Z`))), 'tenants.dateFormat');

/** The kommun settings form (multipart, for the logo) and PUT /api/v1/{kommun}/settings. */
export const settingsInputSchema = z.object({
  name: text(tenantLimits.name).min(1),
  primaryColour: z.string().trim().pipe(hexColour),
  logoAlt: text(tenantLimits.logoAlt).default(''),
  removeLogo: z.preprocess((v) => v === true || v === 'on' || v === 'true' || v === '1', z.boolean()).default(false),
  ...contactFields,
  contactWebsite: text(tenantLimits.website)
    .refine((v) => v === '' || /^https?:\/\/[^\s]+$/.test(v), 'validation.url')
    .default(''),
  languages: languagesField,
  requireTotpForRoles: stringList.pipe(z.array(z.enum(roles))).transform((list) => roles.filter((r) => list.includes(r))),
  a11yLastReviewed: isoDate.default(''),
  a11yKnownIssuesSv: z.string().max(tenantLimits.knownIssues).default(''),
  a11yKnownIssuesEn: z.string().max(tenantLimits.knownIssues).default(''),
  /**
   * A new boundary as GeoJSON text (pasted, or an uploaded file's content put here by the route;
   * JSON clients may send the object). Empty keeps the stored one.
   */
  boundary: z
    .preprocess((v) => (typeof v === 'object' && v !== null ? JSON.stringify(v) : v), z.string().trim().max(boundaryLimits.fileBytes, 'tenants.boundary.tooLarge'))
    .default('')
    .transform((text, ctx): BoundaryGeometry | null => {
      if (text === '') return null;
      const parsed = parseBoundary(text);
      if (typeof parsed === 'string') {
        ctx.addIssue({ code: 'custom', message: parsed });
        return z.NEVER;
      }
      return parsed;
    }),
  /** Absent (a JSON client that does not know it) keeps the stored note. */
  boundarySource: text(boundaryLimits.source).optional(),
  removeBoundary: z.preprocess((v) => v === true || v === 'on' || v === 'true' || v === '1', z.boolean()).default(false),
});
export type SettingsInput = z.output<typeof settingsInputSchema>;
