// The arithmetic of the indicator chart (chart.tsx): cleaning and thinning the points, the scales,
// the ticks and the SVG path data. Pure functions, so the bounds that keep a 5,000-point chart
// small are tested without rendering anything.

export interface IndicatorPoint {
  /** ISO date, YYYY-MM-DD (a longer ISO timestamp is cut to its date). */
  date: string;
  value: number;
}

export interface IndicatorSeries {
  label: string;
  points: readonly IndicatorPoint[];
}

/** A point that can be drawn: a valid date (as days since 1970-01-01, UTC) and a finite value. */
export interface ChartPoint {
  day: number;
  date: string;
  value: number;
}

/** The drawing area in SVG user units; the SVG scales to its container through its viewBox. */
export const chartBox = { width: 640, height: 320, top: 34, right: 24, bottom: 40, left: 64 } as const;

/**
 * At most this many buckets per series are drawn (each keeps its lowest and highest value, so a
 * series draws at most 2 × this + 2 points). The chart is ~560 units wide: more points than that
 * cannot be told apart, they only make the page heavier.
 */
export const drawnBucketsPerSeries = 200;

/** Markers on every point up to this many drawn points; beyond it only the first and latest. */
export const markerLimit = 60;

const dayMs = 86_400_000;

const isLeapYear = (year: number) => year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
const daysInMonth = (year: number, month: number) => (month === 2 ? (isLeapYear(year) ? 29 : 28) : month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31);

export function dayOf(date: string): number {
  const match = /^(\d{4})-(\d{2})-(\d{2})/.exec(date);
  if (!match) return Number.NaN;
  const year = Number(match[1]);
  const month = Number(match[2]);
  const day = Number(match[3]);
  // 2017-02-31 is not a date (Date.UTC would roll it over into March). Checked by arithmetic: a
  // chart checks every point's date, and a Date per check showed in the bench profile.
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return Number.NaN;
  return Date.UTC(year, month - 1, day) / dayMs;
}

/** The drawable points in date order; points without a valid date or a finite value are left out. */
export function cleanPoints(points: readonly IndicatorPoint[]): ChartPoint[] {
  const clean: ChartPoint[] = [];
  for (const point of points) {
    const day = dayOf(point.date);
    // A valid date's first ten characters are the day itself (dayOf checked them).
    if (Number.isFinite(day) && Number.isFinite(point.value)) clean.push({ day, date: point.date.slice(0, 10), value: point.value });
  }
  return clean.sort((a, b) => a.day - b.day);
}

/**
 * Thins a series for drawing only: the first and latest points stay, and each of `buckets` runs of
 * points in between keeps its lowest and its highest value (in date order), so peaks and dips stay
 * visible where an average would smooth them away.
 */
export function downsample(points: readonly ChartPoint[], buckets = drawnBucketsPerSeries): ChartPoint[] {
  if (points.length <= 2 * buckets + 2) return [...points];
  const first = points[0]!;
  const last = points[points.length - 1]!;
  const inner = points.length - 2;
  const kept: ChartPoint[] = [first];
  for (let bucket = 0; bucket < buckets; bucket++) {
    const start = 1 + Math.floor((bucket * inner) / buckets);
    const end = 1 + Math.floor(((bucket + 1) * inner) / buckets);
    if (end <= start) continue;
    let min = start;
    let max = start;
    for (let i = start + 1; i < end; i++) {
      if (points[i]!.value < points[min]!.value) min = i;
      if (points[i]!.value > points[max]!.value) max = i;
    }
    if (min === max) kept.push(points[min]!);
    else kept.push(points[Math.min(min, max)]!, points[Math.max(min, max)]!);
  }
  kept.push(last);
  return kept;
}

export interface ValueScale {
  min: number;
  max: number;
  ticks: number[];
}

/** "Nice" round ticks (1, 2, 2.5 or 5 × a power of ten) covering the values, about `count` of them. */
export function valueScale(values: readonly number[], { fromZero = true, count = 5 } = {}): ValueScale {
  let low = Math.min(...values);
  let high = Math.max(...values);
  if (fromZero && low >= 0) low = 0;
  if (fromZero && high <= 0) high = 0;
  if (low === high) {
    const pad = Math.abs(low) > 0 ? Math.abs(low) / 2 : 1;
    low -= pad;
    high += pad;
    if (fromZero && values.every((v) => v >= 0)) low = Math.max(0, low);
  }
  const rough = (high - low) / count;
  const power = 10 ** Math.floor(Math.log10(rough));
  const step = [1, 2, 2.5, 5, 10].map((m) => m * power).find((s) => s >= rough) ?? 10 * power;
  const min = Math.floor(low / step) * step;
  const max = Math.ceil(high / step) * step;
  const ticks: number[] = [];
  // Rounded to the step's precision, so 0.1 + 0.2 is drawn as 0.3.
  const digits = Math.max(0, -Math.floor(Math.log10(step)) + 1);
  for (let v = min; v <= max + step / 2; v += step) ticks.push(Number(v.toFixed(digits)));
  return { min, max, ticks };
}

