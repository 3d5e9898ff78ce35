// An indicator over time, drawn on the server as SVG and always paired with the same values as a
// table. The chart is an image (role="img") whose <title> names it and whose <desc> says in words
// what it shows (first and latest value, the change, the lowest and highest, the target), so a
// screen reader gets the point without the table, and the table gets every value. Series differ by
// marker shape and dash as well as colour; colours and text sizes come from figures.css (the CSP
// allows no style attributes). Works without JavaScript and prints.
import type { Locale, Translate } from '../i18n/i18n.js';
import { formatNumber } from '../i18n/i18n.js';
import {
  chartBox,
  cleanPoints,
  datePrecisionOf,
  dateTicks,
  downsample,
  markerLimit,
  markerPath,
  markerShapes,
  pathOf,
  plotOf,
  valueScale,
  type ChartPoint,
  type DatePrecision,
  type IndicatorSeries,
} from './chart.scale.js';
import { usePage } from './page-context.js';

export type { IndicatorPoint, IndicatorSeries } from './chart.scale.js';

export interface IndicatorChartProps {
  /** Unique on the page: the ids of the title, description and table derive from it. */
  id: string;
  title: string;
  series: readonly IndicatorSeries[];
  /** Shown after every value ("12 %", "30 anmälningar") and in the table's headers. */
  unit?: string;
  baseline?: number;
  target?: number;
  /** 'step' holds each value until the next measurement (a count per period); default 'line'. */
  kind?: 'line' | 'step';
  /** Most decimals shown; default 2. */
  decimals?: number;
  /** Start the value axis at zero when all values are positive (default), so changes are not exaggerated. */
  fromZero?: boolean;
}

export interface IndicatorTableProps extends IndicatorChartProps {
  /** The table shows the latest this many dates (default 100) and says so. */
  maxRows?: number;
  /** Where all the values are (a CSV, a paged list), linked when the table is cut. */
  allValuesHref?: string;
}

const dateFormatOptions: Record<DatePrecision, Intl.DateTimeFormatOptions> = {
  day: { day: 'numeric', month: 'long', year: 'numeric' },
  month: { month: 'long', year: 'numeric' },
  year: { year: 'numeric' },
};
const tickFormatOptions: Record<DatePrecision, Intl.DateTimeFormatOptions> = {
  day: { day: 'numeric', month: 'short' },
  month: { month: 'short', year: 'numeric' },
  year: { year: 'numeric' },
};
const dateFormats = new Map<string, Intl.DateTimeFormat>();

/** A date (YYYY-MM-DD) as precisely as it is meant: "12 mars 2017", "mars 2017" or "2017". */
export function formatIndicatorDate(locale: Locale, date: string, precision: DatePrecision, style: 'long' | 'tick' = 'long'): string {
  const key = `${locale}|${precision}|${style}`;
  let format = dateFormats.get(key);
  if (!format) {
    const options = (style === 'long' ? dateFormatOptions : tickFormatOptions)[precision];
    format = new Intl.DateTimeFormat(locale === 'sv' ? 'sv-SE' : 'en-GB', { ...options, timeZone: 'UTC' });
    dateFormats.set(key, format);
  }
  return format.format(new Date(`${date.slice(0, 10)}T00:00:00Z`));
}

interface Prepared {
  series: { label: string; points: ChartPoint[] }[];
  precision: DatePrecision;
  total: number;
}

// A figure's chart, its description and its table each need the series cleaned and sorted; the
// three get the same array, so it is done once per figure.
const preparedSeries = new WeakMap<readonly IndicatorSeries[], Prepared>();

function prepare(series: readonly IndicatorSeries[]): Prepared {
  let prepared = preparedSeries.get(series);
  if (!prepared) {
    const cleaned = series.map((s) => ({ label: s.label, points: cleanPoints(s.points) }));
    const all = cleaned.flatMap((s) => s.points);
    prepared = { series: cleaned, precision: datePrecisionOf(all), total: all.length };
    preparedSeries.set(series, prepared);
  }
  return prepared;
}

