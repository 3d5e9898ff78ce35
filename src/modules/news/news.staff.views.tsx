// Staff list of news and pages (drafts included), and the parts the editor shares with it.
import { formatDateTime } from '../../platform/i18n/i18n.js';
import { KeysetPagination } from '../../platform/views/components.js';
import { Layout } from '../../platform/views/layout.js';
import { kommunPath, usePage } from '../../platform/views/page-context.js';
import { partyOf } from './news.policy.js';
import { publisherLabel } from './news.presenter.js';
import type { ContentKind, ContentRow } from './news.repository.js';

/** Where an item lives publicly; only meaningful once it is published. */
export function publicPathOf(row: Pick<ContentRow, 'kind' | 'slug'>): string {
  return `${row.kind === 'news' ? 'nyheter' : 'sidor'}/${row.slug}`;
}


export function useStaffCrumbs(current?: string) {
  const page = usePage();
  const { t } = page;
  return [
    { label: page.kommun?.name ?? '', href: kommunPath(page) },
    { label: t('staff.dashboard'), href: kommunPath(page, 'admin') },
    ...(current ? [{ label: t('news.staff.title'), href: kommunPath(page, 'admin/nyheter') }, { label: current }] : [{ label: t('news.staff.title') }]),
  ];
}

/** The item's state in words: the word carries the meaning, the colour only repeats it. */
export function statusWords(t: (key: string) => string, row: Pick<ContentRow, 'status' | 'publisher' | 'reviewNote'>): string {
  switch (row.status) {
    case 'draft':
      return t(row.reviewNote ? 'news.status.sentBack' : 'news.status.draft');
    case 'in_review':
      return t(partyOf(row.publisher.kind) === 'kommun' ? 'news.status.awaitingPolice' : 'news.status.awaitingKommun');
    case 'published':
      return t('news.status.published');
  }
}

function StatusText({ row }: { row: Pick<ContentRow, 'status' | 'publisher' | 'reviewNote'> }) {
  const { t } = usePage();
  return <span class={`content-status content-status--${row.status}`}>{statusWords(t, row)}</span>;
}

/** The staff's table of items: title (to the editor), kind (when mixed), publisher, state, last change, public page. */
function ContentTable({ rows, caption, showKind }: { rows: ContentRow[]; caption: string; showKind: boolean }) {
  const page = usePage();
  const { t, locale } = page;
  return (
    <table class="ds-table staff-table">
      <caption>{caption}</caption>
      <thead>
        <tr>
          <th scope="col">{t('news.staff.colTitle')}</th>
          {showKind ? <th scope="col">{t('news.staff.colKind')}</th> : null}
          <th scope="col">{t('news.staff.colPublisher')}</th>
          <th scope="col">{t('news.staff.colStatus')}</th>
          <th scope="col">{t('news.staff.colEdited')}</th>
          <th scope="col">{t('news.staff.colPublic')}</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((row) => (
          <tr key={row.id}>
            <th scope="row">
              <a class="ds-link" href={kommunPath(page, `admin/nyheter/${row.id}`)} lang="sv">
                {row.title}
              </a>
            </th>
            {showKind ? <td>{t(row.kind === 'news' ? 'news.staff.oneNews' : 'news.staff.onePage')}</td> : null}
            <td>{publisherLabel(t, row.publisher)}</td>
            <td>
              <StatusText row={row} />
            </td>
            <td>
              <time datetime={row.updatedAt}>{formatDateTime(locale, row.updatedAt)}</time>
            </td>
            <td>
              {row.status === 'published' ? (
                <a class="ds-link" href={kommunPath(page, publicPathOf(row))}>
                  {t('news.staff.viewPublic')}
                  <span class="ds-sr-only" lang="sv">
                    {' '}
                    {row.title}
                  </span>
                </a>
              ) : (
                t('news.staff.notPublic')
              )}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export function StaffContentListPage(props: {
  kind: ContentKind;
  rows: ContentRow[];
  canWrite: boolean;
  /** Shown where the kommun requires review and the reader reviews for the other party. */
  showsReviewLink: boolean;
  olderHref: string | null;
  firstHref: string | null;
}) {
  const page = usePage();
  const { t } = page;
  const kindLabel = t(props.kind === 'news' ? 'news.staff.kindNews' : 'news.staff.kindPage');
  return (
    <Layout title={t('news.staff.title')} staff breadcrumbs={useStaffCrumbs()}>
      <h1 class="ds-heading" data-size="lg">
        {t('news.staff.title')}
      </h1>
      <p class="lead">{t('news.staff.lead')}</p>
      {props.canWrite || props.showsReviewLink ? (
        <ul class="staff-actions">
          {props.canWrite ? (
            <li>
              <a class="ds-button" data-variant="primary" href={kommunPath(page, 'admin/nyheter/ny')}>
                {t('news.staff.newNews')}
              </a>
            </li>
          ) : null}
          {props.canWrite ? (
            <li>
              <a class="ds-button" data-variant="secondary" href={kommunPath(page, 'admin/nyheter/ny?typ=sidor')}>
                {t('news.staff.newPage')}
              </a>
            </li>
          ) : null}
          {props.showsReviewLink ? (
            <li>
              <a class="ds-button" data-variant="secondary" href={kommunPath(page, 'admin/nyheter/granskning')}>
                {t('news.review.listTitle')}
              </a>
            </li>
          ) : null}
        </ul>
      ) : null}
      <form method="get" action={kommunPath(page, 'admin/nyheter')} class="staff-filter">
        <fieldset class="ds-fieldset">
          <legend class="ds-label">{t('news.staff.filterLegend')}</legend>
          <label class="ds-label" for="filter-kind">
            {t('news.staff.filterKind')}
          </label>{' '}
          <select class="ds-input" id="filter-kind" name="typ">
            <option value="nyheter" selected={props.kind === 'news'}>
              {t('news.staff.kindNews')}
            </option>
            <option value="sidor" selected={props.kind === 'page'}>
              {t('news.staff.kindPage')}
            </option>
          </select>{' '}
          <button type="submit" class="ds-button" data-variant="secondary">
            {t('news.staff.filterButton')}
          </button>
        </fieldset>
      </form>
      {props.rows.length === 0 ? <p>{t('news.staff.empty')}</p> : <ContentTable rows={props.rows} caption={t('news.staff.caption', { kind: kindLabel })} showKind={false} />}
      <KeysetPagination newerHref={props.firstHref} olderHref={props.olderHref} />
    </Layout>
  );
}

/** The news and pages waiting for the reader's review, as the other party. */
export function ReviewListPage(props: { rows: ContentRow[]; olderHref: string | null; firstHref: string | null }) {
  const page = usePage();
  const { t } = page;
  const title = t('news.review.listTitle');
  return (
    <Layout title={title} staff breadcrumbs={useStaffCrumbs(title)}>
      <h1 class="ds-heading" data-size="lg">
        {title}
      </h1>
      <p class="lead">{t('news.review.listLead')}</p>
      {props.rows.length === 0 ? <p>{t('news.review.listEmpty')}</p> : <ContentTable rows={props.rows} caption={t('news.review.listCaption')} showKind />}
      <KeysetPagination newerHref={props.firstHref} olderHref={props.olderHref} />
    </Layout>
  );
}
