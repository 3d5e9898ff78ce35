// The public plan overview /{kommun}/atgardsplaner/{plan}, with its filter form (GET, works
// without JavaScript), and the print version /utskrift with every activity in Brå's shape.
import { Form, SelectField, SubmitButton } from '../../platform/views/components.js';
import { Layout } from '../../platform/views/layout.js';
import { kommunPath, usePage } from '../../platform/views/page-context.js';
import { CalendarDateText, PartyLabel, Period } from './cooperation.components.js';
import { activityStatuses, responsibleParties } from './cooperation.tables.js';
import type { ActivityRow, LinkedPlace, PlanRow } from './plan.repository.js';
import { coopPaths } from './public.presenter.js';
import type { PlanOverview, StatusCounts } from './public.service.js';
import { ActivityCard, ActivityStateFacts, contentLang, FeedLink, LastUpdate, PlaceLinks, StatusCountList } from './public.views.js';

function PlanHeader({ plan }: { plan: PlanRow }) {
  const { t } = usePage();
  return (
    <>
      <h1 class="ds-heading" data-size="lg" lang={contentLang()}>
        {plan.title}
      </h1>
      <dl class="coop-facts coop-facts--wide">
        <dt>{t('cooperation.public.period')}</dt>
        <dd>
          <Period start={plan.periodStart} end={plan.periodEnd} />
        </dd>
        <dt>{t('cooperation.public.planStatus')}</dt>
        <dd>{t(`cooperation.planStatus.${plan.status}`)}</dd>
        {plan.decidedOn ? (
          <>
            <dt>{t('cooperation.public.decision')}</dt>
            <dd>
              <span lang={contentLang()}>{plan.decidedByBody}</span>, <CalendarDateText date={plan.decidedOn} />
            </dd>
          </>
        ) : null}
      </dl>
      {plan.summaryHtml ? <div class="coop-summary-text" lang={contentLang()} dangerouslySetInnerHTML={{ __html: plan.summaryHtml }} /> : null}
    </>
  );
}

function FilterForm({ data }: { data: PlanOverview }) {
  const page = usePage();
  const { t } = page;
  const all = { value: '', label: t('cooperation.public.filterAll') };
  const values = {
    part: data.filter.party ?? '',
    status: data.filter.status ?? '',
    tema: data.filter.theme ?? '',
    plats: data.filter.place?.slug ?? '',
  };
  const form = { values, errors: {} };
  return (
    <Form method="get" action={kommunPath(page, coopPaths.plan(data.plan.slug))} class="coop-filter" label={t('cooperation.public.filterLabel')}>
      <SelectField name="part" label={t('cooperation.public.filterParty')} form={form} options={[all, ...responsibleParties.map((p) => ({ value: p, label: t(`cooperation.party.${p}`) }))]} />
      <SelectField name="status" label={t('cooperation.public.filterStatus')} form={form} options={[all, ...activityStatuses.map((s) => ({ value: s, label: t(`cooperation.status.${s}`) }))]} />
      {data.themes.length > 0 ? <SelectField name="tema" label={t('cooperation.public.filterTheme')} form={form} options={[all, ...data.themes.map((theme) => ({ value: theme, label: theme }))]} /> : null}
      {data.planPlaces.length > 0 ? (
        <SelectField name="plats" label={t('cooperation.public.filterPlace')} form={form} options={[all, ...data.planPlaces.map((p) => ({ value: p.slug, label: p.name }))]} />
      ) : null}
      <div class="coop-filter__actions">
        <SubmitButton variant="secondary">{t('cooperation.public.filterSubmit')}</SubmitButton>
        <a class="ds-link" href={kommunPath(page, coopPaths.plan(data.plan.slug))}>
          {t('cooperation.public.filterClear')}
        </a>
      </div>
    </Form>
  );
}

function MoreLinks({ plan }: { plan: PlanRow }) {
  const page = usePage();
  const { t } = page;
  const exports = (['aktiviteter', 'indikatorer', 'matvarden', 'uppfoljningar'] as const).map((what) => ({ what, label: t(`cooperation.public.export.${what}`) }));
  return (
    <section class="coop-more" aria-labelledby="coop-more-heading">
      <h2 id="coop-more-heading" class="ds-heading" data-size="sm">
        {t('cooperation.public.moreInformation')}
      </h2>
      <ul>
        <li>
          <a class="ds-link" href={kommunPath(page, coopPaths.planPrint(plan.slug))}>
            {t('cooperation.public.printVersion')}
          </a>
        </li>
        <li>
          <a class="ds-link" href={kommunPath(page, coopPaths.planPdf(plan.slug))} type="application/pdf">
            {t('cooperation.pdf.download')} (PDF)
          </a>
        </li>
        {exports.map(({ what, label }) => (
          <li key={what}>
            {label}:{' '}
            <a class="ds-link" href={kommunPath(page, coopPaths.planExport(plan.slug, what, 'csv'))} aria-label={t('cooperation.public.exportAs', { what: label, format: 'CSV' })}>
              CSV
            </a>{' '}
            <a class="ds-link" href={kommunPath(page, coopPaths.planExport(plan.slug, what, 'json'))} aria-label={t('cooperation.public.exportAs', { what: label, format: 'JSON' })}>
              JSON
            </a>
          </li>
        ))}
        <li>
          <FeedLink path={coopPaths.feed} label={t('cooperation.public.feedLink')} />
        </li>
      </ul>
    </section>
  );
}

