// The public map page: the filters as a GET form, the kernel's map (drawn by our island, which
// adds numbered clusters) and, because a map needs JavaScript and sight, the same reports as a
// list under it, paged, with a link to the full list with the same filters.
import { cloneElement, type VNode } from 'preact';
import { MapView } from '../../platform/map/map.views.js';
import { KeysetPagination, SelectField, SubmitButton, type FormState } from '../../platform/views/components.js';
import { Layout } from '../../platform/views/layout.js';
import { kommunPath, usePage } from '../../platform/views/page-context.js';
import { categoryName, type ReportCategory } from './report.categories.js';
import { CategoryLabel, DateText, StatusBadge, whenText } from './report.components.js';
import type { PublicListRow } from './report.repository.js';
import type { PublicListQuery } from './report.schemas.js';
import { reportPaths } from './report.paths.js';
import { dayParts } from './report.when.js';

export const mapPath = 'karta';

export interface MapPageData {
  categories: ReportCategory[];
  filter: PublicListQuery;
  /** The GeoJSON layer with the filters in its query; the island adds bbox and zoom. */
  layerUrl: string;
  /** The list page with the same filters. */
  listHref: string;
  rows: PublicListRow[];
  olderHref: string | null;
  /** The first view, for a kommun without a boundary to fit (the centre of its reports). */
  view: { lat: number; lon: number; zoom: number } | null;
}

export function MapFilters({ categories, filter, action }: { categories: ReportCategory[]; filter: PublicListQuery; action: string }) {
  const { t, locale } = usePage();
  const form: FormState = { values: Object.fromEntries(Object.entries(filter).filter(([k, v]) => k !== 'efter' && typeof v === 'string')) as Record<string, string>, errors: {} };
  return (
    // Filters: every choice, "All" included, is an answer; the browser checks nothing here.
    <form method="get" action={action} class="report-filters" aria-label={t('reports.filter.label')} novalidate>
      <SelectField name="kategori" label={t('reports.filter.category')} form={form} filter options={[{ value: '', label: t('reports.filter.all') }, ...categories.map((c) => ({ value: c.code, label: categoryName(c, locale) }))]} />
      <SelectField name="status" label={t('reports.filter.status')} form={form} filter options={[{ value: '', label: t('reports.filter.all') }, ...(['open', 'fixed', 'closed'] as const).map((k) => ({ value: k, label: t(`reports.kind.${k}`) }))]} />
      <SelectField name="tid" label={t('reports.filter.time')} form={form} filter options={[{ value: '', label: t('reports.filter.anyTime') }, ...dayParts.map((p) => ({ value: p, label: t(`reports.when.${p}`) }))]} />
      <SelectField name="period" label={t('reports.filter.period')} form={form} filter options={[{ value: '', label: t('reports.filter.allTime') }, ...(['30', '90', '365'] as const).map((d) => ({ value: d, label: t('reports.filter.lastDays', { n: d }) }))]} />
      <SubmitButton variant="secondary">{t('reports.filter.apply')}</SubmitButton>
    </form>
  );
}

/**
 * The kernel's MapView, handed to our island instead of the kernel's: the island mounts the
 * kernel's map itself (so the background, boundary and keyboard are the kernel's) and draws the
 * clusters on it. The container keeps every data attribute and selector the kernel documents.
 */
function ReportMap({ layerUrl, view }: { layerUrl: string; view: MapPageData['view'] }) {
  const { t } = usePage();
  const map = MapView({ id: 'reports-map', label: t('reports.map.label'), size: 'large', noScriptText: t('reports.map.noScript'), ...(view ? { view } : {}) }) as VNode<Record<string, unknown>>;
  return cloneElement(map, {
    'data-module': 'report-map',
    'data-report-layer': layerUrl,
    'data-msg-cluster': t('reports.map.clusterAction', { n: '{n}' }),
    'data-msg-cluster-name': t('reports.map.clusterName', { n: '{n}' }),
    'data-msg-summary': t('reports.map.summary', { points: '{points}', clusters: '{clusters}', total: '{total}' }),
    'data-msg-nothing': t('reports.map.nothing'),
  });
}

export function MapPage({ data }: { data: MapPageData }) {
  const page = usePage();
  const { t } = page;
  const title = t('reports.map.title');
  const byCode = new Map(data.categories.map((c) => [c.code, c]));
  return (
    <Layout title={title} breadcrumbs={[{ label: page.kommun?.name ?? '', href: kommunPath(page) }, { label: title }]}>
      <h1 class="ds-heading" data-size="lg">
        {title}
      </h1>
      <p class="lead">{t('reports.map.lead')}</p>
      <MapFilters categories={data.categories} filter={data.filter} action={kommunPath(page, mapPath)} />
      <ReportMap layerUrl={data.layerUrl} view={data.view} />
      <section aria-labelledby="report-map-list-heading" class="report-map-list">
        <h2 id="report-map-list-heading" class="ds-heading" data-size="md">
          {t('reports.map.listTitle')}
        </h2>
        <p>{t('reports.map.listLead')}</p>
        {data.rows.length === 0 ? <p>{t('reports.list.empty')}</p> : null}
        <ul class="report-list">
          {data.rows.map((report) => (
            <li key={report.id} class="report-card">
              <h3 class="ds-heading report-card__title" data-size="2xs">
                <a class="ds-link" href={kommunPath(page, reportPaths.report(report.reference))}>
                  <CategoryLabel category={byCode.get(report.category_code)} code={report.category_code} />
                  {report.place_name ? `, ${report.place_name}` : ''}
                </a>
              </h3>
              <p class="report-card__meta">
                <StatusBadge status={report.status} /> · <DateText iso={report.created_at} /> · {whenText(t, report.when_parts, report.when_days)} · {t('reports.page.supporters', { n: String(report.supporters) })}
              </p>
            </li>
          ))}
        </ul>
        <KeysetPagination olderHref={data.olderHref} />
        <ul class="report-map-links">
          <li>
            <a class="ds-link" href={data.listHref}>
              {t('reports.map.fullList')}
            </a>
          </li>
          <li>
            <a class="ds-link" href={`/api/v1/${page.kommun?.slug ?? ''}/reports.geojson`} type="application/geo+json">
              {t('reports.map.openData')}
            </a>
          </li>
          <li>
            <a class="ds-link" href={kommunPath(page, 'rapporter.atom')} type="application/atom+xml">
              {t('reports.map.feed')}
            </a>
          </li>
        </ul>
      </section>
    </Layout>
  );
}
