import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { AppContext } from '../context.js';
import { ValidationError } from '../http/errors.js';
import { formValues, parseInput, safeLocalPath } from '../http/forms.js';
import { clearCookie, sessionTiming, setCookie, setFlash } from '../http/kernel.plugin.js';
import { ErrorSummary, Form, SubmitButton, TextField, emptyForm, type FormState } from '../views/components.js';
import { Layout } from '../views/layout.js';
import { kommunPath, usePage } from '../views/page-context.js';
import { sendPage } from '../views/render.js';
import { completeSecondFactor, signIn, signOut } from './auth.service.js';
import { deviceCookie } from './device-cookie.js';
import { SignInPausedError } from './sign-in-throttle.js';
import { findKommunerOfUser } from './session.repository.js';
import { passwordLimits } from './passwords.js';

export const signInSchema = z.object({
  email: z.string().trim().min(1).max(200),
  password: z.string().min(1).max(passwordLimits.max),
  tillbaka: z.string().max(500).optional(),
  kommun: z.string().max(60).optional(),
});

const totpSchema = z.object({
  code: z.string().trim().min(1).max(20),
  tillbaka: z.string().max(500).optional(),
  kommun: z.string().max(60).optional(),
});

/** Reached from a kommun's page, the form keeps the kommun's look and a way back to it. */
function BackToKommun() {
  const page = usePage();
  if (!page.kommun) return null;
  return (
    <p>
      <a class="ds-link" href={kommunPath(page)}>
        {page.t('auth.backToKommun', { name: page.kommun.name })}
      </a>
    </p>
  );
}

function SignInPage({ form, back, kommun }: { form: FormState; back: string; kommun: string }) {
  const { t } = usePage();
  return (
    <Layout title={t('auth.signInTitle')}>
      <div class="narrow">
        <h1 class="ds-heading" data-size="lg">
          {t('auth.signInTitle')}
        </h1>
        <p>{t('auth.signInLead')}</p>
        <ErrorSummary errors={form.errors} labels={{ email: t('auth.email'), password: t('auth.password') }} />
        <Form action="/logga-in">
          <input type="hidden" name="tillbaka" value={back} />
          <input type="hidden" name="kommun" value={kommun} />
          <TextField name="email" label={t('auth.email')} type="email" autocomplete="username" required form={form} maxLength={200} />
          <TextField name="password" label={t('auth.password')} type="password" autocomplete="current-password" required form={form} maxLength={passwordLimits.max} />
          <SubmitButton>{t('auth.signIn')}</SubmitButton>
        </Form>
        <p>
          <a class="ds-link" href="/glomt-losenord">
            {t('auth.forgotPassword')}
          </a>
        </p>
        <BackToKommun />
      </div>
    </Layout>
  );
}

function TotpPage({ form, back, kommun }: { form: FormState; back: string; kommun: string }) {
  const { t } = usePage();
  return (
    <Layout title={t('auth.totpTitle')}>
      <div class="narrow">
        <h1 class="ds-heading" data-size="lg">
          {t('auth.totpTitle')}
        </h1>
        <p>{t('auth.totpLead')}</p>
        <ErrorSummary errors={form.errors} labels={{ code: t('auth.totpCode') }} />
        <Form action="/logga-in/kod">
          <input type="hidden" name="tillbaka" value={back} />
          <input type="hidden" name="kommun" value={kommun} />
          <TextField name="code" label={t('auth.totpCode')} autocomplete="one-time-code" inputMode="numeric" required form={form} maxLength={20} />
          <SubmitButton>{t('auth.totpSubmit')}</SubmitButton>
        </Form>
      </div>
    </Layout>
  );
}

function ChooseKommunPage({ kommuner }: { kommuner: { slug: string; name: string }[] }) {
  const { t } = usePage();
  return (
    <Layout title={t('auth.chooseKommun')}>
      <h1 class="ds-heading" data-size="lg">
        {t('auth.chooseKommun')}
      </h1>
      {kommuner.length === 0 ? (
        <p>
          {t('auth.noKommun')}{' '}
          <a class="ds-link" href="/konto/roller">
            {t('account.roleOffers')}
          </a>
        </p>
      ) : null}
      <ul>
        {kommuner.map((k) => (
          <li key={k.slug}>
            <a class="ds-link" href={`/${k.slug}/admin`}>
              {k.name}
            </a>
          </li>
        ))}
      </ul>
    </Layout>
  );
}

