// Public pages of samverkansöverenskommelser: the kommun's list, an agreement (the version in
// force, or the latest decided), its version history, any one version, and what changed between
// two. Parties and signatories are roles and organisations, never people.
import { fileUrl, formatBytes } from '../../platform/files/index.js';
import { Layout, type Crumb } from '../../platform/views/layout.js';
import { renderMarkdown } from '../../platform/views/markdown.js';
import { kommunPath, usePage } from '../../platform/views/page-context.js';
import { FieldDiffTable, type FieldDiffRow } from '../../platform/views/diff.js';
import { CalendarDateText, Period } from './cooperation.components.js';
import type { AgreementStatus } from './cooperation.tables.js';
import type { AgreementVersionRow } from './agreement.repository.js';
import type { Annex } from './agreement.schemas.js';

export type LinkedPlans = Map<string, { slug: string; title: string }>;

export const agreementPath = (slug: string, rest = '') => `samverkansoverenskommelser/${slug}${rest}`;

export function AgreementStatusText({ status }: { status: AgreementStatus }) {
  const { t } = usePage();
  return <span class={`coop-agreement-status coop-agreement-status--${status}`}>{t(`cooperation.agreementStatus.${status}`)}</span>;
}

function useCrumbs(extra: Crumb[]): Crumb[] {
  const page = usePage();
  return [{ label: page.kommun?.name ?? '', href: kommunPath(page) }, { label: page.t('cooperation.agreement.listTitle'), href: kommunPath(page, 'samverkansoverenskommelser') }, ...extra];
}

function Markdown({ source }: { source: string }) {
  return <div class="coop-agreement__text" dangerouslySetInnerHTML={{ __html: renderMarkdown(source, 'sv') }} />;
}

function AnnexItem({ annex, plans }: { annex: Annex; plans: LinkedPlans }) {
  const page = usePage();
  const { t, locale } = page;
  const kind = t(`cooperation.agreement.annexKind.${annex.kind}`);
  let target = <span lang="sv">{annex.title}</span>;
  let after = null;
  if (annex.document) {
    target = (
      <a class="ds-link" href={fileUrl(page.kommun?.slug ?? '', annex.document.fileId)} lang="sv">
        {annex.title}
      </a>
    );
    after = (
      <span class="coop-agreement__filesize">
        {' '}
        ({annex.document.filename.split('.').pop()?.toUpperCase()}, {formatBytes(annex.document.sizeBytes, locale)})
      </span>
    );
  } else if (annex.planId) {
    const plan = plans.get(annex.planId);
    if (plan)
      target = (
        <a class="ds-link" href={kommunPath(page, `atgardsplaner/${plan.slug}`)} lang="sv">
          {annex.title}
        </a>
      );
    else after = <span> {t('cooperation.agreement.planNotPublic')}</span>;
  } else if (annex.path) {
    target = (
      <a class="ds-link" href={annex.path} lang="sv">
        {annex.title}
      </a>
    );
  }
  return (
    <li>
      <span class="coop-agreement__annex-kind">{kind}: </span>
      {target}
      {after}
    </li>
  );
}

