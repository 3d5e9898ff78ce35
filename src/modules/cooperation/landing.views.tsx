// The landing page /{kommun}/samverkan: what the cooperation is, the agreement in force, the
// current plan with its activities counted by status, the current löfte, and every plan and
// löfte, past and present.
import { Layout } from '../../platform/views/layout.js';
import { kommunPath, usePage } from '../../platform/views/page-context.js';
import { CalendarDateText, Period } from './cooperation.components.js';
import { coopPaths } from './public.presenter.js';
import type { AgreementVersionRow } from './agreement.repository.js';
import type { LandingData } from './public.service.js';
import { contentLang, FeedLink, StatusCountList } from './public.views.js';

export function LandingPage({ data }: { data: LandingData }) {
  const page = usePage();
  const { t } = page;
  const title = t('cooperation.public.landingTitle');
  return (
    <Layout title={title} breadcrumbs={[{ label: page.kommun?.name ?? '', href: kommunPath(page) }, { label: title }]}>
      <h1 class="ds-heading" data-size="lg">
        {title}
      </h1>
      <p class="lead">{t('cooperation.public.landingLead', { kommun: page.kommun?.name ?? '' })}</p>
      <p>{t('cooperation.public.landingHow')}</p>
      <section class="home-section" aria-labelledby="coop-current-agreement">
        <h2 id="coop-current-agreement" class="ds-heading" data-size="md">
          {t('cooperation.public.currentAgreement')}
        </h2>
        {data.agreement ? <AgreementSummary agreement={data.agreement} /> : <p>{t('cooperation.public.noCurrentAgreement')}</p>}
        <p>
          <a class="ds-link" href={kommunPath(page, coopPaths.agreements)}>
            {t('cooperation.public.agreementIndexLink')}
          </a>
        </p>
      </section>
      <section class="home-section" aria-labelledby="coop-current-plans">
        <h2 id="coop-current-plans" class="ds-heading" data-size="md">
          {t('cooperation.public.currentPlans')}
        </h2>
        {data.currentPlans.length === 0 ? <p>{t('cooperation.public.noCurrentPlan')}</p> : null}
        {data.currentPlans.map(({ plan, counts, total }) => (
          <div key={plan.id} class="coop-summary">
            <h3 class="ds-heading" data-size="xs" lang={contentLang()}>
              <a class="ds-link" href={kommunPath(page, coopPaths.plan(plan.slug))}>
                {plan.title}
              </a>
            </h3>
            <p>
              <Period start={plan.periodStart} end={plan.periodEnd} />
            </p>
            <StatusCountList counts={counts} total={total} />
          </div>
        ))}
      </section>
      <section class="home-section" aria-labelledby="coop-current-promise">
        <h2 id="coop-current-promise" class="ds-heading" data-size="md">
          {t('cooperation.public.currentPromise')}
        </h2>
        {data.currentPromise ? (
          <div class="coop-summary">
            <h3 class="ds-heading" data-size="xs" lang={contentLang()}>
              <a class="ds-link" href={kommunPath(page, coopPaths.promise(data.currentPromise.slug))}>
                {data.currentPromise.title}
              </a>
            </h3>
            <p>
              <Period start={data.currentPromise.periodStart} end={data.currentPromise.periodEnd} />
            </p>
            {data.currentPromise.content.expectedEffect ? <p lang={contentLang()}>{data.currentPromise.content.expectedEffect}</p> : null}
          </div>
        ) : (
          <p>{t('cooperation.public.noCurrentPromise')}</p>
        )}
      </section>
      <section class="home-section" aria-labelledby="coop-all-plans">
        <h2 id="coop-all-plans" class="ds-heading" data-size="md">
          {t('cooperation.public.allPlans')}
        </h2>
        {data.plans.length === 0 ? <p>{t('cooperation.public.noPlans')}</p> : null}
        <ul class="coop-plain-list">
          {data.plans.map((plan) => (
            <li key={plan.id}>
              <a class="ds-link" href={kommunPath(page, coopPaths.plan(plan.slug))} lang={contentLang()}>
                {plan.title}
              </a>{' '}
              (<Period start={plan.periodStart} end={plan.periodEnd} />, {t(`cooperation.planStatus.${plan.status}`)})
            </li>
          ))}
        </ul>
      </section>
      <section class="home-section" aria-labelledby="coop-all-promises">
        <h2 id="coop-all-promises" class="ds-heading" data-size="md">
          {t('cooperation.public.allPromises')}
        </h2>
        {data.promises.length === 0 ? <p>{t('cooperation.public.noPromises')}</p> : null}
        <ul class="coop-plain-list">
          {data.promises.map((p) => (
            <li key={p.id}>
              <a class="ds-link" href={kommunPath(page, coopPaths.promise(p.slug))} lang={contentLang()}>
                {p.title}
              </a>{' '}
              (<Period start={p.periodStart} end={p.periodEnd} />, {t(`cooperation.promiseStatus.${p.status}`)})
            </li>
          ))}
        </ul>
        <p>
          <a class="ds-link" href={kommunPath(page, coopPaths.promises)}>
            {t('cooperation.public.promiseIndexLink')}
          </a>
        </p>
      </section>
      <p>
        <FeedLink path={coopPaths.feed} label={t('cooperation.public.feedLink')} />
      </p>
    </Layout>
  );
}

/** The agreement in force: who is bound by it, for how long, who decided it, and where to read it and its history. */
function AgreementSummary({ agreement }: { agreement: AgreementVersionRow }) {
  const page = usePage();
  const { t } = page;
  const c = agreement.content;
  const parties = [page.kommun?.name ?? '', c.policeArea?.name ?? '', ...c.partners.map((p) => p.name)].filter(Boolean);
  return (
    <div class="coop-summary">
      <h3 class="ds-heading" data-size="xs" lang={contentLang()}>
        <a class="ds-link" href={kommunPath(page, coopPaths.agreement(agreement.slug))}>
          {agreement.title}
        </a>
      </h3>
      <dl class="coop-facts">
        <dt>{t('cooperation.agreement.period')}</dt>
        <dd>
          <Period start={agreement.periodStart} end={agreement.periodEnd} />
        </dd>
        <dt>{t('cooperation.agreement.parties')}</dt>
        <dd>{parties.join(', ')}</dd>
        {agreement.decidedOn ? (
          <>
            <dt>{t('cooperation.agreement.decision')}</dt>
            <dd>
              <span lang={contentLang()}>{agreement.decidedByBody}</span>, <CalendarDateText date={agreement.decidedOn} />
              {agreement.diarienummer ? `, ${t('cooperation.agreement.diarienummerIs', { dnr: agreement.diarienummer })}` : ''}
            </dd>
          </>
        ) : null}
      </dl>
      <p>
        <a class="ds-link" href={kommunPath(page, coopPaths.agreementVersions(agreement.slug))}>
          {t('cooperation.agreement.allVersions')}
        </a>
      </p>
    </div>
  );
}
