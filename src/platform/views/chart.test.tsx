import { describe, expect, it } from 'vitest';
import { renderView } from '../../../test/views.js';
import { cleanPoints, dateTicks, dayOf, downsample, drawnBucketsPerSeries, valueScale, type IndicatorPoint } from './chart.scale.js';
import { IndicatorChart, IndicatorFigure, IndicatorTable } from './chart.js';

const months = ['01', '02', '03', '04', '05', '06', '07', '08', '09', '10', '11', '12'];
const safety: IndicatorPoint[] = months.map((m, i) => ({ date: `2017-${m}-01`, value: [12, 14, 8, 18, 17, 20, 22, 21, 25, 27, 31, 30][i]! }));
const daily = (n: number): IndicatorPoint[] =>
  Array.from({ length: n }, (_, i) => ({ date: new Date(Date.UTC(2010, 0, 1) + i * 86_400_000).toISOString().slice(0, 10), value: 50 + Math.round(30 * Math.sin(i / 150)) }));

const descOf = (html: string) => /<desc[^>]*>([^<]*)<\/desc>/.exec(html)?.[1];
const pointsIn = (d: string) => d.match(/[MLHV]/g)?.length ?? 0;

describe('IndicatorChart', () => {
  it('summarises the series in words: first and latest value, change, lowest and highest, target and baseline', () => {
    const html = renderView(<IndicatorChart id="t" title="Känner sig trygga" series={[{ label: 'Andel trygga', points: safety }]} unit="%" target={40} baseline={12} />);
    expect(descOf(html)).toBe(
      'Andel trygga: från 12 % (januari 2017) till 30 % (december 2017), en ökning med 18 %. ' +
        'Lägst 8 % (mars 2017), högst 31 % (november 2017), 12 mätningar. Målet är 40 %. Utgångsvärdet är 12 %.',
    );
    expect(html).toContain('role="img"');
    expect(html).toMatch(/<svg[^>]*aria-labelledby="t-title"[^>]*aria-describedby="t-desc"/);
    expect(html).toContain('<title id="t-title">Känner sig trygga</title>');
    expect(html).toContain('viewBox="0 0 640 320"');
  });

  it('says it in English, with English numbers and dates', () => {
    const points = [
      { date: '2017-01-15', value: 1234.5 },
      { date: '2017-06-15', value: 1000 },
    ];
    const html = renderView(<IndicatorChart id="t" title="Reports" series={[{ label: 'Reports', points }]} target={900} />, 'en');
    expect(descOf(html)).toBe('Reports: from 1,234.5 (15 January 2017) to 1,000 (15 June 2017), a decrease of 234.5. The target is 900.');
  });

  it('uses Swedish number formatting (decimal comma, space between thousands)', () => {
    const html = renderView(<IndicatorTable id="t" title="Anmälningar" series={[{ label: 'Antal', points: [{ date: '2020-01-01', value: 12345.25 }] }]} />);
    expect(html).toMatch(/<td class="indicator-table__number">12\s345,25<\/td>/);
  });

  it('marks target and baseline with their own dash and label, and series with different markers and dashes', () => {
    const html = renderView(
      <IndicatorChart id="t" title="Två serier" series={[{ label: 'A', points: safety }, { label: 'B', points: safety.map((p) => ({ ...p, value: p.value + 5 })) }]} target={40} baseline={12} />,
    );
    expect(html).toMatch(/indicator-chart__reference--target"><line[^>]*\/?>(<\/line>)?<text[^>]*>Mål 40<\/text>/);
    expect(html).toMatch(/indicator-chart__reference--baseline"><line[^>]*\/?>(<\/line>)?<text[^>]*>Utgångsvärde 12<\/text>/);
    const [first, second] = [...html.matchAll(/class="indicator-chart__marker" d="([^"]*)"/g)].map((m) => m[1]!);
    expect(first).toContain('a4.5'); // circles
    expect(second).toMatch(/^M[\d.]+ [\d.]+h9v9h-9Z/); // squares
    expect(html).toContain('stroke-dasharray="10 5"');
    // The legend is text beside the image, with the same symbols.
    expect(html).toMatch(/<ul class="indicator-legend" aria-label="Förklaring till diagrammet">.*A<\/li>.*B<\/li>.*Mål: 40<\/li>.*Utgångsvärde: 12<\/li>/);
  });

  it('sets no style attribute, which the Content-Security-Policy would refuse', () => {
    const html = renderView(<IndicatorFigure id="t" title="T" series={[{ label: 'A', points: safety }]} target={40} />);
    expect(html).not.toMatch(/\sstyle=/);
  });

  it('draws steps that hold each value until the next measurement', () => {
    const html = renderView(<IndicatorChart id="t" title="T" kind="step" series={[{ label: 'A', points: safety.slice(0, 3) }]} />);
    const d = /class="indicator-chart__line" d="([^"]*)"/.exec(html)![1]!;
    expect(d).toMatch(/^M[\d.]+ [\d.]+H[\d.]+V[\d.]+H[\d.]+V[\d.]+$/);
  });

  it('shows a sentence instead of an empty chart when there are no values, and no table', () => {
    const html = renderView(<IndicatorFigure id="t" title="Inga mätningar" series={[{ label: 'A', points: [] }]} target={10} />);
    expect(html).toContain('Det finns inga värden ännu.');
    expect(html).not.toContain('<svg class="indicator-chart__svg"');
    expect(html).not.toContain('<table');
  });

  it('draws a single value as one marker and says so', () => {
    const html = renderView(<IndicatorChart id="t" title="T" series={[{ label: 'Andel', points: [{ date: '2017-03-14', value: 12 }] }]} unit="%" />);
    expect(descOf(html)).toBe('Andel: 12 % (14 mars 2017).');
    const chart = html.slice(0, html.indexOf('<ul class="indicator-legend"'));
    expect(chart).not.toContain('indicator-chart__line');
    expect(chart.match(/class="indicator-chart__marker" d="M[^M]*"/g)).toHaveLength(1);
  });

  it('leaves out points with an invalid date or value, and names dates as precisely as they are meant', () => {
    const html = renderView(
      <IndicatorChart id="t" title="T" series={[{ label: 'A', points: [{ date: '2017-02-30', value: 5 }, { date: '2017-03-01', value: Number.NaN }, { date: '2017-04-01', value: 7 }] }]} />,
    );
    // All remaining dates fall on the 1st: monthly values, named by month.
    expect(descOf(html)).toBe('A: 7 (april 2017).');
  });

  it('renders 5,000 daily values quickly into a small SVG, and the table shows the latest 100 with a note', () => {
    const started = performance.now();
    const html = renderView(<IndicatorFigure id="t" title="Anmälningar per dag" series={[{ label: 'Anmälningar', points: daily(5000) }]} allValuesHref="/alla.csv" />);
    const elapsed = performance.now() - started;
    expect(elapsed).toBeLessThan(1500);
    expect(html.length).toBeLessThan(40_000);
    const d = /class="indicator-chart__line" d="([^"]*)"/.exec(html)![1]!;
    expect(pointsIn(d)).toBeLessThanOrEqual(2 * drawnBucketsPerSeries + 2);
    expect(html.match(/<tr>/g)).toHaveLength(101); // the header and 100 rows
    expect(html).toContain('Tabellen visar de senaste 100 av 5\u00a0000 mätningarna.');
    expect(html).toContain('<a href="/alla.csv">Alla värden</a>');
    // The summary still speaks of every value, not of the thinned drawing.
    expect(descOf(html)).toContain('5\u00a0000 mätningar');
  });
});

