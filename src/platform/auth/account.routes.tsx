// Account self-service pages: forgotten password, reset link, invitation link, "my account" with
// password change and the TOTP set-up the kernel sends people to when their role requires it.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { AppContext } from '../context.js';
import { UnauthenticatedError, ValidationError } from '../http/errors.js';
import { formValues, parseInput, safeLocalPath } from '../http/forms.js';
import { setFlash } from '../http/kernel.plugin.js';
import { emptyForm } from '../views/components.js';
import { sendPage } from '../views/render.js';
import { findKommunBySlug } from '../tenants/tenant.repository.js';
import { changePasswordSchema, forgotPasswordSchema, linkTokenPattern, newPasswordSchema, totpCodeSchema, totpSetupSchema } from './account.schemas.js';
import { changePassword, disableTotp, enableTotp, inspectToken, prepareTotp, reopenTotpSetup, requestPasswordReset, setPasswordWithToken, TokenUnusableError } from './account.service.js';
import { pausedStatus } from './auth.routes.js';
import { AcceptInvitePage, AccountPage, ForgotPasswordPage, ForgotPasswordSentPage, ResetPasswordPage, TokenProblemPage, TotpSetupPage } from './account.views.js';
import { findUserById } from './user.repository.js';
import type { TokenPurpose } from './token.repository.js';
import { totpSetupPath } from './totp-policy.js';

export { totpSetupPath as totpSetUpPath };

function tokenStatus(reason: 'unknown' | 'used' | 'expired'): number {
  return reason === 'unknown' ? 404 : 410;
}

function signedIn(request: FastifyRequest) {
  if (!request.actor || !request.session) throw new UnauthenticatedError();
  return { actor: request.actor, session: request.session };
}

function queryValue(request: FastifyRequest, name: string): string {
  const value = (request.query as Record<string, unknown>)[name];
  return typeof value === 'string' && value.length <= 500 ? value : '';
}

