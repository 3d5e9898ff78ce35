// Parts the public cooperation pages share (an activity's state as a card, the follow-up
// timeline, status counts) and the home page's section.
// The plans' and löften's text is Swedish: on an English page it carries lang="sv".
import type { ComponentChildren } from 'preact';
import { fileUrl } from '../../platform/files/index.js';
import { formatNumber } from '../../platform/i18n/i18n.js';
import { placeUrl } from '../../platform/places/index.js';
import { KeysetPagination } from '../../platform/views/components.js';
import { kommunPath, usePage } from '../../platform/views/page-context.js';
import { CalendarDateText, PartyLabel, ProgressBar, StatusBadge, TrafficLight } from './cooperation.components.js';
import { activityStatuses } from './cooperation.tables.js';
import type { EntryRow, EntryWithTarget } from './entry.repository.js';
import type { ActivityRow, ActivitySummary, LinkedPlace } from './plan.repository.js';
import { coopPaths, entryAnchor } from './public.presenter.js';
import type { PromiseItemSummary, PromiseItemView } from './promise-public.service.js';
import type { StatusCounts, TimelinePage } from './public.service.js';

/** lang="sv" for the plans' own text when the page is in another language. */
export function contentLang(): 'sv' | undefined {
  return usePage().locale === 'sv' ? undefined : 'sv';
}


/**
 * An activity's state as three term–value pairs of a <dl>: its status, progress and traffic
 * light, the same on the overview's cards, the activity page and the löfte page.
 */
export function ActivityStateFacts({ activity }: { activity: Pick<ActivityRow, 'title' | 'status' | 'progress' | 'assessment' | 'assessmentText'> }) {
  const { t } = usePage();
  return (
    <>
      <dt>{t('cooperation.public.status')}</dt>
      <dd>
        <StatusBadge status={activity.status} />
      </dd>
      <dt>{t('cooperation.public.progress')}</dt>
      <dd>
        <ProgressBar progress={activity.progress} />
      </dd>
      <dt>{t('cooperation.public.assessment')}</dt>
      <dd>
        <TrafficLight assessment={activity.assessment} text={activity.assessmentText} />
      </dd>
    </>
  );
}

export function PlaceLinks({ places }: { places: readonly LinkedPlace[] }) {
  const page = usePage();
  if (places.length === 0) return <span>{page.t('cooperation.public.noPlaces')}</span>;
  return (
    <ul class="coop-inline-list" lang={contentLang()}>
      {places.map((p) => (
        <li key={p.id}>
          <a href={placeUrl(page.kommun?.slug ?? '', p)}>{p.name}</a>
        </li>
      ))}
    </ul>
  );
}

export function LastUpdate({ date }: { date: string | null }) {
  const { t } = usePage();
  return date ? <CalendarDateText date={date} /> : <span>{t('cooperation.public.noUpdateYet')}</span>;
}

/** One activity as a card: every fact in words, laid out as a term list that fits a 320 px screen. */
export function ActivityCard({ activity, planSlug, places, headingLevel = 3 }: { activity: ActivitySummary; planSlug: string; places: readonly LinkedPlace[]; headingLevel?: 2 | 3 | 4 }) {
  const page = usePage();
  const { t } = page;
  const Heading = `h${headingLevel}` as 'h2' | 'h3' | 'h4';
  return (
    <li class="coop-card">
      <Heading class="ds-heading coop-card__title" data-size="xs" lang={contentLang()}>
        <a class="ds-link" href={kommunPath(page, coopPaths.activity(planSlug, activity.slug))}>
          {activity.title}
        </a>
      </Heading>
      <dl class="coop-facts">
        <ActivityStateFacts activity={activity} />
        <dt>{t('cooperation.public.responsible')}</dt>
        <dd lang={contentLang()}>
          <PartyLabel party={activity.responsibleParty} organisationName={activity.responsibleOrganisationName} role={activity.responsibleRole} />
        </dd>
        <dt>{t('cooperation.public.places')}</dt>
        <dd>
          <PlaceLinks places={places} />
        </dd>
        <dt>{t('cooperation.public.lastUpdate')}</dt>
        <dd>
          <LastUpdate date={activity.lastPublicUpdateOn} />
        </dd>
      </dl>
    </li>
  );
}

