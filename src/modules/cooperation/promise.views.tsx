// The public medborgarlöften: the index (current and past), a löfte's page with each promise's
// state and one merged timeline, its version history and old versions (marked as replaced), and
// the print version.
import { formatDate } from '../../platform/i18n/i18n.js';
import { Layout } from '../../platform/views/layout.js';
import { kommunPath, usePage } from '../../platform/views/page-context.js';
import { Period } from './cooperation.components.js';
import type { PromiseVersionRow } from './promise.repository.js';
import { promiseParties } from './promise.schemas.js';
import { coopPaths, encodeTimelineCursor } from './public.presenter.js';
import type { PromiseItemView, PromisePage } from './promise-public.service.js';
import { ActivityStateFacts, contentLang, FeedLink, FollowByEmailLink, LastUpdate, PromiseItemStateText, Timeline } from './public.views.js';

export function promiseCrumbs(version: PromiseVersionRow, last?: string) {
  const page = usePage();
  const { t } = page;
  return [
    { label: page.kommun?.name ?? '', href: kommunPath(page) },
    { label: t('cooperation.public.promisesTitle'), href: kommunPath(page, coopPaths.promises) },
    ...(last ? [{ label: version.title, href: kommunPath(page, coopPaths.promise(version.slug)) }, { label: last }] : [{ label: version.title }]),
  ];
}

export function EndedNotice({ version }: { version: PromiseVersionRow }) {
  const { t, locale } = usePage();
  if (version.status !== 'ended') return null;
  return (
    <div class="ds-alert coop-ended" data-color="warning">
      <p>
        <strong>{t('cooperation.public.endedTitle')}</strong> {t('cooperation.public.endedText', { date: formatDate(locale, `${version.periodEnd}T12:00:00Z`) })}
      </p>
    </div>
  );
}

/** The activities behind one promise, each with its current state. */
function LinkedActivities({ item, planSlugs }: { item: PromiseItemView; planSlugs: Map<string, string> }) {
  const page = usePage();
  const { t } = page;
  if (item.activities.length === 0) return <p>{t('cooperation.public.noLinkedActivity')}</p>;
  return (
    <ul class="coop-cards">
      {item.activities.map((activity) => {
        const planSlug = planSlugs.get(activity.planId);
        return (
          <li key={activity.id} class="coop-card">
            <p class="coop-card__title" lang={contentLang()}>
              {planSlug ? <a href={kommunPath(page, coopPaths.activity(planSlug, activity.slug))}>{activity.title}</a> : activity.title}
            </p>
            <dl class="coop-facts">
              <ActivityStateFacts activity={activity} />
              <dt>{t('cooperation.public.lastUpdate')}</dt>
              <dd>
                <LastUpdate date={activity.lastPublicUpdateOn} />
              </dd>
            </dl>
          </li>
        );
      })}
    </ul>
  );
}

