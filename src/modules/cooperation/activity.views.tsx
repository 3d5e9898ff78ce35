// The public activity page /{kommun}/atgardsplaner/{plan}/{activity}: every Brå field, the state
// in words, the löften it is part of, its indicators (a chart with the newest values as a table)
// and the public follow-up timeline; and its values page …/matvarden with every indicator's values.
import { IndicatorTable } from '../../platform/views/chart.js';
import { Layout } from '../../platform/views/layout.js';
import { kommunPath, usePage } from '../../platform/views/page-context.js';
import type { IndicatorRow, IndicatorValueRow } from './indicator.repository.js';
import { ActivityIndicator } from './indicator.views.js';
import type { ActivityRow, PlanRow } from './plan.repository.js';
import { coopPaths, encodeTimelineCursor } from './public.presenter.js';
import { indicatorRowsOnActivityPage, indicatorValuesShown, type ActivityPage } from './public.service.js';
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
          <ActivityIndicator
            key={indicator.id}
            indicator={indicator}
            values={values}
            maxRows={indicatorRowsOnActivityPage}
            allValuesHref={`${kommunPath(page, coopPaths.activityValues(plan.slug, activity.slug))}#indicator-${indicator.id}`}
          />
        ))}
      </section>
      <Timeline timeline={data.timeline} olderHref={olderHref} newestHref={isFirstPage ? null : `${base}#coop-timeline-heading`} />
      {plan.status !== 'ended' ? <FollowByEmailLink href={kommunPath(page, coopPaths.activitySubscribe(plan.slug, activity.slug))} title={activity.title} /> : null}
    </Layout>
  );
}

/** Every indicator of an activity with its newest values, each as a table. */
export function ActivityValuesPageView({ plan, activity, indicators }: { plan: PlanRow; activity: ActivityRow; indicators: { indicator: IndicatorRow; values: IndicatorValueRow[] }[] }) {
  const page = usePage();
  const { t } = page;
  const activityHref = kommunPath(page, coopPaths.activity(plan.slug, activity.slug));
  const title = t('cooperation.public.valuesOf', { name: activity.title });
  return (
    <Layout
      title={title}
      breadcrumbs={[
        { label: page.kommun?.name ?? '', href: kommunPath(page) },
        { label: t('cooperation.public.landingTitle'), href: kommunPath(page, coopPaths.landing) },
        { label: plan.title, href: kommunPath(page, coopPaths.plan(plan.slug)) },
        { label: activity.title, href: activityHref },
        { label: t('cooperation.public.values') },
      ]}
    >
      <h1 class="ds-heading" data-size="lg">
        {t('cooperation.public.values')}: <span lang={contentLang()}>{activity.title}</span>
      </h1>
      <p>
        <a class="ds-link" href={activityHref}>
          {t('cooperation.public.backToActivity')}
        </a>
      </p>
      {indicators.length === 0 ? <p>{t('cooperation.public.noIndicators')}</p> : null}
      {indicators.map(({ indicator, values }) => (
        <section key={indicator.id} class="coop-indicator" aria-labelledby={`indicator-${indicator.id}`}>
          <h2 class="ds-heading" data-size="sm" id={`indicator-${indicator.id}`} lang={contentLang()}>
            {indicator.name}
          </h2>
          <IndicatorTable
            id={`indicator-${indicator.id}-values`}
            title={t('cooperation.public.valuesIn', { unit: indicator.unit })}
            unit={indicator.unit}
            series={[{ label: indicator.name, points: values.map((v) => ({ date: v.measuredOn, value: v.value })) }]}
            maxRows={indicatorValuesShown}
          />
          {values.length >= indicatorValuesShown ? <p>{t('cooperation.public.valuesTruncated', { n: String(indicatorValuesShown) })}</p> : null}
        </section>
      ))}
      <p>
        <a class="ds-link" href={kommunPath(page, coopPaths.planExport(plan.slug, 'matvarden', 'csv'))}>
          {t('cooperation.public.allPlanValues')}
        </a>
      </p>
    </Layout>
  );
}
