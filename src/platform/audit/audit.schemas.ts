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
  fore: z.string().max(80).optional(),
});

export type AuditFilterInput = z.infer<typeof auditFilterSchema>;

/** Start of the day after `date` (UTC), so a "to" date includes that whole day. */
export function dayAfter(date: string): string {
  const d = new Date(`${date}T00:00:00.000Z`);
  d.setUTCDate(d.getUTCDate() + 1);
  return d.toISOString();
}

/** The "older" cursor in the URL: "<ISO time>_<id>". */
export function encodeAuditCursor(entry: { at: string; id: string }): string {
  return `${entry.at}_${entry.id}`;
}

export function decodeAuditCursor(value: string | undefined): { at: string; id: string } | undefined {
  const match = value ? /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{1,6})?Z)_([0-9a-f-]{36})$/.exec(value) : null;
  return match?.[1] && match[2] ? { at: match[1], id: match[2] } : undefined;
}