/** Situation today, the promises grouped by who makes them, expected effect, follow-up, signatories. */
export function PromiseBody({ version, situationHtml, items, planSlugs, withStates }: { version: PromiseVersionRow; situationHtml: string; items: PromiseItemView[]; planSlugs: Map<string, string>; withStates: boolean }) {
  const { t } = usePage();
  const { content } = version;
  return (
    <>
      <dl class="coop-facts coop-facts--wide">
        <dt>{t('cooperation.public.period')}</dt>
        <dd>
          <Period start={version.periodStart} end={version.periodEnd} />
        </dd>
        <dt>{t('cooperation.public.planStatus')}</dt>
        <dd>{t(`cooperation.promiseStatus.${version.status}`)}</dd>
      </dl>
      {situationHtml ? (
        <section aria-labelledby="coop-situation">
          <h2 id="coop-situation" class="ds-heading" data-size="sm">
            {t('cooperation.public.situation')}
          </h2>
          <div lang={contentLang()} dangerouslySetInnerHTML={{ __html: situationHtml }} />
        </section>
      ) : null}
      <section aria-labelledby="coop-promises">
        <h2 id="coop-promises" class="ds-heading" data-size="sm">
          {t('cooperation.public.whatWeDo')}
        </h2>
        {promiseParties.map((party) => {
          const group = items.filter((item) => item.party === party);
          if (group.length === 0) return null;
          return (
            <div key={party} class="coop-promise-group">
              <h3 class="ds-heading" data-size="xs">
                {t(`cooperation.promiseParty.${party}`)} …
              </h3>
              <ul class="coop-promise-items">
                {group.map((item, index) => (
                  <li key={index} class="coop-promise-item">
                    <p class="coop-promise-item__text">
                      <span class="ds-sr-only">{t(`cooperation.promiseParty.${party}`)} </span>
                      <span lang={contentLang()}>{item.text}</span>
                    </p>
                    {withStates ? (
                      <>
                        <p class="coop-promise-item__state">
                          {t('cooperation.public.promiseState')} <PromiseItemStateText item={item} />
                        </p>
                        <LinkedActivities item={item} planSlugs={planSlugs} />
                      </>
                    ) : null}
                  </li>
                ))}
              </ul>
            </div>
          );
        })}
      </section>
      {content.expectedEffect ? (
        <section aria-labelledby="coop-effect">
          <h2 id="coop-effect" class="ds-heading" data-size="sm">
            {t('cooperation.public.expectedEffect')}
          </h2>
          <p lang={contentLang()}>{content.expectedEffect}</p>
        </section>
      ) : null}
      {content.followUp ? (
        <section aria-labelledby="coop-follow-up">
          <h2 id="coop-follow-up" class="ds-heading" data-size="sm">
            {t('cooperation.public.followUp')}
          </h2>
          <p lang={contentLang()}>{content.followUp}</p>
        </section>
      ) : null}
      {content.signatories.length > 0 ? (
        <section aria-labelledby="coop-signatories">
          <h2 id="coop-signatories" class="ds-heading" data-size="sm">
            {t('cooperation.public.signatories')}
          </h2>
          <ul class="coop-plain-list" lang={contentLang()}>
            {content.signatories.map((s, index) => (
              <li key={index}>
                {s.role}, {s.organisation}
              </li>
            ))}
          </ul>
        </section>
      ) : null}
    </>
  );
}

export function PromisePageView({ data, isFirstPage }: { data: PromisePage; isFirstPage: boolean }) {
  const page = usePage();
  const { t } = page;
  const { version } = data;
  const base = kommunPath(page, coopPaths.promise(version.slug));
  const olderHref = data.timeline.older ? `${base}?efter=${encodeURIComponent(encodeTimelineCursor(data.timeline.older))}#coop-timeline-heading` : null;
  return (
    <Layout
      title={version.title}
      breadcrumbs={promiseCrumbs(version)}
      head={<link rel="alternate" type="application/atom+xml" href={kommunPath(page, coopPaths.promiseFeed(version.slug))} title={t('cooperation.public.promiseFeedTitle', { title: version.title })} />}
    >
      <h1 class="ds-heading" data-size="lg" lang={contentLang()}>
        {version.title}
      </h1>
      <EndedNotice version={version} />
      <PromiseBody version={version} situationHtml={data.situationHtml} items={data.items} planSlugs={data.planSlugs} withStates />
      <Timeline timeline={data.timeline} olderHref={olderHref} newestHref={isFirstPage ? null : `${base}#coop-timeline-heading`} showTarget />
      {version.status === 'published' ? <FollowByEmailLink href={kommunPath(page, coopPaths.promiseSubscribe(version.slug))} title={version.title} /> : null}
      <section class="coop-more" aria-labelledby="coop-more-heading">
        <h2 id="coop-more-heading" class="ds-heading" data-size="sm">
          {t('cooperation.public.moreInformation')}
        </h2>
        <ul>
          <li>
            <a class="ds-link" href={kommunPath(page, coopPaths.promisePrint(version.slug))}>
              {t('cooperation.public.printVersion')}
            </a>
          </li>
          <li>
            <a class="ds-link" href={kommunPath(page, coopPaths.promisePdf(version.slug))} type="application/pdf">
              {t('cooperation.pdf.download')} (PDF)
            </a>
          </li>
          <li>
            <a class="ds-link" href={kommunPath(page, coopPaths.promiseVersions(version.slug))}>
              {t('cooperation.public.versionHistory')}
            </a>
          </li>
          <li>
            <FeedLink path={coopPaths.promiseFeed(version.slug)} label={t('cooperation.public.promiseFeedLink')} />
          </li>
        </ul>
      </section>
    </Layout>
  );
}

