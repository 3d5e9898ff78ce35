// A löfte's public version history and its old versions: a published löfte is never changed, so
// every version residents could once read stays readable, an old one clearly marked as replaced.
import { formatDate } from '../../platform/i18n/i18n.js';
import { Layout } from '../../platform/views/layout.js';
import { kommunPath, usePage } from '../../platform/views/page-context.js';
import type { PromiseVersionRow } from './promise.repository.js';
import { EndedNotice, PromiseBody, promiseCrumbs } from './promise.views.js';
import { coopPaths } from './public.presenter.js';
import type { PromisePage } from './promise-public.service.js';
import { contentLang } from './public.views.js';

export function PromiseVersionsPage({ current, versions }: { current: PromiseVersionRow; versions: PromiseVersionRow[] }) {
  const page = usePage();
  const { t, locale } = page;
  const title = t('cooperation.public.versionHistory');
  return (
    <Layout title={`${title}: ${current.title}`} breadcrumbs={promiseCrumbs(current, title)}>
      <h1 class="ds-heading" data-size="lg">
        {title}: <span lang={contentLang()}>{current.title}</span>
      </h1>
      <p class="lead">{t('cooperation.public.versionsLead')}</p>
      <ol class="coop-cards" reversed>
        {versions.map((v) => (
          <li key={v.id} class="coop-card">
            <h2 class="ds-heading coop-card__title" data-size="xs">
              <a class="ds-link" href={kommunPath(page, coopPaths.promiseVersion(current.slug, v.versionNo))}>
                {t('cooperation.public.versionNo', { n: String(v.versionNo) })}
              </a>
            </h2>
            <p>
              {t(`cooperation.promiseStatus.${v.status}`)}
              {v.publishedAt ? ` · ${t('cooperation.public.publishedOn', { date: formatDate(locale, v.publishedAt) })}` : null}
              {v.versionNo === current.versionNo ? ` · ${t('cooperation.public.shownNow')}` : null}
            </p>
            {v.changeNote ? (
              <p>
                {t('cooperation.public.changeNote')} <span lang={contentLang()}>{v.changeNote}</span>
              </p>
            ) : null}
          </li>
        ))}
      </ol>
    </Layout>
  );
}

export function PromiseVersionPage({ data }: { data: Omit<PromisePage, 'timeline'> & { current: PromiseVersionRow } }) {
  const page = usePage();
  const { t, locale } = page;
  const { version, current } = data;
  const label = t('cooperation.public.versionNo', { n: String(version.versionNo) });
  const replaced = version.versionNo !== current.versionNo;
  return (
    <Layout title={`${version.title} – ${label}`} breadcrumbs={promiseCrumbs(current, label)}>
      <h1 class="ds-heading" data-size="lg">
        <span lang={contentLang()}>{version.title}</span> – {label}
      </h1>
      {replaced ? (
        <div class="ds-alert coop-replaced" data-color="warning">
          <p>
            <strong>{t('cooperation.public.replacedTitle')}</strong> {t('cooperation.public.replacedText', { n: String(current.versionNo) })}{' '}
            <a class="ds-link" href={kommunPath(page, coopPaths.promise(current.slug))}>
              {t('cooperation.public.readCurrent')}
            </a>
          </p>
        </div>
      ) : (
        <EndedNotice version={version} />
      )}
      {version.publishedAt ? <p>{t('cooperation.public.publishedOn', { date: formatDate(locale, version.publishedAt) })}</p> : null}
      <PromiseBody version={version} situationHtml={data.situationHtml} items={data.items} planSlugs={data.planSlugs} withStates={false} />
      <p>
        <a class="ds-link" href={kommunPath(page, coopPaths.promiseVersions(current.slug))}>
          {t('cooperation.public.versionHistory')}
        </a>
      </p>
    </Layout>
  );
}
