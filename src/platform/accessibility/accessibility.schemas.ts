import { z } from 'zod';
import { idPattern } from '../db/ids.js';
import type { RateLimit } from '../http/rate-limit.js';

/** One set of limits for schema, form maxlength attributes and tests. */
export const accessibilityLimits = {
  pageUrl: 500,
  description: 4_000,
  replyEmail: 200,
  listPageSize: 25,
} as const;

/** Reports per IP address and hour; generous for a person, tight for a script. */
export const reportRateLimit: RateLimit = { name: 'a11y-report-ip', max: 5, windowSeconds: 3600 };

export const reportStatuses = ['open', 'handled'] as const;
export type ReportStatus = (typeof reportStatuses)[number];

/** Shared by the form on the statement page and POST /api/v1/{kommun}/accessibility-reports. */
export const reportInputSchema = z.object({
  pageUrl: z.string().trim().min(1).max(accessibilityLimits.pageUrl),
  description: z.string().trim().min(1).max(accessibilityLimits.description),
  replyEmail: z
    .string()
    .trim()
    .max(accessibilityLimits.replyEmail)
    .refine((v) => v === '' || z.email().safeParse(v).success, 'validation.email')
    .default(''),
});
export type ReportInput = z.output<typeof reportInputSchema>;

export const reportIdParams = z.object({ id: z.string().regex(idPattern) });

/** "Report a problem on this page" links pass the page along (sida). */
export const statementQuery = z.object({ sida: z.string().max(accessibilityLimits.pageUrl).optional().catch(undefined) });

const reportCursor = z.string().regex(idPattern).optional().catch(undefined);

/** The staff list: open or handled reports, older (efter) or newer (fore) than a report. */
export const reportListQuery = z.object({ status: z.enum(reportStatuses).catch('open').default('open'), efter: reportCursor, fore: reportCursor });

export const reportCreatedResponse = z.object({ data: z.object({ id: z.string(), status: z.literal('open') }) });