function valueText(locale: Locale, value: number, props: Pick<IndicatorChartProps, 'unit' | 'decimals'>): string {
  const number = formatNumber(locale, value, props.decimals ?? 2);
  return props.unit ? `${number} ${props.unit}` : number;
}

/**
 * The chart in words, for its <desc>: per series the first and latest value and the change, the
 * lowest and highest when there are more than two, then the target and baseline.
 */
export function describeIndicator(t: Translate, locale: Locale, props: IndicatorChartProps): string {
  const { series, precision } = prepare(props.series);
  const value = (n: number) => valueText(locale, n, props);
  const date = (d: string) => formatIndicatorDate(locale, d, precision);
  const sentences: string[] = [];
  for (const s of series) {
    const first = s.points[0];
    const last = s.points[s.points.length - 1];
    if (!first || !last) continue;
    if (s.points.length === 1) {
      sentences.push(t('chart.seriesSingle', { series: s.label, value: value(first.value), date: date(first.date) }));
      continue;
    }
    const change = last.value - first.value;
    const trend =
      change > 0
        ? t('chart.trendUp', { change: value(change) })
        : change < 0
          ? t('chart.trendDown', { change: value(-change) })
          : t('chart.trendFlat');
    sentences.push(
      t('chart.seriesSummary', { series: s.label, first: value(first.value), firstDate: date(first.date), last: value(last.value), lastDate: date(last.date), trend }),
    );
    if (s.points.length > 2) {
      let min = first;
      let max = first;
      for (const p of s.points) {
        if (p.value < min.value) min = p;
        if (p.value > max.value) max = p;
      }
      sentences.push(
        t('chart.range', { min: value(min.value), minDate: date(min.date), max: value(max.value), maxDate: date(max.date), count: formatNumber(locale, s.points.length) }),
      );
    }
  }
  if (sentences.length === 0) sentences.push(t('chart.noValues'));
  if (props.target !== undefined) sentences.push(t('chart.target', { value: value(props.target) }));
  if (props.baseline !== undefined) sentences.push(t('chart.baseline', { value: value(props.baseline) }));
  return sentences.join(' ');
}

/** The dash pattern of series i (solid, dashed, dotted, dash-dot), so lines differ without colour. */
const seriesDashes = [undefined, '10 5', '2 4', '12 4 2 4'];

