import { z } from 'zod';
import { roles } from '../auth/roles.js';
import { idPattern } from '../db/ids.js';

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

// ---- addresses and queries -----------------------------------------------------------------

export const userIdParams = z.object({ userId: z.string().regex(idPattern) });
export const membershipIdParams = z.object({ membershipId: z.string().regex(idPattern) });

/** The (name, id) of the last person seen; one that cannot be read means the first page. */
const peopleCursor = z.string().max(600).optional().transform(decodePeopleCursor).catch(undefined).meta({ description: 'people.api.cursor' });
export const peopleListQuery = z.object({ efter: peopleCursor });
export const peopleApiListQuery = z.object({ after: peopleCursor });

// ---- JSON answers ----------------------------------------------------------------------------

const roleJson = z.object({ membershipId: z.string(), organisationId: z.string(), organisationName: z.string(), role: z.string(), accepted: z.boolean() });

export const peopleListResponse = z.object({
  data: z.array(z.object({ id: z.string(), name: z.string(), email: z.string(), status: z.enum(['invited', 'active', 'disabled']), hasTotp: z.boolean(), roles: z.array(roleJson) })),
  /** People whose only roles here are offers they have not answered, by address only. */
  pending: z.array(z.object({ id: z.string(), email: z.string(), roles: z.array(roleJson) })),
  next: z.string().nullable(),
});

export const invitationResponse = z.object({ data: z.object({ outcome: z.enum(['invited']) }) });
