import { z } from 'zod';
import { passwordLimits } from './passwords.js';

export const tokenLimits = {
  resetHours: 1,
  inviteDays: 7,
} as const;

export const forgotPasswordSchema = z.object({
  email: z.string().trim().min(1).max(200).pipe(z.email({ error: 'validation.email' })),
});

const newPassword = z.string().min(passwordLimits.min).max(passwordLimits.max);

export const newPasswordSchema = z
  .object({
    password: newPassword,
    repeat: z.string().min(1).max(passwordLimits.max),
  })
  .refine((v) => v.password === v.repeat, { path: ['repeat'], message: 'account.passwordsDiffer' });

export const changePasswordSchema = z
  .object({
    current: z.string().min(1).max(passwordLimits.max),
    password: newPassword,
    repeat: z.string().min(1).max(passwordLimits.max),
  })
  .refine((v) => v.password === v.repeat, { path: ['repeat'], message: 'account.passwordsDiffer' });

export const totpCodeSchema = z.object({
  code: z.string().trim().min(1).max(20),
  tillbaka: z.string().max(500).optional(),
});

/** Turning TOTP on: the code and the set-up secret, sealed, that the form carries. */
export const totpSetupSchema = totpCodeSchema.extend({
  setup: z.string().max(500).optional(),
});

/** A link token as sent in mails: 43 base64url characters (32 random bytes). */
export const linkTokenPattern = /^[A-Za-z0-9_-]{20,100}$/;
