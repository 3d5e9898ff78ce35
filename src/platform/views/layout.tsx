import type { ComponentChildren } from 'preact';
import { can } from '../auth/actor.js';
import { fileUrl } from '../files/file-url.js';
import { locales } from '../i18n/i18n.js';
import { kommunPath, usePage } from './page-context.js';

export interface Crumb {
  label: string;
  href?: string;
}

export interface LayoutProps {
  title: string;
  breadcrumbs?: Crumb[];
  /** Staff pages get the staff menu and are never indexed. */
  staff?: boolean;
  /** Pages where residents can write show the emergency notice. */
  residentsWrite?: boolean;
  /** Link to the lättläst version of this page, when there is one. */
  easyReadHref?: string;
  /** Extra <head> links, e.g. an Atom feed. */
  head?: ComponentChildren;
  children: ComponentChildren;
}

export function Layout(props: LayoutProps) {
  const page = usePage();
  const { t, kommun } = page;
  const siteName = kommun ? kommun.name : t('app.name');
  const fullTitle = `${props.title} – ${siteName}`;
  return (
    <html
      lang={page.locale}
      data-size={page.prefs.largeText ? 'lg' : 'md'}
      data-contrast={page.prefs.highContrast ? 'high' : 'normal'}
      data-color-scheme="light"
    >
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{fullTitle}</title>
        {props.staff ? <meta name="robots" content="noindex" /> : null}
        <link rel="icon" href="/assets/kernel/favicon.svg" type="image/svg+xml" />
        {/* Otherwise found only once app.css is parsed. Fonts are fetched in CORS mode, so crossorigin even from our own origin. */}
        <link rel="preload" href="/assets/vendor/inter/inter-latin-wght-normal.woff2" as="font" type="font/woff2" crossorigin="anonymous" />
        <link rel="stylesheet" href="/assets/vendor/ds/theme/designsystemet.css" />
        <link rel="stylesheet" href="/assets/vendor/ds/src/index.css" />
        <link rel="stylesheet" href="/assets/kernel/app.css" />
        {page.registry.stylesheets.map((href) => (
          <link key={href} rel="stylesheet" href={href} />
        ))}
        {kommun ? <link rel="stylesheet" href={`${kommunPath(page, 'tema.css')}?v=${encodeURIComponent(kommun.updatedAt)}`} /> : null}
        {kommun
          ? page.registry.headLinks.map((link) => <link key={link.path} rel={link.rel} type={link.type} href={kommunPath(page, link.path)} title={t(link.titleKey, { kommun: kommun.name })} />)
          : null}
        {props.head}
        <script type="module" src="/assets/kernel/app.js" />
      </head>
      <body>
        <a class="ds-skip-link" href="#main">
          {t('layout.skipToContent')}
        </a>
        <Header />
        {props.breadcrumbs && props.breadcrumbs.length > 0 ? <Breadcrumbs crumbs={props.breadcrumbs} /> : null}
        <div class={props.staff ? 'page page--staff' : 'page'}>
          {props.staff ? <StaffNav /> : null}
          <main id="main" tabindex={-1}>
            {page.flash ? (
              <div class="ds-alert flash" data-color="success" role="status">
                <p>{t(page.flash)}</p>
              </div>
            ) : null}
            {props.children}
            {props.residentsWrite ? <EmergencyNotice /> : null}
          </main>
        </div>
        <Footer easyReadHref={props.easyReadHref} />
      </body>
    </html>
  );
}

function Header() {
  const page = usePage();
  const { t, kommun, actor } = page;
  const languages = kommun ? kommun.settings.languages : locales;
  return (
    <header class="site-header">
      <div class="site-header__top">
        <a class="site-header__brand" href={kommun ? kommunPath(page) : '/'}>
          {kommun?.settings.logoFileId ? (
            <img class="site-header__logo" src={fileUrl(kommun.slug, kommun.settings.logoFileId)} alt="" width="48" height="48" />
          ) : null}
          <span>{kommun ? kommun.name : t('app.name')}</span>
        </a>
        <div class="site-header__tools">
          <LanguageSwitch languages={languages} />
          <AidsMenu />
          {actor ? (
            <form method="post" action="/logga-ut" class="inline-form">
              <input type="hidden" name="_csrf" value={page.csrfToken()} />
              <a class="site-header__user" href="/konto" aria-label={t('layout.yourAccount', { name: actor.name })}>
                {actor.name}
              </a>{' '}
              <button type="submit" class="ds-button" data-variant="tertiary" data-size="sm">
                {t('layout.signOut')}
              </button>
            </form>
          ) : (
            <a class="ds-link" href={kommun ? `/logga-in?kommun=${encodeURIComponent(kommun.slug)}` : '/logga-in'}>
              {t('layout.signIn')}
            </a>
          )}
        </div>
      </div>
      {kommun ? (
        <nav class="site-nav" aria-label={t('layout.mainMenu')}>
          <ul>
            <li>
              <a href={kommunPath(page)} aria-current={page.currentPath.split('?')[0] === kommunPath(page) ? 'page' : undefined}>
                {t('layout.home')}
              </a>
            </li>
            {page.publicNav.map((link) => {
              const href = kommunPath(page, link.path);
              const current = page.currentPath.split('?')[0]?.startsWith(href);
              return (
                <li key={link.path}>
                  <a href={href} aria-current={current ? 'page' : undefined}>
                    {t(link.labelKey)}
                  </a>
                </li>
              );
            })}
            {actor && page.staffNav.some((link) => !link.permission || can(actor, link.permission)) ? (
              <li>
                <a href={kommunPath(page, 'admin')}>{t('layout.staffArea')}</a>
              </li>
            ) : null}
          </ul>
        </nav>
      ) : null}
    </header>
  );
}

