import { ErrorSummary, Form, SubmitButton, TextField, type FormState } from '../views/components.js';
import { Layout } from '../views/layout.js';
import { usePage } from '../views/page-context.js';
import { passwordLimits } from './passwords.js';
import type { TotpSetup } from './account.service.js';

function Narrow({ title, children }: { title: string; children: preact.ComponentChildren }) {
  return (
    <Layout title={title}>
      <div class="narrow">
        <h1 class="ds-heading" data-size="lg">
          {title}
        </h1>
        {children}
      </div>
    </Layout>
  );
}

export function ForgotPasswordPage({ form }: { form: FormState }) {
  const { t } = usePage();
  return (
    <Narrow title={t('account.forgotTitle')}>
      <p>{t('account.forgotLead')}</p>
      <ErrorSummary errors={form.errors} labels={{ email: t('auth.email') }} />
      <Form action="/glomt-losenord">
        <TextField name="email" label={t('auth.email')} type="email" autocomplete="username" required form={form} maxLength={200} />
        <SubmitButton>{t('account.forgotSubmit')}</SubmitButton>
      </Form>
    </Narrow>
  );
}

export function ForgotPasswordSentPage() {
  const { t } = usePage();
  return (
    <Narrow title={t('account.forgotSentTitle')}>
      <p>{t('account.forgotSent')}</p>
      <p>
        <a class="ds-link" href="/logga-in">
          {t('account.backToSignIn')}
        </a>
      </p>
    </Narrow>
  );
}

function PasswordFields({ form }: { form: FormState }) {
  const { t } = usePage();
  return (
    <>
      <TextField name="password" label={t('account.newPassword')} type="password" autocomplete="new-password" required form={form} maxLength={passwordLimits.max} />
      <TextField name="repeat" label={t('account.repeatPassword')} type="password" autocomplete="new-password" required form={form} maxLength={passwordLimits.max} />
    </>
  );
}

export function ResetPasswordPage({ form, token, email }: { form: FormState; token: string; email: string }) {
  const { t } = usePage();
  return (
    <Narrow title={t('account.resetTitle')}>
      <p>{t('account.resetLead', { min: passwordLimits.min })}</p>
      <ErrorSummary errors={form.errors} labels={{ password: t('account.newPassword'), repeat: t('account.repeatPassword') }} />
      <Form action={`/aterstall/${token}`}>
        {/* Lets password managers store the new password under the right account. */}
        <input type="hidden" name="username" autocomplete="username" value={email} />
        <PasswordFields form={form} />
        <SubmitButton>{t('account.savePassword')}</SubmitButton>
      </Form>
    </Narrow>
  );
}

export function AcceptInvitePage({ form, token, name, email }: { form: FormState; token: string; name: string; email: string }) {
  const { t } = usePage();
  return (
    <Narrow title={t('account.inviteTitle')}>
      <p>{t('account.inviteLead', { name, email, min: passwordLimits.min })}</p>
      <ErrorSummary errors={form.errors} labels={{ password: t('account.newPassword'), repeat: t('account.repeatPassword') }} />
      <Form action={`/inbjudan/${token}`}>
        <input type="hidden" name="username" autocomplete="username" value={email} />
        <PasswordFields form={form} />
        <SubmitButton>{t('account.savePassword')}</SubmitButton>
      </Form>
    </Narrow>
  );
}

export function TokenProblemPage({ reason, purpose }: { reason: 'unknown' | 'used' | 'expired'; purpose: 'reset' | 'invite' }) {
  const { t } = usePage();
  return (
    <Narrow title={t('account.tokenTitle')}>
      <p>{t(`account.token_${reason}`)}</p>
      <p>
        {purpose === 'reset' ? (
          <a class="ds-link" href="/glomt-losenord">
            {t('account.requestNewLink')}
          </a>
        ) : (
          <a class="ds-link" href="/logga-in">
            {t('account.backToSignIn')}
          </a>
        )}
      </p>
    </Narrow>
  );
}

