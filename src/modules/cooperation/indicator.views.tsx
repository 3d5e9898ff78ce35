// One indicator of an activity: what is measured, from where to where, and its values as the
// kernel's chart with its data table (platform/views/chart.tsx): the chart describes itself in
// words, and the table is the accessible form of the figures, open by default.
import { IndicatorFigure } from '../../platform/views/chart.js';
import { usePage } from '../../platform/views/page-context.js';
import { CalendarDateText } from './cooperation.components.js';
import type { IndicatorRow, IndicatorValueRow } from './indicator.repository.js';
import { indicatorValuesShown } from './public.service.js';
import { formatNumber } from '../../platform/i18n/i18n.js';
import { contentLang } from './public.views.js';

/**
 * An indicator with its chart and its newest values as a table: `maxRows` of them, and a link to
 * the rest (`allValuesHref`) when there are more.
 */
export function ActivityIndicator({ indicator, values, maxRows, allValuesHref }: { indicator: IndicatorRow; values: readonly IndicatorValueRow[]; maxRows?: number; allValuesHref?: string }) {
  const { t, locale } = usePage();
  const id = `indicator-${indicator.id}`;
  const number = (value: number | null) => (value === null ? '–' : `${formatNumber(locale, value)} ${indicator.unit}`);
  return (
    <section class="coop-indicator" aria-labelledby={id}>
      <h3 class="ds-heading" data-size="xs" id={id} lang={contentLang()}>
        {indicator.name}
      </h3>
      <dl class="coop-facts">
        <dt>{t('cooperation.public.unit')}</dt>
        <dd lang={contentLang()}>{indicator.unit}</dd>
        <dt>{t('cooperation.public.baseline')}</dt>
        <dd>
          {number(indicator.baseline)}
          {indicator.baseline !== null && indicator.baselineOn ? (
            <>
              {' '}
              ({t('cooperation.public.measuredOn')} <CalendarDateText date={indicator.baselineOn} />)
            </>
          ) : null}
        </dd>
        <dt>{t('cooperation.public.target')}</dt>
        <dd>{number(indicator.target)}</dd>
        <dt>{t('cooperation.public.direction')}</dt>
        <dd>{t(`cooperation.direction.${indicator.direction}`)}</dd>
      </dl>
      <IndicatorFigure
        id={`${id}-figure`}
        title={indicator.name}
        unit={indicator.unit}
        series={[{ label: indicator.name, points: values.map((v) => ({ date: v.measuredOn, value: v.value })) }]}
        {...(indicator.baseline !== null ? { baseline: indicator.baseline } : {})}
        {...(indicator.target !== null ? { target: indicator.target } : {})}
        kind="line"
        tableOpen
        {...(maxRows !== undefined ? { maxRows } : {})}
        {...(allValuesHref !== undefined ? { allValuesHref } : {})}
      />
      {maxRows === undefined && values.length >= indicatorValuesShown ? <p>{t('cooperation.public.valuesTruncated', { n: String(indicatorValuesShown) })}</p> : null}
    </section>
  );
}
