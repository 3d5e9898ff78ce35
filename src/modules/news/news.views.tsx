import { fileUrl, formatBytes } from '../../platform/files/index.js';
import { formatDate } from '../../platform/i18n/i18n.js';
import { KeysetPagination } from '../../platform/views/components.js';
import { Layout } from '../../platform/views/layout.js';
import { kommunPath, usePage } from '../../platform/views/page-context.js';
import type { AttachmentRow, ContentRow, ListItem } from './news.repository.js';
import { publisherLabel, type LocalisedContent } from './news.presenter.js';
import type { Publisher } from './news.repository.js';

/** "Publicerad av Vallentuna kommun" / "Publicerad av Polisen – Lokalpolisområde Täby". */
function PublishedBy({ publisher, class: className, lang }: { publisher: Publisher; class: string; lang?: string | undefined }) {
  const { t } = usePage();
  return (
    <p class={className} lang={lang}>
      {t('news.publishedBy', { publisher: publisherLabel(t, publisher) })}
    </p>
  );
}

export function NewsCard({ item, text, headingLevel = 3 }: { item: ListItem; text: LocalisedContent; headingLevel?: 2 | 3 }) {
  const page = usePage();
  const Heading = headingLevel === 2 ? 'h2' : 'h3';
  return (
    <li class="news-card">
      <Heading class="ds-heading" data-size="xs" lang={text.textLocale !== page.locale ? text.textLocale : undefined}>
        <a class="ds-link" href={kommunPath(page, `nyheter/${item.slug}`)}>
          {text.title}
        </a>
      </Heading>
      <p class="news-card__date">
        <time datetime={item.publishedAt}>{page.t('news.published', { date: formatDate(page.locale, item.publishedAt) })}</time>
      </p>
      <PublishedBy publisher={item.publisher} class="news-card__publisher" />
      {text.summary ? <p lang={text.textLocale !== page.locale ? text.textLocale : undefined}>{text.summary}</p> : null}
    </li>
  );
}

export function LatestNewsSection({ items }: { items: { item: ListItem; text: LocalisedContent }[] }) {
  const page = usePage();
  return (
    <section class="home-section" aria-labelledby="latest-news-heading">
      <h2 id="latest-news-heading" class="ds-heading" data-size="md">
        {page.t('news.latest')}
      </h2>
      {items.length === 0 ? (
        <p>{page.t('news.empty')}</p>
      ) : (
        <ul class="news-list">
          {items.map(({ item, text }) => (
            <NewsCard key={item.id} item={item} text={text} />
          ))}
        </ul>
      )}
      <p>
        <a class="ds-link" href={kommunPath(page, 'nyheter')}>
          {page.t('news.allNews')}
        </a>
      </p>
    </section>
  );
}

export function NewsListPage(props: { items: { item: ListItem; text: LocalisedContent }[]; newerHref: string | null; olderHref: string | null }) {
  const page = usePage();
  const { t } = page;
  const feedHref = kommunPath(page, 'nyheter.atom');
  return (
    <Layout
      title={t('news.listTitle')}
      breadcrumbs={[{ label: page.kommun?.name ?? '', href: kommunPath(page) }, { label: t('news.listTitle') }]}
    >
      <h1 class="ds-heading" data-size="lg">
        {t('news.listTitle')}
      </h1>
      <p class="lead">{t('news.listLead')}</p>
      {props.items.length === 0 ? (
        <p>{t('news.empty')}</p>
      ) : (
        <ul class="news-list">
          {props.items.map(({ item, text }) => (
            <NewsCard key={item.id} item={item} text={text} headingLevel={2} />
          ))}
        </ul>
      )}
      <KeysetPagination newerHref={props.newerHref} olderHref={props.olderHref} />
      <p>
        <a class="ds-link" href={feedHref} type="application/atom+xml">
          {t('news.feed')}
        </a>
      </p>
    </Layout>
  );
}

