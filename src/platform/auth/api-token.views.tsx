import { formatDate } from '../i18n/i18n.js';
import { ErrorSummary, Form, SubmitButton, TextField, type FormState } from '../views/components.js';
import { Layout } from '../views/layout.js';
import { usePage } from '../views/page-context.js';
import type { ApiTokenRecord } from './api-token.repository.js';
import { apiTokenLimits } from './api-token.schemas.js';

export const apiTokensPath = '/konto/api-nycklar';

export interface ApiTokensPageProps {
  tokens: ApiTokenRecord[];
  form: FormState;
  /** The token just made: shown on this one page and never again. */
  created: { name: string; token: string; baseUrl: string } | null;
  now: Date;
}

export function ApiTokensPage({ tokens, form, created, now }: ApiTokensPageProps) {
  const { t } = usePage();
  const nowIso = now.toISOString();
  const live = tokens.filter((token) => token.revokedAt === null && token.expiresAt > nowIso).length;
  return (
    <Layout title={t('account.apiTokensTitle')} breadcrumbs={[{ label: t('account.title'), href: '/konto' }, { label: t('account.apiTokensTitle') }]}>
      <h1 class="ds-heading" data-size="lg">
        {t('account.apiTokensTitle')}
      </h1>
      <p>{t('account.apiTokensLead')}</p>
      <p>
        <a class="ds-link" href="/api">
          {t('account.apiTokensReference')}
        </a>
      </p>
      {created ? <CreatedToken created={created} /> : null}
      <h2 class="ds-heading" data-size="md">
        {t('account.apiTokenNewTitle')}
      </h2>
      {live >= apiTokenLimits.maxLive && Object.keys(form.errors).length === 0 ? (
        <p>{t('account.apiTokenTooMany', { n: apiTokenLimits.maxLive })}</p>
      ) : (
        <>
          <ErrorSummary errors={form.errors} labels={{ name: t('account.apiTokenName'), days: t('account.apiTokenDays') }} />
          <Form action={apiTokensPath}>
            <TextField name="name" label={t('account.apiTokenName')} hint={t('account.apiTokenNameHint', { n: apiTokenLimits.nameMax })} required form={form} maxLength={apiTokenLimits.nameMax} autocomplete="off" />
            <TextField
              name="days"
              label={t('account.apiTokenDays')}
              hint={t('account.apiTokenDaysHint', { max: apiTokenLimits.maxDays, default: apiTokenLimits.defaultDays })}
              inputMode="numeric"
              form={form}
              maxLength={3}
              defaultValue={String(apiTokenLimits.defaultDays)}
              autocomplete="off"
            />
            <SubmitButton>{t('account.apiTokenCreate')}</SubmitButton>
          </Form>
        </>
      )}
      <h2 class="ds-heading" data-size="md">
        {t('account.apiTokenListTitle')}
      </h2>
      {tokens.length === 0 ? <p>{t('account.apiTokenNone')}</p> : <TokenTable tokens={tokens} nowIso={nowIso} />}
      <p>{t('account.apiTokenEndedNote', { days: apiTokenLimits.listedAfterEndDays })}</p>
    </Layout>
  );
}

function CreatedToken({ created }: { created: { name: string; token: string; baseUrl: string } }) {
  const { t } = usePage();
  const example = `curl -H "Authorization: Bearer ${created.token}" ${created.baseUrl}/api/v1/{kommun}/content/{id}`;
  return (
    <section class="ds-alert" data-color="success" aria-labelledby="new-api-token">
      <h2 class="ds-heading" data-size="sm" id="new-api-token">
        {t('account.apiTokenCreatedTitle')}
      </h2>
      <p>{t('account.apiTokenCreatedLead', { name: created.name })}</p>
      <p>
        <label for="new-api-token-value">{t('account.apiTokenValue')}</label>
      </p>
      <p>
        <input class="ds-input" id="new-api-token-value" type="text" readOnly value={created.token} autocomplete="off" spellcheck={false} data-new-api-token size={created.token.length} />
      </p>
      <p>{t('account.apiTokenUsage')}</p>
      <pre>
        <code>{example}</code>
      </pre>
    </section>
  );
}

function TokenTable({ tokens, nowIso }: { tokens: ApiTokenRecord[]; nowIso: string }) {
  const { t, locale } = usePage();
  const date = (iso: string) => formatDate(locale, iso);
  return (
    <table class="ds-table admin-table stack-table" data-api-tokens>
      <caption>{t('account.apiTokenListCaption')}</caption>
      <thead>
        <tr>
          <th scope="col">{t('account.apiTokenName')}</th>
          <th scope="col">{t('account.apiTokenCreated')}</th>
          <th scope="col">{t('account.apiTokenLastUsed')}</th>
          <th scope="col">{t('account.apiTokenExpires')}</th>
          <th scope="col">{t('account.apiTokenState')}</th>
        </tr>
      </thead>
      <tbody>
        {tokens.map((token) => {
          const live = token.revokedAt === null && token.expiresAt > nowIso;
          return (
            <tr key={token.id} data-api-token-id={token.id}>
              <th scope="row" data-label={t('account.apiTokenName')}>
                {token.name}
              </th>
              <td data-label={t('account.apiTokenCreated')}>{date(token.createdAt)}</td>
              <td data-label={t('account.apiTokenLastUsed')}>{token.lastUsedAt ? date(token.lastUsedAt) : t('account.apiTokenNeverUsed')}</td>
              <td data-label={t('account.apiTokenExpires')}>{date(token.expiresAt)}</td>
              <td data-label={t('account.apiTokenState')}>
                {live ? (
                  <Form action={`${apiTokensPath}/${token.id}/aterkalla`} class="inline-form">
                    <button type="submit" class="ds-button" data-variant="secondary" aria-label={t('account.apiTokenRevokeNamed', { name: token.name })}>
                      {t('account.apiTokenRevoke')}
                    </button>
                  </Form>
                ) : token.revokedAt ? (
                  t('account.apiTokenRevokedOn', { date: date(token.revokedAt) })
                ) : (
                  t('account.apiTokenExpired')
                )}
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