describe('IndicatorTable', () => {
  it('has a caption, column and row headers, units in the headers and a row per date across the series', () => {
    const html = renderView(
      <IndicatorTable
        id="t"
        title="Trygghet"
        unit="%"
        series={[
          { label: 'Centrum', points: [{ date: '2017-01-01', value: 12 }, { date: '2017-02-01', value: 14 }] },
          { label: 'Hamnen', points: [{ date: '2017-02-01', value: 9 }] },
        ]}
      />,
    );
    expect(html).toContain('<caption id="t-table-caption">Trygghet</caption>');
    expect(html).toContain('role="region" tabindex="0" aria-labelledby="t-table-caption"');
    expect(html).toContain('<th scope="col">Datum</th>');
    expect(html).toContain('<th scope="col" class="indicator-table__number">Centrum (%)</th>');
    expect(html).toContain('<th scope="row">januari 2017</th>');
    expect(html).toContain('<span class="ds-sr-only">inget värde</span>');
    expect(html.match(/<tr>/g)).toHaveLength(3);
  });
});

describe('IndicatorFigure', () => {
  it('pairs the chart with its table in a <details> that can be opened', () => {
    const closed = renderView(<IndicatorFigure id="t" title="T" series={[{ label: 'A', points: safety }]} />);
    expect(closed).toMatch(/<figure class="indicator-figure" aria-labelledby="t-caption"><figcaption id="t-caption"[^>]*>T<\/figcaption>/);
    expect(closed).toMatch(/<details class="indicator-figure__data"><summary>Visa värdena som tabell<\/summary>.*<table/);
    const open = renderView(<IndicatorFigure id="t" title="T" tableOpen series={[{ label: 'A', points: safety }]} />);
    expect(open).toContain('<details class="indicator-figure__data" open>');
  });
});