export function ContentPage(props: { row: ContentRow; text: LocalisedContent; attachments: AttachmentRow[]; easyRead: boolean }) {
  const page = usePage();
  const { t, locale } = page;
  const { row, text } = props;
  const isNews = row.kind === 'news';
  const base = isNews ? `nyheter/${row.slug}` : `sidor/${row.slug}`;
  const textLang = props.easyRead ? 'sv' : text.textLocale;
  const crumbs = [
    { label: page.kommun?.name ?? '', href: kommunPath(page) },
    ...(isNews ? [{ label: t('news.listTitle'), href: kommunPath(page, 'nyheter') }] : []),
    { label: text.title },
  ];
  return (
    <Layout title={text.title} breadcrumbs={crumbs} easyReadHref={row.easyBodyHtml ? kommunPath(page, `${base}/lattlast`) : undefined}>
      <article class="content" lang={textLang !== locale ? textLang : undefined}>
        <h1 class="ds-heading" data-size="lg">
          {text.title}
        </h1>
        {isNews && row.publishedAt ? (
          <p class="content__meta" lang={textLang !== locale ? locale : undefined}>
            <time datetime={row.publishedAt}>{t('news.published', { date: formatDate(locale, row.publishedAt) })}</time>
          </p>
        ) : null}
        <PublishedBy publisher={row.publisher} class="content__publisher" lang={textLang !== locale ? locale : undefined} />
        {textLang !== locale ? (
          <p class="ds-alert" data-color="info" lang={locale}>
            {t('news.onlySwedish')}
          </p>
        ) : null}
        {row.easyBodyHtml ? (
          <p lang={locale}>
            <a class="ds-link" href={kommunPath(page, props.easyRead ? base : `${base}/lattlast`)}>
              {props.easyRead ? t('news.fullVersion') : t('news.easyReadVersion')}
            </a>
          </p>
        ) : null}
        {row.imageFileId && !props.easyRead ? (
          <figure class="content__image">
            <img src={fileUrl(page.kommun?.slug ?? '', row.imageFileId)} alt={row.imageAlt} />
            <figcaption lang="sv">{t('news.photo', { credit: row.imageCredit })}</figcaption>
          </figure>
        ) : null}
        {text.summary && !props.easyRead ? <p class="lead">{text.summary}</p> : null}
        <div class="content__body" dangerouslySetInnerHTML={{ __html: props.easyRead ? row.easyBodyHtml : text.bodyHtml }} />
        {props.attachments.length > 0 ? (
          <section class="content__attachments" aria-labelledby="more-information" lang={locale}>
            <h2 id="more-information" class="ds-heading" data-size="sm">
              {t('news.moreInformation')}
            </h2>
            <ul>
              {props.attachments.map((a) => (
                <li key={a.id}>
                  <a class="ds-link" href={fileUrl(page.kommun?.slug ?? '', a.fileId)} lang="sv">
                    {a.title}
                  </a>{' '}
                  <span class="content__filesize">
                    ({a.filename.split('.').pop()?.toUpperCase()}, {formatBytes(a.sizeBytes, locale)})
                  </span>
                </li>
              ))}
            </ul>
          </section>
        ) : null}
        <p class="content__updated" lang={locale}>
          {t('layout.pageUpdated', { date: formatDate(locale, row.contentUpdatedAt) })}
        </p>
      </article>
    </Layout>
  );
}

export function EasyReadIndexPage({ pages }: { pages: { slug: string; title: string; kind: 'news' | 'page' }[] }) {
  const page = usePage();
  const { t } = page;
  return (
    <Layout title={t('news.easyReadTitle')} breadcrumbs={[{ label: page.kommun?.name ?? '', href: kommunPath(page) }, { label: t('news.easyReadTitle') }]}>
      <h1 class="ds-heading" data-size="lg">
        {t('news.easyReadTitle')}
      </h1>
      <p class="lead">{t('news.easyReadLead')}</p>
      {pages.length === 0 ? <p>{t('news.easyReadEmpty')}</p> : null}
      <ul lang="sv">
        {pages.map((p) => (
          <li key={`${p.kind}-${p.slug}`}>
            <a class="ds-link" href={kommunPath(page, `${p.kind === 'news' ? 'nyheter' : 'sidor'}/${p.slug}/lattlast`)}>
              {p.title}
            </a>
          </li>
        ))}
      </ul>
    </Layout>
  );
}

/** The kommun's published pages ("Så arbetar vi" and the like), reached from the public menu. */
export function PagesIndexPage({ pages }: { pages: { item: ListItem; text: LocalisedContent }[] }) {
  const page = usePage();
  const { t } = page;
  return (
    <Layout title={t('news.pagesTitle')} breadcrumbs={[{ label: page.kommun?.name ?? '', href: kommunPath(page) }, { label: t('news.pagesTitle') }]}>
      <h1 class="ds-heading" data-size="lg">
        {t('news.pagesTitle')}
      </h1>
      <p class="lead">{t('news.pagesLead')}</p>
      {pages.length === 0 ? <p>{t('news.pagesEmpty')}</p> : null}
      <ul class="news-list">
        {pages.map(({ item, text }) => (
          <li key={item.id} class="news-card" lang={text.textLocale === page.locale ? undefined : text.textLocale}>
            <h2 class="ds-heading" data-size="sm">
              <a class="ds-link" href={kommunPath(page, `sidor/${item.slug}`)}>
                {text.title}
              </a>
            </h2>
            {text.summary ? <p>{text.summary}</p> : null}
          </li>
        ))}
      </ul>
    </Layout>
  );
}