export function AccountPage({ passwordForm, totpForm, hasTotp }: { passwordForm: FormState; totpForm: FormState; hasTotp: boolean }) {
  const { t, actor } = usePage();
  return (
    <Narrow title={t('account.title')}>
      <p>{t('account.signedInAs', { name: actor?.name ?? '', email: actor?.email ?? '' })}</p>
      <p>
        <a class="ds-link" href="/konto/kommuner">
          {t('account.myKommuner')}
        </a>
      </p>
      <p>
        <a class="ds-link" href="/konto/roller">
          {t('account.roleOffers')}
        </a>
      </p>
      <p>
        <a class="ds-link" href="/konto/api-nycklar">
          {t('account.apiTokensLink')}
        </a>
      </p>
      <h2 class="ds-heading" data-size="md">
        {t('account.changePasswordTitle')}
      </h2>
      <ErrorSummary errors={passwordForm.errors} labels={{ current: t('account.currentPassword'), password: t('account.newPassword'), repeat: t('account.repeatPassword') }} />
      <Form action="/konto/losenord">
        <input type="hidden" name="username" autocomplete="username" value={actor?.email ?? ''} />
        <TextField name="current" label={t('account.currentPassword')} type="password" autocomplete="current-password" required form={passwordForm} maxLength={passwordLimits.max} />
        <PasswordFields form={passwordForm} />
        <SubmitButton>{t('account.savePassword')}</SubmitButton>
      </Form>
      <h2 class="ds-heading" data-size="md">
        {t('account.totpTitle')}
      </h2>
      {hasTotp ? (
        <>
          <p>{t('account.totpOn')}</p>
          <h3 class="ds-heading" data-size="sm">
            {t('account.totpDisableTitle')}
          </h3>
          <ErrorSummary errors={totpForm.errors} labels={{ code: t('auth.totpCode') }} />
          <Form action="/konto/tvastegsverifiering/stang-av">
            <TextField name="code" label={t('auth.totpCode')} autocomplete="one-time-code" inputMode="numeric" required form={totpForm} maxLength={20} />
            <SubmitButton variant="secondary">{t('account.totpDisable')}</SubmitButton>
          </Form>
        </>
      ) : (
        <>
          <p>{t('account.totpOff')}</p>
          <p>
            <a class="ds-link" href="/konto/tvastegsverifiering">
              {t('account.totpSetUpLink')}
            </a>
          </p>
        </>
      )}
    </Narrow>
  );
}

export function TotpSetupPage({ setup, form, back, requiredIn }: { setup: TotpSetup; form: FormState; back: string; requiredIn: string | null }) {
  const { t } = usePage();
  return (
    <Narrow title={t('account.totpSetupTitle')}>
      {requiredIn ? (
        <div class="ds-alert" data-color="warning" role="status">
          <p>{t('account.totpRequired', { kommun: requiredIn })}</p>
        </div>
      ) : null}
      <p>{t('account.totpStep1')}</p>
      <p>{t('account.totpStep2')}</p>
      <p>
        <img src={setup.qrDataUri} alt={t('account.totpQrAlt')} width={200} height={200} />
      </p>
      <p>
        {t('account.totpSecret')}: <code data-totp-secret>{setup.secret}</code>
      </p>
      <p>{t('account.totpStep3')}</p>
      <ErrorSummary errors={form.errors} labels={{ code: t('auth.totpCode') }} />
      <Form action="/konto/tvastegsverifiering">
        <input type="hidden" name="tillbaka" value={back} />
        <input type="hidden" name="setup" value={setup.sealed} />
        <TextField name="code" label={t('auth.totpCode')} autocomplete="one-time-code" inputMode="numeric" required form={form} maxLength={20} />
        <SubmitButton>{t('account.totpConfirm')}</SubmitButton>
      </Form>
    </Narrow>
  );
}
