// The public activity page /{kommun}/atgardsplaner/{plan}/{activity}: every Brå field, the state
// in words, the löften it is part of, its indicators (table now, chart beside it later) and the
// public follow-up timeline.
import { Layout } from '../../platform/views/layout.js';
import { kommunPath, usePage } from '../../platform/views/page-context.js';
import { coopPaths, encodeTimelineCursor } from './public.presenter.js';
import type { ActivityPage } from './public.service.js';
import { ActivityIndicator } from './indicator.views.js';
import { ActivityFacts } from './plan.views.js';
import { contentLang, FollowByEmailLink, Timeline } from './public.views.js';

export function ActivityPageView({ data, isFirstPage }: { data: ActivityPage; isFirstPage: boolean }) {
  const page = usePage();
  const { t } = page;
  const { plan, activity } = data;
  const base = kommunPath(page, coopPaths.activity(plan.slug, activity.slug));
  const olderHref = data.timeline.older ? `${base}?efter=${encodeURIComponent(encodeTimelineCursor(data.timeline.older))}#coop-timeline-heading` : null;
  return (
    <Layout
      title={activity.title}
      breadcrumbs={[
        { label: page.kommun?.name ?? '', href: kommunPath(page) },
        { label: t('cooperation.public.landingTitle'), href: kommunPath(page, coopPaths.landing) },
        { label: plan.title, href: kommunPath(page, coopPaths.plan(plan.slug)) },
        { label: activity.title },
      ]}
    >
      <p class="coop-kicker">
        {t('cooperation.public.activityOf')}{' '}
        <a class="ds-link" href={kommunPath(page, coopPaths.plan(plan.slug))} lang={contentLang()}>
          {plan.title}
        </a>
      </p>
      <h1 class="ds-heading" data-size="lg" lang={contentLang()}>
        {activity.title}
      </h1>
      {data.promises.length > 0 ? (
        <div class="ds-alert coop-part-of" data-color="info">
          <p>
            {t('cooperation.public.partOfPromise')}{' '}
            {data.promises.map((p, index) => (
              <span key={p.slug}>
                {index > 0 ? ', ' : null}
                <a class="ds-link" href={kommunPath(page, coopPaths.promise(p.slug))} lang={contentLang()}>
                  {p.title}
                </a>
              </span>
            ))}
          </p>
        </div>
      ) : null}
      <div class="coop-activity-facts">
        <ActivityFacts activity={activity} places={data.places} />
      </div>
      <section aria-labelledby="coop-indicators-heading">
        <h2 id="coop-indicators-heading" class="ds-heading" data-size="sm">
          {t('cooperation.public.indicators')}
        </h2>
        {data.indicators.length === 0 ? <p>{t('cooperation.public.noIndicators')}</p> : null}
        {data.indicators.map(({ indicator, values }) => (
          <ActivityIndicator key={indicator.id} indicator={indicator} values={values} />
        ))}
      </section>
      <Timeline timeline={data.timeline} olderHref={olderHref} newestHref={isFirstPage ? null : `${base}#coop-timeline-heading`} />
      {plan.status !== 'ended' ? <FollowByEmailLink href={kommunPath(page, coopPaths.activitySubscribe(plan.slug, activity.slug))} title={activity.title} /> : null}
    </Layout>
  );
}