export type DatePrecision = 'day' | 'month' | 'year';

/** How precisely the dates are meant: all on 1 January → years; all on the 1st → months. */
export function datePrecisionOf(points: readonly ChartPoint[]): DatePrecision {
  if (points.length === 0) return 'day';
  if (points.every((p) => p.date.endsWith('-01-01'))) return 'year';
  if (points.every((p) => p.date.endsWith('-01'))) return 'month';
  return 'day';
}

export interface DateTick {
  day: number;
  precision: DatePrecision;
}

/** At most about six date ticks on whole years, months or days, whichever the span suits. */
export function dateTicks(firstDay: number, lastDay: number): DateTick[] {
  if (lastDay <= firstDay) return [{ day: firstDay, precision: 'day' }];
  const first = new Date(firstDay * dayMs);
  const last = new Date(lastDay * dayMs);
  const years = last.getUTCFullYear() - first.getUTCFullYear();
  const ticks: DateTick[] = [];
  if (lastDay - firstDay > 3 * 366) {
    const step = Math.max(1, Math.ceil((years + 1) / 6));
    for (let year = first.getUTCFullYear() + (first.getUTCMonth() === 0 && first.getUTCDate() === 1 ? 0 : 1); year <= last.getUTCFullYear(); year += step) {
      ticks.push({ day: Date.UTC(year, 0, 1) / dayMs, precision: 'year' });
    }
    return ticks;
  }
  if (lastDay - firstDay > 62) {
    const months = years * 12 + last.getUTCMonth() - first.getUTCMonth();
    const step = [1, 2, 3, 6, 12].find((s) => months / s <= 6) ?? 12;
    let year = first.getUTCFullYear();
    let month = first.getUTCMonth() + (first.getUTCDate() === 1 ? 0 : 1);
    // Ticks on months that are a multiple of the step (jan, apr, jul, okt for a quarter), so they read as a calendar.
    month = Math.ceil(month / step) * step;
    for (;;) {
      const day = Date.UTC(year, month, 1) / dayMs;
      if (day > lastDay) break;
      ticks.push({ day, precision: 'month' });
      month += step;
      if (month >= 12) {
        year += Math.floor(month / 12);
        month %= 12;
      }
    }
    return ticks;
  }
  const span = lastDay - firstDay;
  const step = [1, 2, 7, 14].find((s) => span / s <= 6) ?? 14;
  for (let day = firstDay; day <= lastDay; day += step) ticks.push({ day, precision: 'day' });
  return ticks;
}

export interface Plot {
  x: (day: number) => number;
  y: (value: number) => number;
}

export function plotOf(firstDay: number, lastDay: number, scale: ValueScale): Plot {
  const left = chartBox.left;
  const right = chartBox.width - chartBox.right;
  const top = chartBox.top;
  const bottom = chartBox.height - chartBox.bottom;
  const span = lastDay - firstDay;
  return {
    x: (day) => (span === 0 ? (left + right) / 2 : left + ((day - firstDay) / span) * (right - left)),
    y: (value) => bottom - ((value - scale.min) / (scale.max - scale.min)) * (bottom - top),
  };
}

const round = (n: number) => Math.round(n * 10) / 10;

/** Path data through the points: straight lines, or steps that hold each value until the next. */
export function pathOf(points: readonly ChartPoint[], plot: Plot, kind: 'line' | 'step'): string {
  let d = '';
  points.forEach((point, index) => {
    const x = round(plot.x(point.day));
    const y = round(plot.y(point.value));
    if (index === 0) d = `M${x} ${y}`;
    else if (kind === 'step') d += `H${x}V${y}`;
    else d += `L${x} ${y}`;
  });
  return d;
}

export type MarkerShape = 'circle' | 'square' | 'triangle' | 'diamond';
export const markerShapes: readonly MarkerShape[] = ['circle', 'square', 'triangle', 'diamond'];

/** A marker centred on (x, y) as path data, so every shape is one element with one class. */
export function markerPath(shape: MarkerShape, x: number, y: number, r = 4.5): string {
  const [cx, cy] = [round(x), round(y)];
  switch (shape) {
    case 'circle':
      return `M${round(cx - r)} ${cy}a${r} ${r} 0 1 0 ${2 * r} 0a${r} ${r} 0 1 0 ${-2 * r} 0Z`;
    case 'square':
      return `M${round(cx - r)} ${round(cy - r)}h${2 * r}v${2 * r}h${-2 * r}Z`;
    case 'triangle':
      return `M${cx} ${round(cy - r * 1.2)}L${round(cx + r * 1.1)} ${round(cy + r * 0.9)}H${round(cx - r * 1.1)}Z`;
    case 'diamond':
      return `M${cx} ${round(cy - r * 1.3)}L${round(cx + r * 1.3)} ${cy}L${cx} ${round(cy + r * 1.3)}L${round(cx - r * 1.3)} ${cy}Z`;
  }
}