describe('chart scales', () => {
  it('thins a long series to a bound but keeps its first, latest, highest and lowest points', () => {
    const points = cleanPoints(daily(5000));
    points[1234]!.value = 999;
    points[3210]!.value = -999;
    const drawn = downsample(points);
    expect(drawn.length).toBeLessThanOrEqual(2 * drawnBucketsPerSeries + 2);
    expect(drawn[0]).toBe(points[0]);
    expect(drawn[drawn.length - 1]).toBe(points[4999]);
    expect(drawn).toContain(points[1234]);
    expect(drawn).toContain(points[3210]);
    expect(drawn.map((p) => p.day)).toEqual([...drawn.map((p) => p.day)].sort((a, b) => a - b));
    expect(downsample(points.slice(0, 50))).toHaveLength(50);
  });

  it('rejects impossible dates', () => {
    expect(dayOf('2017-02-29')).toBeNaN();
    expect(dayOf('2016-02-29')).toBe(Date.UTC(2016, 1, 29) / 86_400_000);
    expect(dayOf('29/2/2016')).toBeNaN();
    expect(dayOf('1900-02-29')).toBeNaN();
    expect(dayOf('2000-02-29')).toBe(Date.UTC(2000, 1, 29) / 86_400_000);
    for (const impossible of ['2017-04-31', '2017-13-01', '2017-00-10', '2017-06-00']) expect(dayOf(impossible), impossible).toBeNaN();
    expect(dayOf('2017-12-31')).toBe(Date.UTC(2017, 11, 31) / 86_400_000);
  });

  it('chooses round value ticks from zero that cover the target', () => {
    expect(valueScale([12, 31, 40])).toEqual({ min: 0, max: 40, ticks: [0, 10, 20, 30, 40] });
    expect(valueScale([0.1, 0.3]).ticks).toEqual([0, 0.1, 0.2, 0.3]);
    expect(valueScale([-3, 7]).ticks).toEqual([-4, -2, 0, 2, 4, 6, 8]);
    expect(valueScale([5, 5]).ticks.length).toBeGreaterThan(1);
  });

  it('puts at most about six date ticks on years, months or days', () => {
    const day = (d: string) => dayOf(d);
    expect(dateTicks(day('2010-01-01'), day('2023-09-01')).map((t) => t.precision)).toEqual(Array(5).fill('year'));
    const months = dateTicks(day('2017-01-01'), day('2017-12-01'));
    expect(months.length).toBeLessThanOrEqual(6);
    expect(months.every((t) => t.precision === 'month')).toBe(true);
    expect(dateTicks(day('2017-03-01'), day('2017-03-10')).length).toBeLessThanOrEqual(6);
    expect(dateTicks(day('2017-03-01'), day('2017-03-01'))).toHaveLength(1);
  });
});