export function PlanOverviewPage({ data }: { data: PlanOverview }) {
  const page = usePage();
  const { t } = page;
  const { plan } = data;
  const filtered = Boolean(data.filter.party || data.filter.status || data.filter.theme || data.filter.place);
  return (
    <Layout
      title={plan.title}
      breadcrumbs={[
        { label: page.kommun?.name ?? '', href: kommunPath(page) },
        { label: t('cooperation.public.landingTitle'), href: kommunPath(page, coopPaths.landing) },
        { label: plan.title },
      ]}
    >
      <PlanHeader plan={plan} />
      <StatusCountList counts={data.counts} total={data.total} />
      <h2 class="ds-heading" data-size="md" id="coop-activities-heading">
        {t('cooperation.public.activities')}
      </h2>
      <FilterForm data={data} />
      {data.ignored.length > 0 ? (
        <div class="ds-alert" data-color="warning">
          <p>{t('cooperation.public.filterIgnored', { names: data.ignored.map((name) => t(`cooperation.public.filterName.${name}`)).join(', ') })}</p>
        </div>
      ) : null}
      <p class="coop-result-count" role="status">
        {filtered ? t('cooperation.public.resultCountFiltered', { n: String(data.activities.length), total: String(data.total) }) : t('cooperation.public.resultCount', { n: String(data.activities.length) })}
      </p>
      {data.activities.length === 0 ? (
        <p>
          {t('cooperation.public.noResults')}{' '}
          <a class="ds-link" href={kommunPath(page, coopPaths.plan(plan.slug))}>
            {t('cooperation.public.filterClear')}
          </a>
        </p>
      ) : (
        <ul class="coop-cards" aria-labelledby="coop-activities-heading">
          {data.activities.map((activity) => (
            <ActivityCard key={activity.id} activity={activity} planSlug={plan.slug} places={data.places.get(activity.id) ?? []} />
          ))}
        </ul>
      )}
      <MoreLinks plan={plan} />
    </Layout>
  );
}

// ---- print version ------------------------------------------------------------------------------

/** Every Brå field of an activity and its latest state, as a term list. */
export function ActivityFacts({ activity, places }: { activity: ActivityRow; places: readonly LinkedPlace[] }) {
  const { t } = usePage();
  const text = (value: string) => (value ? <span lang={contentLang()}>{value}</span> : <span>–</span>);
  return (
      <dl class="coop-facts coop-facts--wide">
        <dt>{t('cooperation.public.problem')}</dt>
        <dd>{text(activity.problem)}</dd>
        <dt>{t('cooperation.public.cause')}</dt>
        <dd>{text(activity.cause)}</dd>
        <dt>{t('cooperation.public.measure')}</dt>
        <dd>{activity.descriptionHtml ? <div lang={contentLang()} dangerouslySetInnerHTML={{ __html: activity.descriptionHtml }} /> : '–'}</dd>
        <dt>{t('cooperation.public.operationalGoal')}</dt>
        <dd>{text(activity.operationalGoal)}</dd>
        <dt>{t('cooperation.public.when')}</dt>
        <dd>
          <Period start={activity.startsOn} end={activity.endsOn} />
        </dd>
        <dt>{t('cooperation.public.responsible')}</dt>
        <dd lang={contentLang()}>
          <PartyLabel party={activity.responsibleParty} organisationName={activity.responsibleOrganisationName} role={activity.responsibleRole} />
        </dd>
        <dt>{t('cooperation.public.followUpMethod')}</dt>
        <dd>{text(activity.followUpMethod)}</dd>
        <dt>{t('cooperation.public.type')}</dt>
        <dd>
          {t(`cooperation.type.${activity.activityType}`)}
          {activity.theme ? (
            <>
              {', '}
              <span lang={contentLang()}>{activity.theme}</span>
            </>
          ) : null}
        </dd>
        <dt>{t('cooperation.public.places')}</dt>
        <dd>
          <PlaceLinks places={places} />
        </dd>
        <ActivityStateFacts activity={activity} />
        <dt>{t('cooperation.public.lastUpdate')}</dt>
        <dd>
          <LastUpdate date={activity.lastPublicUpdateOn} />
        </dd>
      </dl>
  );
}

/** One activity with its heading, for the print versions. */
export function PrintedActivity({ activity, places }: { activity: ActivityRow; places: readonly LinkedPlace[] }) {
  return (
    <section class="coop-print-activity" aria-labelledby={`a-${activity.id}`}>
      <h2 class="ds-heading" data-size="sm" id={`a-${activity.id}`} lang={contentLang()}>
        {activity.position}. {activity.title}
      </h2>
      <ActivityFacts activity={activity} places={places} />
    </section>
  );
}

export function PlanPrintPage({ plan, activities, places, counts, sourceUrl }: { plan: PlanRow; activities: ActivityRow[]; places: Map<string, LinkedPlace[]>; counts: StatusCounts; sourceUrl: string }) {
  const page = usePage();
  const { t } = page;
  return (
    <Layout
      title={t('cooperation.public.printTitle', { title: plan.title })}
      breadcrumbs={[
        { label: page.kommun?.name ?? '', href: kommunPath(page) },
        { label: plan.title, href: kommunPath(page, coopPaths.plan(plan.slug)) },
        { label: t('cooperation.public.printVersion') },
      ]}
    >
      <div class="coop-print">
        <p class="coop-print__note">
          {t('cooperation.public.printNote')}{' '}
          <a class="ds-link" href={kommunPath(page, coopPaths.plan(plan.slug))}>
            {t('cooperation.public.backToPlan')}
          </a>
        </p>
        <PlanHeader plan={plan} />
        <StatusCountList counts={counts} total={activities.length} />
        {activities.map((activity) => (
          <PrintedActivity key={activity.id} activity={activity} places={places.get(activity.id) ?? []} />
        ))}
        <p class="coop-print__source">{t('cooperation.public.printSource', { url: sourceUrl })}</p>
      </div>
    </Layout>
  );
}