export function StatusCountList({ counts, total }: { counts: StatusCounts; total: number }) {
  const { t } = usePage();
  return (
    <div class="coop-counts">
      <p>{t('cooperation.public.activityCount', { n: String(total) })}</p>
      <ul class="coop-inline-list">
        {activityStatuses
          .filter((s) => counts[s] > 0)
          .map((s) => (
            <li key={s}>
              <StatusBadge status={s} /> {counts[s]}
            </li>
          ))}
      </ul>
    </div>
  );
}

/** What an entry changed, in words: "Status: Pågår → Genomförd", "Framsteg: 40 % → 100 %". */
function EntryChanges({ entry }: { entry: EntryRow }) {
  const { t } = usePage();
  const changes: ComponentChildren[] = [];
  if (entry.statusTo) {
    const to = t(`cooperation.status.${entry.statusTo}`);
    changes.push(
      <li key="status">{entry.statusFrom && entry.statusFrom !== entry.statusTo ? t('cooperation.public.statusChange', { from: t(`cooperation.status.${entry.statusFrom}`), to }) : t('cooperation.public.statusSet', { to })}</li>,
    );
  }
  if (entry.progressTo !== null) {
    const to = String(entry.progressTo);
    changes.push(
      <li key="progress">{entry.progressFrom !== null && entry.progressFrom !== entry.progressTo ? t('cooperation.public.progressChange', { from: String(entry.progressFrom), to }) : t('cooperation.public.progressSet', { to })}</li>,
    );
  }
  if (entry.assessmentTo) {
    changes.push(
      <li key="assessment">
        {t('cooperation.public.assessmentSet')} <TrafficLight assessment={entry.assessmentTo} text={entry.assessmentText} />
      </li>,
    );
  }
  if (changes.length === 0) return null;
  return <ul class="coop-entry__changes">{changes}</ul>;
}

function TimelineEntry({ entry, timeline, showTarget }: { entry: EntryRow | EntryWithTarget; timeline: TimelinePage<EntryRow>; showTarget: boolean }) {
  const page = usePage();
  const { t, locale } = page;
  const values = timeline.values.get(entry.id) ?? [];
  const files = timeline.files.get(entry.id) ?? [];
  const images = files.filter((f) => f.kind === 'image');
  const documents = files.filter((f) => f.kind === 'document');
  const target = 'activitySlug' in entry ? entry : null;
  const kommunSlug = page.kommun?.slug ?? '';
  const author = [entry.authorRole, entry.authorOrganisationName].filter(Boolean).join(', ');
  return (
    <li class="coop-entry" id={entryAnchor(entry.id)}>
      <article aria-labelledby={`${entryAnchor(entry.id)}-title`}>
        <h3 class="ds-heading" data-size="2xs" id={`${entryAnchor(entry.id)}-title`} lang={contentLang()}>
          {entry.title}
        </h3>
        <p class="coop-entry__meta">
          <CalendarDateText date={entry.happenedOn} />
          {author ? (
            <>
              {' · '}
              <span lang={contentLang()}>{t('cooperation.public.writtenBy', { author })}</span>
            </>
          ) : null}
        </p>
        {showTarget && target ? (
          <p class="coop-entry__target">
            {target.activitySlug && target.planSlug ? (
              <>
                {t('cooperation.public.aboutActivity')}{' '}
                <a href={kommunPath(page, coopPaths.activity(target.planSlug, target.activitySlug))} lang={contentLang()}>
                  {target.activityTitle}
                </a>
              </>
            ) : (
              t('cooperation.public.aboutPromise')
            )}
          </p>
        ) : null}
        <EntryChanges entry={entry} />
        {entry.bodyHtml ? <div class="coop-entry__body" lang={contentLang()} dangerouslySetInnerHTML={{ __html: entry.bodyHtml }} /> : null}
        {values.length > 0 ? (
          <>
            <p class="coop-entry__figures-title">{t('cooperation.public.figures')}</p>
            <ul class="coop-entry__figures" lang={contentLang()}>
              {values.map((v) => (
                <li key={v.id}>
                  {v.name}: <strong>{formatNumber(locale, v.value)}</strong> {v.unit}
                </li>
              ))}
            </ul>
          </>
        ) : null}
        {images.map((image) => (
          <figure key={image.id} class="coop-entry__image">
            <img src={fileUrl(kommunSlug, image.fileId)} alt={image.title} loading="lazy" />
          </figure>
        ))}
        {documents.length > 0 ? (
          <ul class="coop-entry__documents">
            {documents.map((d) => (
              <li key={d.id}>
                <a class="ds-link" href={fileUrl(kommunSlug, d.fileId)} lang={contentLang()}>
                  {d.title}
                </a>
              </li>
            ))}
          </ul>
        ) : null}
      </article>
    </li>
  );
}

