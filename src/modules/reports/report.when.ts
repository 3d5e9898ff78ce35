// When a place feels unsafe: parts of the day and days of the week, as two bit sets, so that
// analyses (and the map's filter) can split reports by time. "Always" is every bit of both.
// Pure functions, shared by the form, the service, the filters and the presenters.

export const dayParts = ['day', 'evening', 'night'] as const;
export type DayPart = (typeof dayParts)[number];

/** Monday first, as in Sweden. */
export const weekDays = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export type WeekDay = (typeof weekDays)[number];

export const allParts = (1 << dayParts.length) - 1;
export const allDays = (1 << weekDays.length) - 1;

export function partBit(part: DayPart): number {
  return 1 << dayParts.indexOf(part);
}

export function dayBit(day: WeekDay): number {
  return 1 << weekDays.indexOf(day);
}

export function partsOf(mask: number): DayPart[] {
  return dayParts.filter((p) => (mask & partBit(p)) !== 0);
}

export function daysOf(mask: number): WeekDay[] {
  return weekDays.filter((d) => (mask & dayBit(d)) !== 0);
}

export function maskOfParts(parts: readonly DayPart[]): number {
  return parts.reduce((mask, p) => mask | partBit(p), 0);
}

export function maskOfDays(days: readonly WeekDay[]): number {
  return days.reduce((mask, d) => mask | dayBit(d), 0);
}

export function isAlways(parts: number, days: number): boolean {
  return parts === allParts && days === allDays;
}

export function isValidWhen(parts: number, days: number): boolean {
  return Number.isInteger(parts) && Number.isInteger(days) && parts > 0 && parts <= allParts && days > 0 && days <= allDays;
}

const weekdaysMask = maskOfDays(['mon', 'tue', 'wed', 'thu', 'fri']);
const weekendMask = maskOfDays(['sat', 'sun']);

/** How the days read in a sentence: every day, weekdays, weekends, or the days themselves. */
export type DaysSummary = { kind: 'every' } | { kind: 'weekdays' } | { kind: 'weekends' } | { kind: 'list'; days: WeekDay[] };

export function summariseDays(days: number): DaysSummary {
  if (days === allDays) return { kind: 'every' };
  if (days === weekdaysMask) return { kind: 'weekdays' };
  if (days === weekendMask) return { kind: 'weekends' };
  return { kind: 'list', days: daysOf(days) };
}
