// The kommun home page's reports section: the invitation to report, and the three newest
// published reports.
import type { AppContext } from '../../platform/context.js';
import type { HomeSection } from '../../platform/views/home-sections.js';
import { kommunPath, usePage } from '../../platform/views/page-context.js';
import type { ReportCategory } from './report.categories.js';
import { activeCategoriesOf } from './report.categories.service.js';
import { CategoryLabel, DateText, StatusBadge } from './report.components.js';
import { reportPaths } from './report.paths.js';
import { listPublishedReports, type PublicListRow } from './report.repository.js';

function LatestReportsSection({ rows, categories }: { rows: PublicListRow[]; categories: ReportCategory[] }) {
  const page = usePage();
  const { t } = page;
  const byCode = new Map(categories.map((c) => [c.code, c]));
  return (
    <section class="home-section" aria-labelledby="latest-reports-heading">
      <h2 id="latest-reports-heading" class="ds-heading" data-size="md">
        {t('reports.home.title')}
      </h2>
      <p>{t('reports.home.lead')}</p>
      <p>
        <a class="ds-button" data-variant="primary" href={kommunPath(page, reportPaths.start)}>
          {t('reports.list.reportCta')}
        </a>
      </p>
      {rows.length > 0 ? (
        <>
          <h3 class="ds-heading" data-size="xs">
            {t('reports.home.latest')}
          </h3>
          <ul class="report-list">
            {rows.map((report) => (
              <li key={report.id} class="report-card">
                <a class="ds-link" href={kommunPath(page, reportPaths.report(report.reference))}>
                  <CategoryLabel category={byCode.get(report.category_code)} code={report.category_code} />
                </a>{' '}
                <span class="report-card__meta">
                  · <StatusBadge status={report.status} /> · <DateText iso={report.created_at} />
                </span>
              </li>
            ))}
          </ul>
        </>
      ) : null}
      <p>
        <a class="ds-link" href={kommunPath(page, reportPaths.list)}>
          {t('reports.home.all')}
        </a>
      </p>
    </section>
  );
}

export const latestReportsSection: HomeSection = {
  name: 'reports.latest',
  order: 15,
  load: async (ctx: AppContext, kommun) => {
    const [rows, categories] = await Promise.all([listPublishedReports(ctx.db, kommun.id, {}, { limit: 3 }), activeCategoriesOf(ctx.db, kommun.id)]);
    return <LatestReportsSection rows={rows} categories={categories} />;
  },
};
