import { z } from 'zod';

export const auditLimits = { pageSize: 50 } as const;

const isoDate = z.union([z.literal(''), z.iso.date({ error: 'audit.dateFormat' })]);

/** The GET filter form; empty fields mean "any". */
export const auditFilterSchema = z.object({
  person: z.string().trim().max(200).default(''),
  entityType: z.string().trim().max(60).default(''),
  action: z.string().trim().max(80).default(''),
  from: isoDate.default(''),
  to: isoDate.default(''),
  fore: z.string().max(40).optional(),
});

export type AuditFilterInput = z.infer<typeof auditFilterSchema>;

/** Start of the day after `date` (UTC), so a "to" date includes that whole day. */
export function dayAfter(date: string): string {
  const d = new Date(`${date}T00:00:00.000Z`);
  d.setUTCDate(d.getUTCDate() + 1);
  return d.toISOString();
}