/** The body of one version: every part of the agreement, headed at level 2. */
export function AgreementDocument({ version, plans }: { version: AgreementVersionRow; plans: LinkedPlans }) {
  const page = usePage();
  const { t } = page;
  const c = version.content;
  return (
    <div class="coop-agreement">
      <dl class="coop-agreement__facts">
        <dt>{t('cooperation.agreement.colStatus')}</dt>
        <dd>
          <AgreementStatusText status={version.status} />
        </dd>
        <dt>{t('cooperation.agreement.period')}</dt>
        <dd>
          <Period start={version.periodStart} end={version.periodEnd} />
        </dd>
        <dt>{t('cooperation.agreement.decision')}</dt>
        <dd>
          {version.decidedOn ? (
            <>
              <span lang="sv">{version.decidedByBody}</span>, <CalendarDateText date={version.decidedOn} />
              {version.diarienummer ? `, ${t('cooperation.agreement.diarienummerIs', { dnr: version.diarienummer })}` : ''}
            </>
          ) : (
            t('cooperation.agreement.notDecided')
          )}
        </dd>
        <dt>{t('cooperation.agreement.colVersion')}</dt>
        <dd>{t('cooperation.agreement.versionOf', { n: version.versionNo })}</dd>
      </dl>

      <h2 class="ds-heading" data-size="sm">
        {t('cooperation.agreement.parties')}
      </h2>
      <ul class="coop-agreement__parties">
        <li>{page.kommun?.name}</li>
        {c.policeArea ? <li>{c.policeArea.name}</li> : null}
        {c.partners.map((p) => (
          <li key={p.id}>{p.name}</li>
        ))}
      </ul>

      {c.purpose ? (
        <>
          <h2 class="ds-heading" data-size="sm">
            {t('cooperation.agreement.purpose')}
          </h2>
          <Markdown source={c.purpose} />
        </>
      ) : null}
      {c.goals ? (
        <>
          <h2 class="ds-heading" data-size="sm">
            {t('cooperation.agreement.goals')}
          </h2>
          <Markdown source={c.goals} />
        </>
      ) : null}

      <h2 class="ds-heading" data-size="sm">
        {t('cooperation.agreement.organisation')}
      </h2>
      {c.groups.length === 0 ? (
        <p>{t('cooperation.agreement.noGroups')}</p>
      ) : (
        c.groups.map((g, i) => (
          <section key={i} class="coop-agreement__group" aria-labelledby={`group-${i}`}>
            <h3 class="ds-heading" data-size="xs" id={`group-${i}`} lang="sv">
              {g.name}
            </h3>
            <dl>
              {g.members ? (
                <>
                  <dt>{t('cooperation.agreement.groupMembers')}</dt>
                  <dd lang="sv">{g.members}</dd>
                </>
              ) : null}
              {g.meetingRhythm ? (
                <>
                  <dt>{t('cooperation.agreement.groupRhythm')}</dt>
                  <dd lang="sv">{g.meetingRhythm}</dd>
                </>
              ) : null}
            </dl>
          </section>
        ))
      )}

      {c.implementationPeriod || c.followUpPeriod || c.updatePeriod ? (
        <>
          <h2 class="ds-heading" data-size="sm">
            {t('cooperation.agreement.periods')}
          </h2>
          <dl class="coop-agreement__periods">
            {(['implementationPeriod', 'followUpPeriod', 'updatePeriod'] as const).map((key) =>
              c[key] ? (
                <>
                  <dt>{t(`cooperation.agreement.${key}`)}</dt>
                  <dd lang="sv">{c[key]}</dd>
                </>
              ) : null,
            )}
          </dl>
        </>
      ) : null}

      <h2 class="ds-heading" data-size="sm">
        {t('cooperation.agreement.annexes')}
      </h2>
      {c.annexes.length === 0 ? (
        <p>{t('cooperation.agreement.noAnnexes')}</p>
      ) : (
        <ol class="coop-agreement__annexes">
          {c.annexes.map((a, i) => (
            <AnnexItem key={i} annex={a} plans={plans} />
          ))}
        </ol>
      )}

      {c.signatories.length > 0 ? (
        <>
          <h2 class="ds-heading" data-size="sm">
            {t('cooperation.agreement.signatories')}
          </h2>
          <ul class="coop-agreement__signatories">
            {c.signatories.map((s, i) => (
              <li key={i} lang="sv">
                {s.role}, {s.organisation}
              </li>
            ))}
          </ul>
        </>
      ) : null}
    </div>
  );
}

