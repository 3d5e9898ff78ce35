// One indicator of an activity: what is measured, from where to where, and its values. The data
// table is the accessible form of the figures and is always there; the kernel's chart
// (<IndicatorFigure>, platform/views/chart.tsx) goes above it once it has landed.
import { ScrollRegion } from '../../platform/views/components.js';
import { usePage } from '../../platform/views/page-context.js';
import { CalendarDateText } from './cooperation.components.js';
import type { IndicatorRow, IndicatorValueRow } from './indicator.repository.js';
import { indicatorValuesShown } from './public.service.js';
import { contentLang, formatNumber } from './public.views.js';

export function ActivityIndicator({ indicator, values }: { indicator: IndicatorRow; values: readonly IndicatorValueRow[] }) {
  const { t, locale } = usePage();
  const id = `indicator-${indicator.id}`;
  const number = (value: number | null) => (value === null ? '–' : `${formatNumber(locale, value)} ${indicator.unit}`);
  // Newest first in the table: the latest figure is what a reader looks for.
  const rows = [...values].reverse();
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
      {rows.length === 0 ? (
        <p>{t('cooperation.public.noValues')}</p>
      ) : (
        <ScrollRegion label={t('cooperation.public.valuesOf', { name: indicator.name })}>
          <table class="ds-table coop-values" data-border>
            <caption lang={contentLang()}>
              {t('cooperation.public.valuesCaption', { name: indicator.name, unit: indicator.unit })}
            </caption>
            <thead>
              <tr>
                <th scope="col">{t('cooperation.public.date')}</th>
                <th scope="col" class="coop-values__number">
                  {t('cooperation.public.value', { unit: indicator.unit })}
                </th>
              </tr>
            </thead>
            <tbody>
              {rows.map((v) => (
                <tr key={v.id}>
                  <th scope="row">
                    <CalendarDateText date={v.measuredOn} />
                  </th>
                  <td class="coop-values__number">{formatNumber(locale, v.value)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </ScrollRegion>
      )}
      {values.length >= indicatorValuesShown ? <p>{t('cooperation.public.valuesTruncated', { n: String(indicatorValuesShown) })}</p> : null}
    </section>
  );
}