/** The public follow-up, newest first, with a link to older entries. */
export function Timeline({ timeline, olderHref, newestHref, showTarget = false }: { timeline: TimelinePage<EntryRow>; olderHref: string | null; newestHref: string | null; showTarget?: boolean }) {
  const { t } = usePage();
  return (
    <section class="coop-timeline" aria-labelledby="coop-timeline-heading">
      <h2 id="coop-timeline-heading" class="ds-heading" data-size="sm">
        {t('cooperation.public.timeline')}
      </h2>
      {timeline.entries.length === 0 ? (
        <p>{t('cooperation.public.timelineEmpty')}</p>
      ) : (
        <ol class="coop-entries">
          {timeline.entries.map((entry) => (
            <TimelineEntry key={entry.id} entry={entry} timeline={timeline} showTarget={showTarget} />
          ))}
        </ol>
      )}
      <KeysetPagination newerHref={newestHref} olderHref={olderHref} />
    </section>
  );
}

export function FeedLink({ path, label }: { path: string; label: string }) {
  const page = usePage();
  return (
    <a class="ds-link" href={kommunPath(page, path)} type="application/atom+xml">
      {label}
    </a>
  );
}

/**
 * "Follow by e-mail": a link to the subscribe form on a page of its own. The form carries a CSRF
 * token, and a page with a token cannot be kept in the anonymous page cache; the link keeps the
 * activity and löfte pages, which residents read far more often than they subscribe, cacheable.
 */
export function FollowByEmailLink({ href, title }: { href: string; title: string }) {
  const { t } = usePage();
  return (
    <section class="coop-follow" aria-labelledby="coop-follow-heading">
      <h2 id="coop-follow-heading" class="ds-heading" data-size="xs">
        {t('subscriptions.formHeading')}
      </h2>
      <p>
        <a class="ds-link" href={href}>
          {t('cooperation.public.followByEmail', { title })}
        </a>
      </p>
    </section>
  );
}

// ---- home page section --------------------------------------------------------------------------

/** A promise's state in one line: the summary word, the mean progress and the last update. */
export function PromiseItemStateText({ item }: { item: Pick<PromiseItemView, 'state'> }) {
  const { t } = usePage();
  const { status, progress, lastUpdateOn } = item.state;
  if (!status) return <span>{t('cooperation.public.noLinkedActivity')}</span>;
  return (
    <span class="coop-item-state">
      <StatusBadge status={status} />
      {progress !== null ? <span>{t('cooperation.progress', { n: String(progress) })}</span> : null}
      {lastUpdateOn ? (
        <span>
          {t('cooperation.public.updatedOn')} <CalendarDateText date={lastUpdateOn} />
        </span>
      ) : null}
    </span>
  );
}

export function PromiseHomeSection({ data }: { data: { version: { slug: string; title: string }; items: PromiseItemSummary[] } }) {
  const page = usePage();
  const { t } = page;
  return (
    <section class="home-section" aria-labelledby="coop-home-heading">
      <h2 id="coop-home-heading" class="ds-heading" data-size="md">
        {t('cooperation.public.homeTitle', { title: data.version.title })}
      </h2>
      <ul class="coop-plain-list coop-home-items">
        {data.items.map((item, index) => (
          <li key={index}>
            <strong>{t(`cooperation.promiseParty.${item.party}`)}</strong> <span lang={contentLang()}>{item.text}</span>{' '}
            <PromiseItemStateText item={item} />
          </li>
        ))}
      </ul>
      <p>
        <a class="ds-link" href={kommunPath(page, coopPaths.promise(data.version.slug))}>
          {t('cooperation.public.homeLink')}
        </a>
      </p>
    </section>
  );
}