export function AgreementListPage({ rows }: { rows: AgreementVersionRow[] }) {
  const page = usePage();
  const { t } = page;
  const title = t('cooperation.agreement.listTitle');
  return (
    <Layout title={title} breadcrumbs={[{ label: page.kommun?.name ?? '', href: kommunPath(page) }, { label: title }]}>
      <h1 class="ds-heading" data-size="lg">
        {title}
      </h1>
      <p class="lead">{t('cooperation.agreement.listLead')}</p>
      {rows.length === 0 ? (
        <p>{t('cooperation.agreement.listEmpty')}</p>
      ) : (
        <ul class="coop-agreement-list">
          {rows.map((row) => (
            <li key={row.agreementId} class="coop-agreement-list__item">
              <h2 class="ds-heading" data-size="xs">
                <a class="ds-link" href={kommunPath(page, agreementPath(row.slug))} lang="sv">
                  {row.title}
                </a>
              </h2>
              <p>
                <AgreementStatusText status={row.status} /> <Period start={row.periodStart} end={row.periodEnd} />
              </p>
            </li>
          ))}
        </ul>
      )}
    </Layout>
  );
}

/** The agreement as residents see it, or one numbered version of it (`reading`). */
export function AgreementPage(props: { version: AgreementVersionRow; shownVersionNo: number; plans: LinkedPlans; previousVersionNo: number | null }) {
  const page = usePage();
  const { t } = page;
  const { version } = props;
  const isShown = version.versionNo === props.shownVersionNo;
  const base = agreementPath(version.slug);
  const crumbs = isShown
    ? useCrumbs([{ label: version.title }])
    : useCrumbs([
        { label: version.title, href: kommunPath(page, base) },
        { label: t('cooperation.agreement.versions'), href: kommunPath(page, `${base}/versioner`) },
        { label: t('cooperation.agreement.versionOf', { n: version.versionNo }) },
      ]);
  return (
    <Layout title={isShown ? version.title : `${version.title} – ${t('cooperation.agreement.versionOf', { n: version.versionNo })}`} breadcrumbs={crumbs}>
      <article class="content">
        <h1 class="ds-heading" data-size="lg" lang="sv">
          {version.title}
        </h1>
        <div>
          {!isShown ? (
            <div class="ds-alert coop-agreement__reading" data-color="info">
              <p>
                {t('cooperation.agreement.readingVersion', { n: version.versionNo, status: t(`cooperation.agreementStatus.${version.status}`) })}{' '}
                <a class="ds-link" href={kommunPath(page, base)}>
                  {t('cooperation.agreement.toShown')}
                </a>
              </p>
            </div>
          ) : null}
          <AgreementDocument version={version} plans={props.plans} />
          <nav class="coop-agreement__history" aria-label={t('cooperation.agreement.versions')}>
            <ul>
              <li>
                <a class="ds-link" href={kommunPath(page, `${base}/versioner`)}>
                  {t('cooperation.agreement.allVersions')}
                </a>
              </li>
              {props.previousVersionNo !== null ? (
                <li>
                  <a class="ds-link" href={kommunPath(page, `${base}/jamfor?fran=${props.previousVersionNo}&till=${version.versionNo}`)}>
                    {t('cooperation.agreement.compareWithPrevious', { n: props.previousVersionNo })}
                  </a>
                </li>
              ) : null}
            </ul>
          </nav>
        </div>
      </article>
    </Layout>
  );
}

