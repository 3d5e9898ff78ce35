import { z } from 'zod';
import { roles } from '../auth/roles.js';

export const peopleLimits = {
  pageSize: 50,
  /** Unanswered invitations shown above the list; more than this is unusual and said so. */
  pendingShown: 100,
  name: 200,
  email: 200,
} as const;

/** Same schema for the HTML invite form and a JSON client. */
export const inviteSchema = z.object({
  name: z.string().trim().min(1).max(peopleLimits.name),
  email: z.string().trim().min(1).max(peopleLimits.email).pipe(z.email({ error: 'validation.email' })),
  organisationId: z.string().trim().min(1, 'validation.chooseOne').max(40),
  role: z.enum(roles, { error: 'validation.chooseOne' }),
});

export type InviteInput = z.infer<typeof inviteSchema>;

export interface PeopleCursor {
  name: string;
  id: string;
}

export function encodePeopleCursor(c: PeopleCursor): string {
  return Buffer.from(JSON.stringify([c.name, c.id])).toString('base64url');
}

export function decodePeopleCursor(value: unknown): PeopleCursor | undefined {
  if (typeof value !== 'string' || value.length > 600) return undefined;
  try {
    const parsed: unknown = JSON.parse(Buffer.from(value, 'base64url').toString('utf8'));
    if (Array.isArray(parsed) && typeof parsed[0] === 'string' && typeof parsed[1] === 'string') return { name: parsed[0], id: parsed[1] };
  } catch {
    return undefined;
  }
  return undefined;
}