function LanguageSwitch({ languages }: { languages: readonly string[] }) {
  const page = usePage();
  const others = languages.filter((l) => l !== page.locale);
  if (others.length === 0) return null;
  return (
    <ul class="language-switch" aria-label={page.t('layout.language')} data-module="keep-form">
      {others.map((locale) => (
        <li key={locale}>
          <a
            class="ds-link"
            href={`/sprak?till=${locale}&tillbaka=${encodeURIComponent(page.currentPath)}`}
            lang={locale}
            hreflang={locale}
          >
            {locale === 'en' ? 'In English' : 'På svenska'}
          </a>
        </li>
      ))}
    </ul>
  );
}

/** "Hjälpmedel": a <details> menu, so it opens by keyboard and without JavaScript. */
function AidsMenu() {
  const page = usePage();
  const { t, prefs } = page;
  const back = encodeURIComponent(page.currentPath);
  return (
    <details class="aids-menu" data-module="aids-menu">
      <summary>{t('aids.title')}</summary>
      <ul>
        <li>
          <a href={`/visning?text=${prefs.largeText ? 'normal' : 'stor'}&tillbaka=${back}`} aria-pressed={undefined}>
            {prefs.largeText ? t('aids.normalText') : t('aids.largeText')}
          </a>
        </li>
        <li>
          <a href={`/visning?kontrast=${prefs.highContrast ? 'normal' : 'hog'}&tillbaka=${back}`}>
            {prefs.highContrast ? t('aids.normalContrast') : t('aids.highContrast')}
          </a>
        </li>
        <li data-read-aloud hidden>
          <button type="button" class="ds-button" data-variant="tertiary" data-size="sm" data-module="read-aloud" data-label-stop={t('aids.stopReading')}>
            {t('aids.readAloud')}
          </button>
        </li>
        {page.kommun
          ? page.registry.footerLinks
              .filter((link) => link.places.includes('aids'))
              .map((link) => (
                <li key={link.path}>
                  <a href={kommunPath(page, link.path)} lang={link.lang}>
                    {t(link.labelKey)}
                  </a>
                </li>
              ))
          : null}
      </ul>
    </details>
  );
}

function Breadcrumbs({ crumbs }: { crumbs: Crumb[] }) {
  const page = usePage();
  return (
    <nav class="ds-breadcrumbs breadcrumbs" aria-label={page.t('layout.breadcrumbs')}>
      <ol>
        {crumbs.map((crumb, index) => (
          <li key={index}>
            {crumb.href && index < crumbs.length - 1 ? (
              <a class="ds-link" href={crumb.href}>
                {crumb.label}
              </a>
            ) : (
              <span aria-current={index === crumbs.length - 1 ? 'page' : undefined}>{crumb.label}</span>
            )}
          </li>
        ))}
      </ol>
    </nav>
  );
}

function StaffNav() {
  const page = usePage();
  const links = page.staffNav.filter((link) => !link.permission || can(page.actor, link.permission));
  return (
    <nav class="staff-nav" aria-label={page.t('layout.staffMenu')}>
      <ul>
        {links.map((link) => {
          const href = kommunPath(page, link.path);
          return (
            <li key={link.path}>
              <a href={href} aria-current={page.currentPath.split('?')[0] === href ? 'page' : undefined}>
                {page.t(link.labelKey)}
              </a>
            </li>
          );
        })}
      </ul>
    </nav>
  );
}

/** Shown wherever residents can write: this site is not an emergency channel. */
export function EmergencyNotice() {
  const { t } = usePage();
  return (
    <aside class="ds-alert emergency-notice" data-color="warning" aria-labelledby="emergency-heading">
      <h2 id="emergency-heading" class="ds-heading" data-size="xs">
        {t('emergency.title')}
      </h2>
      <ul>
        <li>{t('emergency.call112')}</li>
        <li>{t('emergency.call11414')}</li>
        <li>{t('emergency.reportCrime')}</li>
        <li>{t('emergency.notWatched')}</li>
      </ul>
    </aside>
  );
}

function Footer({ easyReadHref }: { easyReadHref: string | undefined }) {
  const page = usePage();
  const { t, kommun } = page;
  const contact = kommun?.settings.contact;
  return (
    <footer class="site-footer">
      {kommun ? (
        <div class="site-footer__contact">
          <h2 class="ds-heading" data-size="2xs">
            {t('layout.contact')}
          </h2>
          <p>
            {kommun.name}
            {contact?.address ? (
              <>
                <br />
                {contact.address}
              </>
            ) : null}
            {contact?.phone ? (
              <>
                <br />
                {t('layout.phone')}: <a href={`tel:${contact.phone.replace(/[^+\d]/g, '')}`}>{contact.phone}</a>
              </>
            ) : null}
            {contact?.email ? (
              <>
                <br />
                {t('layout.email')}: <a href={`mailto:${contact.email}`}>{contact.email}</a>
              </>
            ) : null}
          </p>
        </div>
      ) : null}
      <ul class="site-footer__links">
        {kommun ? (
          <>
            <li>
              <a href={kommunPath(page, 'tillganglighet')}>{t('layout.accessibilityStatement')}</a>
            </li>
            {page.registry.footerLinks
              .filter((link) => link.places.includes('footer'))
              .map((link) => (
                <li key={link.path}>
                  <a href={(link.easyRead ? easyReadHref : undefined) ?? kommunPath(page, link.path)} lang={link.lang}>
                    {t(link.labelKey)}
                  </a>
                </li>
              ))}
          </>
        ) : null}
        <li>{t('layout.poweredBy')}</li>
      </ul>
    </footer>
  );
}