export function registerAccountRoutes(app: FastifyInstance, ctx: AppContext): void {
  app.get('/glomt-losenord', async (request, reply) => sendPage(request, reply, <ForgotPasswordPage form={emptyForm} />));

  app.post('/glomt-losenord', async (request, reply) => {
    const values = formValues(request.body);
    try {
      const input = parseInput(forgotPasswordSchema, request.body);
      await requestPasswordReset(ctx, { email: input.email, ip: request.ip, locale: request.locale });
      // Same answer whether or not the account exists.
      return sendPage(request, reply, <ForgotPasswordSentPage />);
    } catch (error) {
      if (error instanceof ValidationError) return sendPage(request, reply, <ForgotPasswordPage form={{ values, errors: error.fields }} />, 422);
      throw error;
    }
  });

  const linkRoutes = (path: string, purpose: TokenPurpose, doneMessage: string) => {
    app.get(`${path}/:token`, async (request, reply) => {
      const { token } = request.params as { token: string };
      const state = linkTokenPattern.test(token) ? await inspectToken(ctx, token, purpose) : ({ ok: false, reason: 'unknown' } as const);
      if (!state.ok) return sendPage(request, reply, <TokenProblemPage reason={state.reason} purpose={purpose} />, tokenStatus(state.reason));
      return sendPage(
        request,
        reply,
        purpose === 'reset' ? (
          <ResetPasswordPage form={emptyForm} token={token} email={state.user.email} />
        ) : (
          <AcceptInvitePage form={emptyForm} token={token} name={state.user.name} email={state.user.email} />
        ),
      );
    });

    app.post(`${path}/:token`, async (request, reply) => {
      const { token } = request.params as { token: string };
      if (!linkTokenPattern.test(token)) return sendPage(request, reply, <TokenProblemPage reason="unknown" purpose={purpose} />, 404);
      const values = formValues(request.body);
      try {
        const input = parseInput(newPasswordSchema, request.body);
        await setPasswordWithToken(ctx, { token, purpose, password: input.password, ip: request.ip });
        setFlash(reply, request, doneMessage);
        return reply.redirect('/logga-in', 303);
      } catch (error) {
        if (error instanceof TokenUnusableError) return sendPage(request, reply, <TokenProblemPage reason={error.reason} purpose={purpose} />, tokenStatus(error.reason));
        if (error instanceof ValidationError) {
          const state = await inspectToken(ctx, token, purpose);
          if (!state.ok) return sendPage(request, reply, <TokenProblemPage reason={state.reason} purpose={purpose} />, tokenStatus(state.reason));
          const form = { values, errors: error.fields };
          return sendPage(
            request,
            reply,
            purpose === 'reset' ? (
              <ResetPasswordPage form={form} token={token} email={state.user.email} />
            ) : (
              <AcceptInvitePage form={form} token={token} name={state.user.name} email={state.user.email} />
            ),
            422,
          );
        }
        throw error;
      }
    });
  };
  linkRoutes('/aterstall', 'reset', 'account.passwordReset');
  linkRoutes('/inbjudan', 'invite', 'account.inviteAccepted');

  app.get('/konto', async (request, reply) => {
    const { actor } = signedIn(request);
    const user = await findUserById(ctx.db, actor.userId);
    return sendPage(request, reply, <AccountPage passwordForm={emptyForm} totpForm={emptyForm} hasTotp={user?.totpEnabledAt != null} />);
  });

  app.post('/konto/losenord', async (request, reply) => {
    const { actor, session } = signedIn(request);
    const values = formValues(request.body);
    try {
      const input = parseInput(changePasswordSchema, request.body);
      await changePassword(ctx, { userId: actor.userId, current: input.current, password: input.password, keepSessionHash: session.idHash });
      setFlash(reply, request, 'account.passwordChanged');
      return reply.redirect('/konto', 303);
    } catch (error) {
      if (error instanceof ValidationError) {
        return sendPage(request, reply, <AccountPage passwordForm={{ values, errors: error.fields }} totpForm={emptyForm} hasTotp={session.user.hasTotp} />, 422);
      }
      throw error;
    }
  });

  app.get(totpSetupPath, async (request, reply) => {
    const { actor } = signedIn(request);
    const setup = await prepareTotp(ctx, actor.userId);
    if (!setup) return reply.redirect('/konto', 303);
    const kommunSlug = queryValue(request, 'kommun');
    const kommun = /^[a-z0-9-]{1,60}$/.test(kommunSlug) ? await findKommunBySlug(ctx.db, kommunSlug) : undefined;
    return sendPage(request, reply, <TotpSetupPage setup={setup} form={emptyForm} back={queryValue(request, 'tillbaka')} requiredIn={kommun?.name ?? null} />);
  });

  app.post(totpSetupPath, async (request, reply) => {
    const { actor, session } = signedIn(request);
    const values = formValues(request.body);
    try {
      const input = parseInput(totpSetupSchema, request.body);
      await enableTotp(ctx, { userId: actor.userId, code: input.code, setup: input.setup, sessionIdHash: session.idHash });
      setFlash(reply, request, 'account.totpEnabled');
      return reply.redirect(safeLocalPath(input.tillbaka, '/konto'), 303);
    } catch (error) {
      if (error instanceof ValidationError) {
        // The same secret again (the person may have scanned it already), or a new one if the form's is unreadable.
        const setup = (await reopenTotpSetup(ctx, actor.userId, values.setup)) ?? (await prepareTotp(ctx, actor.userId));
        if (!setup) return reply.redirect('/konto', 303);
        const page = <TotpSetupPage setup={setup} form={{ values: { ...values, code: '' }, errors: error.fields }} back={values.tillbaka ?? ''} requiredIn={null} />;
        return sendPage(request, reply, page, pausedStatus(reply, error));
      }
      throw error;
    }
  });

  app.post(`${totpSetupPath}/stang-av`, async (request, reply) => {
    const { actor, session } = signedIn(request);
    const values = formValues(request.body);
    try {
      const input = parseInput(totpCodeSchema, request.body);
      await disableTotp(ctx, { userId: actor.userId, code: input.code, sessionIdHash: session.idHash });
      setFlash(reply, request, 'account.totpDisabled');
      return reply.redirect('/konto', 303);
    } catch (error) {
      if (error instanceof ValidationError) {
        const page = <AccountPage passwordForm={emptyForm} totpForm={{ values: { ...values, code: '' }, errors: error.fields }} hasTotp />;
        return sendPage(request, reply, page, pausedStatus(reply, error));
      }
      throw error;
    }
  });
}
