import { formatDateTime } from '../i18n/i18n.js';
import { KeysetPagination, ScrollRegion } from '../views/components.js';
import { Layout } from '../views/layout.js';
import { kommunPath, usePage } from '../views/page-context.js';
import { secretPlaceholder, type OutboxEntry } from './mail.js';

function crumbs(page: ReturnType<typeof usePage>, last: { label: string; href?: string }[]) {
  return [{ label: page.kommun?.name ?? '', href: kommunPath(page) }, { label: page.t('staff.dashboard'), href: kommunPath(page, 'admin') }, ...last];
}

export function OutboxPage({
  entries,
  olderHref,
  firstHref,
  smtpConfigured,
  catcherAvailable,
}: {
  entries: OutboxEntry[];
  olderHref: string | null;
  firstHref: string | null;
  smtpConfigured: boolean;
  catcherAvailable: boolean;
}) {
  const page = usePage();
  const { t, locale } = page;
  const base = kommunPath(page, 'admin/utkorg');
  return (
    <Layout title={t('mail.title')} staff breadcrumbs={crumbs(page, [{ label: t('mail.title') }])}>
      <h1 class="ds-heading" data-size="lg">
        {t('mail.title')}
      </h1>
      <p class="lead">{t('mail.lead', { kommun: page.kommun?.name ?? '' })}</p>
      {smtpConfigured ? null : <p>{t('mail.noSmtp')}</p>}
      <p>{t('mail.secretsHidden')}</p>
      {catcherAvailable ? (
        <p>
          {t('mail.catcherHint')}{' '}
          <a class="ds-link" href="/utveckling/e-post">
            {t('mail.catcherLink')}
          </a>
        </p>
      ) : null}
      {entries.length === 0 ? (
        <p>{t('mail.empty')}</p>
      ) : (
        <ScrollRegion label={t('mail.caption')}>
          <table class="ds-table admin-table" data-outbox-table>
            <caption>{t('mail.caption')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('mail.created')}</th>
                <th scope="col">{t('mail.subject')}</th>
                <th scope="col">{t('mail.to')}</th>
                <th scope="col">{t('mail.status')}</th>
                <th scope="col">{t('mail.attempts')}</th>
                <th scope="col">{t('mail.lastError')}</th>
              </tr>
            </thead>
            <tbody>
              {entries.map((m) => (
                <tr key={m.id}>
                  <td>
                    <time datetime={m.createdAt}>{formatDateTime(locale, m.createdAt)}</time>
                  </td>
                  <th scope="row">
                    <a class="ds-link" href={`${base}/${m.id}`}>
                      {m.subject}
                    </a>
                  </th>
                  <td>{m.to || t('mail.hiddenRecipient')}</td>
                  <td>{t(`mail.status.${m.status}`)}</td>
                  <td>{m.attempts}</td>
                  <td>{m.lastError ?? t('mail.none')}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </ScrollRegion>
      )}
      <KeysetPagination newerHref={firstHref} olderHref={olderHref} />
    </Layout>
  );
}

export function OutboxMailPage({ mail }: { mail: OutboxEntry }) {
  const page = usePage();
  const { t, locale } = page;
  return (
    <Layout title={mail.subject} staff breadcrumbs={crumbs(page, [{ label: t('mail.title'), href: kommunPath(page, 'admin/utkorg') }, { label: mail.subject }])}>
      <h1 class="ds-heading" data-size="lg">
        {mail.subject}
      </h1>
      <dl class="mail-meta">
        <dt>{t('mail.to')}</dt>
        <dd>{mail.to || t('mail.hiddenRecipient')}</dd>
        <dt>{t('mail.created')}</dt>
        <dd>
          <time datetime={mail.createdAt}>{formatDateTime(locale, mail.createdAt)}</time>
        </dd>
        <dt>{t('mail.status')}</dt>
        <dd>{t(`mail.status.${mail.status}`)}</dd>
        <dt>{t('mail.attempts')}</dt>
        <dd>{mail.attempts}</dd>
        {mail.status === 'queued' ? (
          <>
            <dt>{t('mail.nextAttempt')}</dt>
            <dd>
              <time datetime={mail.nextAttemptAt}>{formatDateTime(locale, mail.nextAttemptAt)}</time>
            </dd>
          </>
        ) : null}
        <dt>{t('mail.sentAt')}</dt>
        <dd>{mail.sentAt ? <time datetime={mail.sentAt}>{formatDateTime(locale, mail.sentAt)}</time> : t('mail.none')}</dd>
        <dt>{t('mail.lastError')}</dt>
        <dd>{mail.lastError ?? t('mail.none')}</dd>
      </dl>
      <h2 class="ds-heading" data-size="sm">
        {t('mail.body')}
      </h2>
      <ScrollRegion label={t('mail.body')}>
        <pre class="mail-body">{mail.text.split(secretPlaceholder).join(t('mail.secretNote'))}</pre>
      </ScrollRegion>
      <p>
        <a class="ds-link" href={kommunPath(page, 'admin/utkorg')}>
          {t('mail.back')}
        </a>
      </p>
    </Layout>
  );
}

/** The developer's mail catcher (demo mode only): every mail as its addressee reads it. */
export function DeveloperMailPage({ mails }: { mails: (OutboxEntry & { text: string })[] }) {
  const { t, locale } = usePage();
  return (
    <Layout title={t('mail.catcherTitle')}>
      <h1 class="ds-heading" data-size="lg">
        {t('mail.catcherTitle')}
      </h1>
      <p class="lead">{t('mail.catcherLead')}</p>
      {mails.length === 0 ? <p>{t('mail.empty')}</p> : null}
      {mails.map((m) => (
        <article class="dev-mail" key={m.id} aria-labelledby={`mail-${m.id}`}>
          <h2 class="ds-heading" data-size="sm" id={`mail-${m.id}`}>
            {m.subject}
          </h2>
          <p>
            {t('mail.to')}: {m.to || t('mail.hiddenRecipient')} · <time datetime={m.createdAt}>{formatDateTime(locale, m.createdAt)}</time> · {t(`mail.status.${m.status}`)}
          </p>
          <ScrollRegion label={t('mail.bodyOf', { subject: m.subject })}>
            <pre class="mail-body">{m.text}</pre>
          </ScrollRegion>
        </article>
      ))}
    </Layout>
  );
}