export function PromiseIndexPage({ promises, currentId }: { promises: PromiseVersionRow[]; currentId: string | undefined }) {
  const page = usePage();
  const { t } = page;
  const title = t('cooperation.public.promisesTitle');
  const current = promises.filter((p) => p.status === 'published');
  const past = promises.filter((p) => p.status !== 'published');
  const list = (rows: PromiseVersionRow[]) => (
    <ul class="coop-cards">
      {rows.map((p) => (
        <li key={p.id} class="coop-card">
          <h3 class="ds-heading coop-card__title" data-size="xs" lang={contentLang()}>
            <a class="ds-link" href={kommunPath(page, coopPaths.promise(p.slug))}>
              {p.title}
            </a>
          </h3>
          <p>
            <Period start={p.periodStart} end={p.periodEnd} /> · {t(`cooperation.promiseStatus.${p.status}`)}
            {p.promiseId === currentId ? ` · ${t('cooperation.public.currentMark')}` : null}
          </p>
        </li>
      ))}
    </ul>
  );
  return (
    <Layout title={title} breadcrumbs={[{ label: page.kommun?.name ?? '', href: kommunPath(page) }, { label: t('cooperation.public.landingTitle'), href: kommunPath(page, coopPaths.landing) }, { label: title }]}>
      <h1 class="ds-heading" data-size="lg">
        {title}
      </h1>
      <p class="lead">{t('cooperation.public.promisesLead')}</p>
      <h2 class="ds-heading" data-size="md">
        {t('cooperation.public.currentPromises')}
      </h2>
      {current.length === 0 ? <p>{t('cooperation.public.noCurrentPromise')}</p> : list(current)}
      <h2 class="ds-heading" data-size="md">
        {t('cooperation.public.pastPromises')}
      </h2>
      {past.length === 0 ? <p>{t('cooperation.public.noPastPromises')}</p> : list(past)}
      <p>
        <FeedLink path={coopPaths.feed} label={t('cooperation.public.feedLink')} />
      </p>
    </Layout>
  );
}

export function PromisePrintPage({ data, sourceUrl }: { data: Omit<PromisePage, 'timeline'>; sourceUrl: string }) {
  const page = usePage();
  const { t } = page;
  const { version } = data;
  return (
    <Layout title={t('cooperation.public.printTitle', { title: version.title })} breadcrumbs={promiseCrumbs(version, t('cooperation.public.printVersion'))}>
      <div class="coop-print">
        <p class="coop-print__note">
          {t('cooperation.public.printNote')}{' '}
          <a class="ds-link" href={kommunPath(page, coopPaths.promise(version.slug))}>
            {t('cooperation.public.backToPromise')}
          </a>
        </p>
        <h1 class="ds-heading" data-size="lg" lang={contentLang()}>
          {version.title}
        </h1>
        <EndedNotice version={version} />
        <PromiseBody version={version} situationHtml={data.situationHtml} items={data.items} planSlugs={data.planSlugs} withStates />
        <p class="coop-print__source">{t('cooperation.public.printSource', { url: sourceUrl })}</p>
      </div>
    </Layout>
  );
}