/** The chart alone. Pair it with <IndicatorTable> (or use <IndicatorFigure>, which does). */
export function IndicatorChart(props: IndicatorChartProps) {
  const { t, locale } = usePage();
  const prepared = prepare(props.series);
  if (prepared.total === 0) {
    return (
      <p class="indicator-chart indicator-chart--empty" id={`${props.id}-chart`}>
        {t('chart.noValues')}
      </p>
    );
  }
  const all = prepared.series.flatMap((s) => s.points);
  const firstDay = Math.min(...prepared.series.flatMap((s) => (s.points[0] ? [s.points[0].day] : [])));
  const lastDay = Math.max(...prepared.series.flatMap((s) => (s.points.length ? [s.points[s.points.length - 1]!.day] : [])));
  const references = [props.baseline, props.target].filter((v): v is number => v !== undefined && Number.isFinite(v));
  let low = Infinity;
  let high = -Infinity;
  for (const p of all) {
    if (p.value < low) low = p.value;
    if (p.value > high) high = p.value;
  }
  const scale = valueScale([low, high, ...references], { fromZero: props.fromZero ?? true });
  const plot = plotOf(firstDay, lastDay, scale);
  const kind = props.kind ?? 'line';
  const left = chartBox.left;
  const right = chartBox.width - chartBox.right;
  const bottom = chartBox.height - chartBox.bottom;
  const titleId = `${props.id}-title`;
  const descId = `${props.id}-desc`;
  const number = (n: number) => formatNumber(locale, n, props.decimals ?? 2);
  const referenceLine = (value: number, which: 'target' | 'baseline', otherY: number | undefined) => {
    const y = Math.round(plot.y(value) * 10) / 10;
    // Labels above their line, unless the other line is just above: then below, so they never overlap.
    const labelY = otherY !== undefined && otherY < y && y - otherY < 18 ? y + 16 : y - 6;
    return (
      <g class={`indicator-chart__reference indicator-chart__reference--${which}`}>
        <line x1={left} x2={right} y1={y} y2={y} />
        <text x={right} y={labelY} text-anchor="end">
          {t(which === 'target' ? 'chart.targetLabel' : 'chart.baselineLabel')} {number(value)}
        </text>
      </g>
    );
  };
  const targetY = props.target !== undefined ? plot.y(props.target) : undefined;
  const baselineY = props.baseline !== undefined ? plot.y(props.baseline) : undefined;
  return (
    <div class="indicator-chart" id={`${props.id}-chart`}>
      <svg
        class="indicator-chart__svg"
        viewBox={`0 0 ${chartBox.width} ${chartBox.height}`}
        role="img"
        aria-labelledby={titleId}
        aria-describedby={descId}
        focusable="false"
      >
        <title id={titleId}>{props.title}</title>
        <desc id={descId}>{describeIndicator(t, locale, props)}</desc>
        <g class="indicator-chart__grid">
          {scale.ticks.map((tick) => {
            const y = Math.round(plot.y(tick) * 10) / 10;
            return (
              <g key={tick}>
                <line x1={left} x2={right} y1={y} y2={y} />
                <text x={left - 8} y={y + 5} text-anchor="end">
                  {number(tick)}
                </text>
              </g>
            );
          })}
        </g>
        {props.unit ? (
          <text class="indicator-chart__unit" x={left - 8} y={14} text-anchor="end">
            {props.unit}
          </text>
        ) : null}
        <g class="indicator-chart__axis">
          <line x1={left} x2={right} y1={bottom} y2={bottom} />
          {dateTicks(firstDay, lastDay).map((tick) => {
            const x = Math.round(plot.x(tick.day) * 10) / 10;
            return (
              <g key={tick.day}>
                <line x1={x} x2={x} y1={bottom} y2={bottom + 6} />
                <text x={x} y={bottom + 24} text-anchor="middle">
                  {formatIndicatorDate(locale, new Date(tick.day * 86_400_000).toISOString(), tick.precision, 'tick')}
                </text>
              </g>
            );
          })}
        </g>
        {props.baseline !== undefined ? referenceLine(props.baseline, 'baseline', targetY) : null}
        {props.target !== undefined ? referenceLine(props.target, 'target', baselineY) : null}
        {prepared.series.map((s, index) => {
          if (s.points.length === 0) return null;
          const drawn = downsample(s.points);
          const shape = markerShapes[index % markerShapes.length]!;
          const marked = drawn.length <= markerLimit ? drawn : [drawn[0]!, drawn[drawn.length - 1]!];
          return (
            <g key={index} class={`indicator-chart__series indicator-chart__series--${index % 4}`}>
              {drawn.length > 1 ? <path class="indicator-chart__line" d={pathOf(drawn, plot, kind)} stroke-dasharray={seriesDashes[index % 4]} /> : null}
              <path class="indicator-chart__marker" d={marked.map((p) => markerPath(shape, plot.x(p.day), plot.y(p.value))).join('')} />
            </g>
          );
        })}
      </svg>
      <Legend {...props} />
    </div>
  );
}

function LegendSymbol({ index, reference }: { index?: number; reference?: 'target' | 'baseline' }) {
  return (
    <svg class="indicator-legend__symbol" viewBox="0 0 36 14" width="36" height="14" aria-hidden="true" focusable="false">
      {reference ? (
        <g class={`indicator-chart__reference indicator-chart__reference--${reference}`}>
          <line x1="0" x2="36" y1="7" y2="7" />
        </g>
      ) : (
        <g class={`indicator-chart__series indicator-chart__series--${index! % 4}`}>
          <path class="indicator-chart__line" d="M0 7H36" stroke-dasharray={seriesDashes[index! % 4]} />
          <path class="indicator-chart__marker" d={markerPath(markerShapes[index! % markerShapes.length]!, 18, 7)} />
        </g>
      )}
    </svg>
  );
}