function queryString(request: FastifyRequest, name: string): string {
  const value = (request.query as Record<string, unknown>)[name];
  return typeof value === 'string' && value.length <= 500 ? value : '';
}

/** Where to go after signing in: the page asked for, else the kommun's staff area, else a chooser. */
function destination(back: string | undefined, kommun: string | undefined): string {
  const fallback = kommun && /^[a-z0-9-]{1,60}$/.test(kommun) ? `/${kommun}/admin` : '/konto/kommuner';
  return safeLocalPath(back, fallback);
}

/** 429 with Retry-After for a pause, 422 for any other refusal; the form shows the message either way. */
export function pausedStatus(reply: FastifyReply, error: ValidationError): number {
  if (!(error instanceof SignInPausedError)) return 422;
  reply.header('retry-after', String(error.retryAfterSeconds));
  return 429;
}

export function registerAuthRoutes(app: FastifyInstance, ctx: AppContext): void {
  app.get('/logga-in', async (request, reply) => {
    if (request.actor) return reply.redirect(destination(queryString(request, 'tillbaka'), queryString(request, 'kommun')), 303);
    await request.showInKommun(queryString(request, 'kommun'));
    return sendPage(request, reply, <SignInPage form={emptyForm} back={queryString(request, 'tillbaka')} kommun={queryString(request, 'kommun')} />);
  });

  app.post('/logga-in', async (request, reply) => {
    const values = formValues(request.body);
    try {
      const input = parseInput(signInSchema, request.body);
      const result = await signIn(ctx, { email: input.email, password: input.password, ip: request.ip, deviceCookie: request.readCookie('device') });
      setCookie(reply, request, 'session', result.sessionToken, sessionTiming.idleMs / 1000);
      setCookie(reply, request, 'device', result.deviceCookie, deviceCookie.maxAgeDays * 86_400);
      if (result.needsSecondFactor) {
        const query = new URLSearchParams({ tillbaka: input.tillbaka ?? '', kommun: input.kommun ?? '' });
        return reply.redirect(`/logga-in/kod?${query.toString()}`, 303);
      }
      return reply.redirect(destination(input.tillbaka, input.kommun), 303);
    } catch (error) {
      if (error instanceof ValidationError) {
        await request.showInKommun(values.kommun ?? '');
        const page = <SignInPage form={{ values, errors: error.fields }} back={values.tillbaka ?? ''} kommun={values.kommun ?? ''} />;
        return sendPage(request, reply, page, pausedStatus(reply, error));
      }
      throw error;
    }
  });

  app.get('/logga-in/kod', async (request, reply) => {
    if (!request.session) return reply.redirect('/logga-in', 303);
    await request.showInKommun(queryString(request, 'kommun'));
    return sendPage(request, reply, <TotpPage form={emptyForm} back={queryString(request, 'tillbaka')} kommun={queryString(request, 'kommun')} />);
  });

  app.post('/logga-in/kod', async (request, reply) => {
    if (!request.session) return reply.redirect('/logga-in', 303);
    const values = formValues(request.body);
    try {
      const input = parseInput(totpSchema, request.body);
      await completeSecondFactor(ctx, { sessionIdHash: request.session.idHash, userId: request.session.userId, code: input.code });
      return reply.redirect(destination(input.tillbaka, input.kommun), 303);
    } catch (error) {
      if (error instanceof ValidationError) {
        const page = <TotpPage form={{ values: { ...values, code: '' }, errors: error.fields }} back={values.tillbaka ?? ''} kommun={values.kommun ?? ''} />;
        return sendPage(request, reply, page, pausedStatus(reply, error));
      }
      throw error;
    }
  });

  app.post('/logga-ut', async (request, reply: FastifyReply) => {
    const token = request.readCookie('session');
    if (token) await signOut(ctx, token);
    clearCookie(reply, request, 'session');
    setFlash(reply, request, 'auth.signedOut');
    return reply.redirect('/', 303);
  });

  app.get('/konto/kommuner', async (request, reply) => {
    if (!request.session || !(request.session.secondFactorDone || !request.session.user.hasTotp)) {
      return reply.redirect('/logga-in', 303);
    }
    const kommuner = await findKommunerOfUser(ctx.db, request.session.userId);
    if (kommuner.length === 1 && kommuner[0]) return reply.redirect(`/${kommuner[0].slug}/admin`, 303);
    return sendPage(request, reply, <ChooseKommunPage kommuner={kommuner} />);
  });
}
