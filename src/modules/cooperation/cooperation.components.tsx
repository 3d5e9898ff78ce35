// Parts every cooperation page shares: status, progress, traffic light and party, each readable
// without colour and without JavaScript (the word carries the meaning; colour and shape repeat
// it). Styles in client/cooperation.css.
import { formatDate } from '../../platform/i18n/i18n.js';
import { usePage } from '../../platform/views/page-context.js';
import type { ActivityStatus, Assessment, CalendarDate, ResponsibleParty } from './cooperation.tables.js';

export function StatusBadge({ status }: { status: ActivityStatus }) {
  const { t } = usePage();
  return <span class={`coop-status coop-status--${status}`}>{t(`cooperation.status.${status}`)}</span>;
}

/**
 * A progress bar whose number is always in the text ("40 % klart"): the bar only draws it, so it is
 * hidden from screen readers, which would otherwise hear the figure twice.
 */
export function ProgressBar({ progress }: { progress: number }) {
  const { t } = usePage();
  const clamped = Math.max(0, Math.min(100, Math.round(progress)));
  return (
    <div class="coop-progress">
      <progress class="coop-progress__bar" max={100} value={clamped} aria-hidden="true" />
      <span class="coop-progress__text">{t('cooperation.progress', { n: String(clamped) })}</span>
    </div>
  );
}

/** The traffic light in words and colour: "Gul – risk för avvikelse: <why>". */
export function TrafficLight({ assessment, text }: { assessment: Assessment | null; text?: string }) {
  const { t } = usePage();
  if (!assessment) return <span class="coop-light coop-light--none">{t('cooperation.assessment.none')}</span>;
  return (
    <span class={`coop-light coop-light--${assessment}`}>
      <span class="coop-light__dot" aria-hidden="true" />
      <strong>{t(`cooperation.assessment.${assessment}`)}</strong>
      {' – '}
      {t(`cooperation.assessment.${assessment}Meaning`)}
      {text ? `: ${text}` : null}
    </span>
  );
}

export function PartyLabel({ party, organisationName, role }: { party: ResponsibleParty; organisationName?: string | null; role?: string }) {
  const { t } = usePage();
  const who = party === 'partner' && organisationName ? organisationName : t(`cooperation.party.${party}`);
  return (
    <span class={`coop-party coop-party--${party}`}>
      {who}
      {role ? ` (${role})` : null}
    </span>
  );
}

/** A calendar date in the reader's language ("15 mars 2017"). */
export function CalendarDateText({ date }: { date: CalendarDate }) {
  const { locale } = usePage();
  return <time datetime={date}>{formatDate(locale, `${date}T12:00:00Z`)}</time>;
}

/** "1 jan 2017 – 31 dec 2017", or "från 1 jan 2017, löpande" for an ongoing activity. */
export function Period({ start, end }: { start: CalendarDate; end: CalendarDate | null }) {
  const { t } = usePage();
  return (
    <span class="coop-period">
      <CalendarDateText date={start} />
      {' – '}
      {end ? <CalendarDateText date={end} /> : t('cooperation.ongoing')}
    </span>
  );
}