/** The key to the lines, as text beside the chart (not inside the image), so it can be read and zoomed. */
function Legend(props: IndicatorChartProps) {
  const { t, locale } = usePage();
  const value = (n: number) => valueText(locale, n, props);
  return (
    <ul class="indicator-legend" aria-label={t('chart.legend')}>
      {props.series.map((s, index) => (
        <li key={index}>
          <LegendSymbol index={index} />
          {s.label}
        </li>
      ))}
      {props.target !== undefined ? (
        <li>
          <LegendSymbol reference="target" />
          {t('chart.targetLabel')}: {value(props.target)}
        </li>
      ) : null}
      {props.baseline !== undefined ? (
        <li>
          <LegendSymbol reference="baseline" />
          {t('chart.baselineLabel')}: {value(props.baseline)}
        </li>
      ) : null}
    </ul>
  );
}

/**
 * The values as a table: one row per date (the latest `maxRows`, oldest first), one column per
 * series. A scrollable, labelled region, so a wide table never widens the page.
 */
export function IndicatorTable(props: IndicatorTableProps) {
  const { t, locale } = usePage();
  const prepared = prepare(props.series);
  if (prepared.total === 0) return <p class="indicator-table__empty">{t('chart.noValues')}</p>;
  const byDate = new Map<string, (number | undefined)[]>();
  prepared.series.forEach((s, index) => {
    for (const p of s.points) {
      let row = byDate.get(p.date);
      if (!row) byDate.set(p.date, (row = new Array<number | undefined>(prepared.series.length).fill(undefined)));
      // Two measurements on one date: the later one in the input is the one shown, as in the chart's line end.
      row[index] = p.value;
    }
  });
  const dates = [...byDate.keys()].sort();
  const maxRows = props.maxRows ?? 100;
  const shown = dates.slice(-maxRows);
  const header = (label: string) => (props.unit ? `${label} (${props.unit})` : label);
  const captionId = `${props.id}-table-caption`;
  return (
    <div class="indicator-table">
      <div class="table-scroll" role="region" tabindex={0} aria-labelledby={captionId}>
        <table class="ds-table indicator-table__table" data-size="sm">
          <caption id={captionId}>{props.title}</caption>
          <thead>
            <tr>
              <th scope="col">{t('chart.date')}</th>
              {props.series.map((s, index) => (
                <th key={index} scope="col" class="indicator-table__number">
                  {header(s.label)}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {shown.map((date) => (
              <tr key={date}>
                <th scope="row">{formatIndicatorDate(locale, date, prepared.precision)}</th>
                {byDate.get(date)!.map((value, index) => (
                  <td key={index} class="indicator-table__number">
                    {value === undefined ? (
                      <>
                        <span aria-hidden="true">–</span>
                        <span class="ds-sr-only">{t('chart.noValue')}</span>
                      </>
                    ) : (
                      formatNumber(locale, value, props.decimals ?? 2)
                    )}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {shown.length < dates.length ? (
        <p class="indicator-table__note">
          {t('chart.latestRows', { shown: formatNumber(locale, shown.length), total: formatNumber(locale, dates.length) })}
          {props.allValuesHref ? (
            <>
              {' '}
              <a href={props.allValuesHref}>{t('chart.allValues')}</a>
            </>
          ) : null}
        </p>
      ) : null}
    </div>
  );
}

/**
 * Chart and table together, as one figure: the table sits in a <details> under the chart (opened by
 * keyboard, read by screen readers, and printed open, see figures.css), or openly with tableOpen.
 */
export function IndicatorFigure(props: IndicatorTableProps & { tableOpen?: boolean }) {
  const { t } = usePage();
  const hasValues = prepare(props.series).total > 0;
  return (
    <figure class="indicator-figure" aria-labelledby={`${props.id}-caption`}>
      <figcaption id={`${props.id}-caption`} class="indicator-figure__caption">
        {props.title}
      </figcaption>
      <IndicatorChart {...props} />
      {hasValues ? (
        <details class="indicator-figure__data" open={props.tableOpen}>
          <summary>{t('chart.showTable')}</summary>
          <IndicatorTable {...props} />
        </details>
      ) : null}
    </figure>
  );
}