export function AgreementVersionsPage({ shown, versions }: { shown: AgreementVersionRow; versions: AgreementVersionRow[] }) {
  const page = usePage();
  const { t } = page;
  const base = agreementPath(shown.slug);
  const title = t('cooperation.agreement.versionsTitle', { title: shown.title });
  return (
    <Layout title={title} breadcrumbs={useCrumbs([{ label: shown.title, href: kommunPath(page, base) }, { label: t('cooperation.agreement.versions') }])}>
      <h1 class="ds-heading" data-size="lg">
        {title}
      </h1>
      <p class="lead">{t('cooperation.agreement.versionsLead')}</p>
      <div class="table-scroll" role="region" tabindex={0} aria-label={t('cooperation.agreement.versionsCaption')}>
        <table class="ds-table coop-agreement-versions">
          <caption>{t('cooperation.agreement.versionsCaption')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('cooperation.agreement.colVersion')}</th>
              <th scope="col">{t('cooperation.agreement.colStatus')}</th>
              <th scope="col">{t('cooperation.agreement.colPeriod')}</th>
              <th scope="col">{t('cooperation.agreement.colDecision')}</th>
              <th scope="col">{t('cooperation.agreement.colChange')}</th>
            </tr>
          </thead>
          <tbody>
            {versions.map((v, i) => {
              const previous = versions[i + 1];
              return (
                <tr key={v.versionNo}>
                  <th scope="row">
                    <a class="ds-link" href={kommunPath(page, `${base}/versioner/${v.versionNo}`)}>
                      {t('cooperation.agreement.versionOf', { n: v.versionNo })}
                    </a>
                  </th>
                  <td>
                    <AgreementStatusText status={v.status} />
                  </td>
                  <td>
                    <Period start={v.periodStart} end={v.periodEnd} />
                  </td>
                  <td>
                    {v.decidedOn ? (
                      <>
                        <span lang="sv">{v.decidedByBody}</span>, <CalendarDateText date={v.decidedOn} />
                      </>
                    ) : (
                      t('cooperation.agreement.notDecided')
                    )}
                  </td>
                  <td>
                    {v.changeNote ? <p lang="sv">{v.changeNote}</p> : null}
                    {previous ? (
                      <a class="ds-link" href={kommunPath(page, `${base}/jamfor?fran=${previous.versionNo}&till=${v.versionNo}`)}>
                        {t('cooperation.agreement.compareWithPrevious', { n: previous.versionNo })}
                      </a>
                    ) : null}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
    </Layout>
  );
}

export function AgreementComparePage(props: {
  shown: AgreementVersionRow;
  versions: AgreementVersionRow[];
  from: number | undefined;
  to: number | undefined;
  changes: FieldDiffRow[] | null;
}) {
  const page = usePage();
  const { t } = page;
  const base = agreementPath(props.shown.slug);
  const title = t('cooperation.agreement.compareTitle');
  const options = props.versions.map((v) => ({ value: String(v.versionNo), label: `${t('cooperation.agreement.versionOf', { n: v.versionNo })} – ${t(`cooperation.agreementStatus.${v.status}`)}` }));
  return (
    <Layout title={`${title}: ${props.shown.title}`} breadcrumbs={useCrumbs([{ label: props.shown.title, href: kommunPath(page, base) }, { label: title }])}>
      <h1 class="ds-heading" data-size="lg">
        {props.changes && props.from !== undefined && props.to !== undefined ? t('cooperation.agreement.compareHeading', { from: props.from, to: props.to }) : title}
      </h1>
      <p class="lead">{t('cooperation.agreement.compareLead')}</p>
      <form method="get" action={kommunPath(page, `${base}/jamfor`)} class="coop-compare-form">
        <div class="ds-field field">
          <label class="ds-label" for="compare-from">
            {t('cooperation.agreement.compareFrom')}
          </label>
          <select class="ds-input" id="compare-from" name="fran">
            {options.map((o) => (
              <option key={o.value} value={o.value} selected={o.value === String(props.from)}>
                {o.label}
              </option>
            ))}
          </select>
        </div>
        <div class="ds-field field">
          <label class="ds-label" for="compare-to">
            {t('cooperation.agreement.compareTo')}
          </label>
          <select class="ds-input" id="compare-to" name="till">
            {options.map((o) => (
              <option key={o.value} value={o.value} selected={o.value === String(props.to)}>
                {o.label}
              </option>
            ))}
          </select>
        </div>
        <button type="submit" class="ds-button" data-variant="secondary">
          {t('cooperation.agreement.compareButton')}
        </button>
      </form>
      {props.changes === null ? <p>{t('cooperation.agreement.compareChoose')}</p> : null}
      {props.changes !== null && props.from !== undefined && props.to !== undefined ? (
        <FieldDiffTable caption={t('cooperation.agreement.compareHeading', { from: props.from, to: props.to })} rows={props.changes} />
      ) : null}
      <p>
        <a class="ds-link" href={kommunPath(page, `${base}/versioner`)}>
          {t('cooperation.agreement.allVersions')}
        </a>
      </p>
    </Layout>
  );
}
