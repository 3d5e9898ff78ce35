// The cooperation's staff dashboard: plans (drafts too) with their status and activity counts,
// the löften with their status, the activities whose public follow-up has gone quiet, and links
// to start new work.
import { Layout } from '../../platform/views/layout.js';
import { kommunPath, usePage } from '../../platform/views/page-context.js';
import { CalendarDateText, PartyLabel, Period } from './cooperation.components.js';
import type { ResponsibleParty } from './cooperation.tables.js';
import type { PlanRow } from './plan.repository.js';
import type { PromiseVersionRow } from './promise.repository.js';
import type { QuietActivity } from './staff.repository.js';
import { followUpQuietDays } from './staff.repository.js';
import { LinkButton, staffBase, useCoopCrumbs } from './staff.views.js';

export interface DashboardProps {
  plans: PlanRow[];
  counts: Map<string, { total: number; done: number }>;
  promises: PromiseVersionRow[];
  quiet: QuietActivity[];
  canWrite: boolean;
}

export function DashboardPage(props: DashboardProps) {
  const page = usePage();
  const { t } = page;
  const heading = t('cooperation.staff.title');
  const at = (path: string) => kommunPath(page, `${staffBase}/${path}`);
  return (
    <Layout title={heading} staff breadcrumbs={useCoopCrumbs()}>
      <h1 class="ds-heading" data-size="lg">
        {heading}
      </h1>
      {props.canWrite ? (
        <nav class="coop-quick" aria-label={t('cooperation.staff.quickLinks')}>
          <LinkButton href={at('planer/ny')} variant="primary">
            {t('cooperation.staff.plan.newHeading')}
          </LinkButton>
          <LinkButton href={at('loften/ny')}>{t('cooperation.staff.promise.newHeading')}</LinkButton>
          <LinkButton href={at('overenskommelser')}>{t('cooperation.staff.agreements')}</LinkButton>
        </nav>
      ) : null}

      <section aria-labelledby="quiet-heading">
        <h2 id="quiet-heading" class="ds-heading" data-size="sm">
          {t('cooperation.staff.quiet.heading', { n: String(followUpQuietDays) })}
        </h2>
        {props.quiet.length === 0 ? (
          <p>{t('cooperation.staff.quiet.none')}</p>
        ) : (
          <ul class="coop-list">
            {props.quiet.map((a) => (
              <li key={a.id}>
                <a class="ds-link" href={at(`aktiviteter/${a.id}`)}>
                  {a.title}
                </a>{' '}
                ({a.planTitle}, <PartyLabel party={a.responsibleParty as ResponsibleParty} />) –{' '}
                {a.lastPublicUpdateOn ? (
                  <>
                    {t('cooperation.staff.quiet.last')} <CalendarDateText date={a.lastPublicUpdateOn} />
                  </>
                ) : (
                  t('cooperation.staff.quiet.never')
                )}
              </li>
            ))}
          </ul>
        )}
      </section>

      <section aria-labelledby="plans-heading">
        <h2 id="plans-heading" class="ds-heading" data-size="sm">
          {t('cooperation.staff.plans')}
        </h2>
        {props.plans.length === 0 ? (
          <p>{t('cooperation.staff.noPlans')}</p>
        ) : (
          <div class="table-scroll" role="region" tabindex={0} aria-label={t('cooperation.staff.plans')}>
            <table class="ds-table staff-table">
              <caption class="ds-sr-only">{t('cooperation.staff.plans')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('cooperation.staff.plan.title')}</th>
                  <th scope="col">{t('cooperation.staff.colPeriod')}</th>
                  <th scope="col">{t('cooperation.staff.colStatus')}</th>
                  <th scope="col">{t('cooperation.staff.colActivities')}</th>
                </tr>
              </thead>
              <tbody>
                {props.plans.map((plan) => {
                  const count = props.counts.get(plan.id) ?? { total: 0, done: 0 };
                  return (
                    <tr key={plan.id}>
                      <td>
                        <a class="ds-link" href={at(`planer/${plan.id}`)}>
                          {plan.title}
                        </a>
                      </td>
                      <td>
                        <Period start={plan.periodStart} end={plan.periodEnd} />
                      </td>
                      <td>{t(`cooperation.planStatus.${plan.status}`)}</td>
                      <td>{t('cooperation.staff.activityCount', { total: String(count.total), done: String(count.done) })}</td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
        )}
      </section>

      <section aria-labelledby="promises-heading">
        <h2 id="promises-heading" class="ds-heading" data-size="sm">
          {t('cooperation.staff.promises')}
        </h2>
        {props.promises.length === 0 ? (
          <p>{t('cooperation.staff.noPromises')}</p>
        ) : (
          <ul class="coop-list">
            {props.promises.map((p) => (
              <li key={p.promiseId}>
                <a class="ds-link" href={at(`loften/${p.promiseId}`)}>
                  {p.title}
                </a>{' '}
                – {t(`cooperation.promiseStatus.${p.status}`)}
                {p.status === 'draft' && p.publicVersionNo !== null ? ` (${t('cooperation.staff.promise.draftOfPublished', { n: String(p.versionNo) })})` : null}
              </li>
            ))}
          </ul>
        )}
      </section>
    </Layout>
  );
}
