// The platform kernel's own routes: the hosted-kommuner index, each kommun's home page (built
// from sections the modules contribute), the theme stylesheet, language and display preferences,
// health checks and the staff overview. Other kernel features (files, auth, tenants, people,
// places, audit, mail) have their own folders and manifests.
import { fileURLToPath } from 'node:url';
import { sql } from 'kysely';
import type { AppContext } from './context.js';
import { can, type Actor, type RoleHolder } from './auth/actor.js';
import type { GrantTable } from './auth/roles.js';
import { z } from 'zod';
import { safeLocalPath } from './http/forms.js';
import { clearCookie, setCookie } from './http/kernel.plugin.js';
import { kommunRoute, siteRoute } from './http/kommun-route.js';
import { combineMessages, locales } from './i18n/i18n.js';
import { dropStaleMailSecrets, mailSenderJob } from './mail/mail.js';
import { deleteExpiredSessions } from './auth/session.repository.js';
import { deleteOldRateLimitWindows } from './http/rate-limit.js';
import { defineModule } from './module.js';
import { kernelMessages } from './kernel.messages.js';
import { pdfMessages } from './pdf/pdf.messages.js';
import { figureMessages } from './views/figures.messages.js';
import { listKommuner } from './tenants/tenant.repository.js';
import type { StaffOverviewEntry, StaffOverviewItem } from './views/staff-overview.js';
import { Layout } from './views/layout.js';
import { kommunPath, usePage } from './views/page-context.js';
import { sendPage } from './views/render.js';
import { preparedQueryByShape } from './db/prepared.js';
import { themeCss } from './views/theme.js';
import migration0001 from './db/migrations/index.js';
import type { ComponentChildren } from 'preact';
import type { Kommun } from './tenants/tenant.repository.js';

export const kernelPermissions = ['staff.area'] as const;

// Query strings of the preference links: anything unknown is ignored, as an old link may carry it.
const ignoredUnlessString = z.string().max(500).optional().catch(undefined);
const languageQuery = z.object({ till: z.enum(locales).optional().catch(undefined), tillbaka: ignoredUnlessString });
const displayQuery = z.object({ text: ignoredUnlessString, kontrast: ignoredUnlessString, tillbaka: ignoredUnlessString });

function KommunIndex({ kommuner }: { kommuner: Kommun[] }) {
  const { t } = usePage();
  return (
    <Layout title={t('home.kommunerTitle')}>
      <h1 class="ds-heading" data-size="lg">
        {t('home.kommunerTitle')}
      </h1>
      <p class="lead">{t('home.kommunerLead')}</p>
      {kommuner.length === 0 ? (
        <p>{t('home.noKommuner')}</p>
      ) : (
        <ul class="card-list">
          {kommuner.map((k) => (
            <li key={k.id}>
              <a class="ds-link" href={`/${k.slug}/`}>
                {k.name}
              </a>
            </li>
          ))}
        </ul>
      )}
    </Layout>
  );
}

function KommunHome({ sections }: { sections: ComponentChildren[] }) {
  const page = usePage();
  const name = page.kommun?.name ?? '';
  return (
    <Layout title={page.t('layout.home')} easyReadHref={kommunPath(page, 'lattlast')}>
      <div class="hero">
        <h1 class="ds-heading" data-size="xl">
          {page.t('home.welcome', { kommun: name })}
        </h1>
        <p class="lead">{page.t('home.lead', { kommun: name })}</p>
      </div>
      {sections}
    </Layout>
  );
}

function StaffHome({ items }: { items: StaffOverviewItem[] }) {
  const page = usePage();
  const { t, actor, kommun } = page;
  const waiting = items.filter((item) => item.count > 0);
  const clear = items.filter((item) => item.count === 0);
  return (
    <Layout title={t('staff.dashboard')} staff breadcrumbs={[{ label: kommun?.name ?? '', href: kommunPath(page) }, { label: t('staff.dashboard') }]}>
      <h1 class="ds-heading" data-size="lg">
        {t('staff.dashboard')}
      </h1>
      <h2 class="ds-heading" data-size="sm" id="staff-waiting">
        {t('staff.waitingTitle')}
      </h2>
      {waiting.length === 0 ? (
        <p>{t(items.length === 0 ? 'staff.nothingToCount' : 'staff.nothingWaiting')}</p>
      ) : (
        <ul class="overview-list" aria-labelledby="staff-waiting">
          {waiting.map((item) => (
            <OverviewItem key={item.labelKey} item={item} />
          ))}
        </ul>
      )}
      {clear.length > 0 ? (
        <>
          <h2 class="ds-heading" data-size="sm" id="staff-clear">
            {t('staff.clearTitle')}
          </h2>
          <ul class="overview-list overview-list--clear" aria-labelledby="staff-clear">
            {clear.map((item) => (
              <OverviewItem key={item.labelKey} item={item} />
            ))}
          </ul>
        </>
      ) : null}
      <h2 class="ds-heading" data-size="sm">
        {t('staff.yourRoles', { kommun: kommun?.name ?? '' })}
      </h2>
      {actor && actor.roles.length > 0 ? (
        <ul>
          {actor.roles.map((r) => (
            <li key={`${r.organisationId}-${r.role}`}>
              {t(`role.${r.role}`)} – {r.organisationName}
            </li>
          ))}
        </ul>
      ) : (
        <p>{t('staff.noRoles')}</p>
      )}
    </Layout>
  );
}

function OverviewItem({ item }: { item: StaffOverviewItem }) {
  const page = usePage();
  return (
    <li data-overview={item.labelKey} data-count={item.count}>
      <a class="ds-link overview-item" href={kommunPath(page, item.href)}>
        <span class="overview-item__count">{item.count}</span> <span class="overview-item__label">{page.t(item.labelKey)}</span>
      </a>
    </li>
  );
}

interface OverviewShape {
  kommun: Kommun;
  reader: RoleHolder;
  entries: readonly StaffOverviewEntry[];
}

// Apps built with other module lists grant other permissions to the same roles.
const grantTableIds = new WeakMap<GrantTable, number>();
let grantTablesSeen = 0;
function grantTableId(grants: GrantTable): number {
  let id = grantTableIds.get(grants);
  if (id === undefined) grantTableIds.set(grants, (id = ++grantTablesSeen));
  return id;
}

/** Everything the overview's counts depend on (see StaffOverviewEntry): the kommun, where the roles are held, which entries. */
function shapeKeyOf({ kommun, reader, entries }: OverviewShape): string {
  const roles = reader.roles.map((r) => `${r.role}@${r.organisationId}:${r.organisationKind}`);
  return [kommun.id, kommun.updatedAt, reader.kommunId, grantTableId(reader.grants), String(reader.isPlatformAdmin), ...roles, '|', ...entries.map((e) => e.name)].join(' ');
}

/**
 * Every count the reader may see, each built by its own feature, in one statement of scalar
 * subqueries: `select (select count(*) …) as c0, (select count(*) …) as c1`. Building it cost more
 * than running it, so it is built once for each kommun and set of roles and only the time is
 * bound anew.
 */
const staffOverviewCounts = preparedQueryByShape(
  (db, values: { now: string }, { kommun, reader, entries }: OverviewShape) =>
    db.selectNoFrom(entries.map((entry, index) => sql<number>`${entry.count(db, reader, kommun, values.now)}`.as(`c${index}`))),
  shapeKeyOf,
);

/**
 * The counts, from this instance's page cache when someone with the same roles in the kommun
 * loaded them less than PAGE_CACHE_SECONDS ago (2 s by default): they are the same numbers for
 * everyone of that shape, a few seconds are nothing on a list of waiting work, and the cache is
 * emptied by every committed write and unsafe request on this instance, so whoever just handled
 * something sees it counted at once. On PostgreSQL this spares a busy overview a round trip.
 */
async function countsFor(ctx: AppContext, shape: OverviewShape): Promise<number[]> {
  const key = `staff-overview ${shapeKeyOf(shape)}`;
  const cached = ctx.pageCache.ttlMs > 0 ? ctx.pageCache.get(key) : undefined;
  if (cached !== undefined) return JSON.parse(cached) as number[];
  const [row] = await staffOverviewCounts(ctx.db, { now: new Date().toISOString() }, shape);
  if (!row) throw new Error('the staff overview statement returned no row');
  const counts = shape.entries.map((_entry, index) => Number(row[`c${index}`]));
  if (ctx.pageCache.ttlMs > 0) ctx.pageCache.set(key, JSON.stringify(counts));
  return counts;
}

async function loadStaffOverview(ctx: AppContext, actor: Actor, kommun: Kommun): Promise<StaffOverviewItem[]> {
  const entries = ctx.registry.staffOverview.filter((entry) => can(actor, entry.permission) && (entry.appliesTo?.(kommun) ?? true));
  if (entries.length === 0) return [];
  // The entries see where the roles are held, not whose they are.
  const reader: RoleHolder = { isPlatformAdmin: actor.isPlatformAdmin, roles: actor.roles, grants: actor.grants, kommunId: actor.kommunId };
  const counts = await countsFor(ctx, { kommun, reader, entries });
  return entries.map((entry, index) => ({ count: counts[index]!, labelKey: entry.labelKey, href: entry.href }));
}

export const kernelFeature = defineModule({
  name: 'kernel',
  migrations: migration0001,
  permissions: kernelPermissions,
  grants: {
    administrator: ['staff.area'],
    coordinator: ['staff.area'],
    police_administrator: ['staff.area'],
    police: ['staff.area'],
    partner_reporter: ['staff.area'],
    volunteer_coordinator: ['staff.area'],
    volunteer: ['staff.area'],
  },
  messages: combineMessages(kernelMessages, figureMessages, pdfMessages),
  staffNav: [{ path: 'admin', labelKey: 'staff.dashboard', permission: 'staff.area', order: 0 }],
  assets: {
    dir: fileURLToPath(new URL('./views/client', import.meta.url)),
    islands: { 'read-aloud': 'read-aloud.js', 'error-summary': 'error-summary.js', 'char-count': 'char-count.js', 'keep-form': 'keep-form.js' },
  },
  jobs: [
    mailSenderJob,
    {
      name: 'kernel.cleanup',
      everyMs: 10 * 60_000,
      run: async (ctx: AppContext) => {
        await deleteExpiredSessions(ctx.db, new Date().toISOString());
        await deleteOldRateLimitWindows(ctx);
        await dropStaleMailSecrets(ctx);
      },
    },
  ],
  routes: (app, ctx) => {
    app.get('/healthz', async () => ({ status: 'ok' }));

    // The islands of the modules this app runs, for app.js to load by data-module name.
    const islandsScript = `export default ${JSON.stringify(ctx.registry.islands)};\n`;
    app.get('/assets/islands.js', async (_request, reply) =>
      reply.header('content-type', 'text/javascript; charset=utf-8').header('cache-control', 'public, max-age=3600').send(islandsScript),
    );

    // Browsers ask for /favicon.ico whatever the page links; point them at the real icon.
    app.get('/favicon.ico', async (_request, reply) => reply.redirect('/assets/kernel/favicon.svg', 301));

    app.get('/readyz', async (_request, reply) => {
      try {
        await sql`select 1`.execute(ctx.db);
        return { status: 'ready' };
      } catch {
        return reply.code(503).send({ status: 'database unavailable' });
      }
    });

    app.get('/', async (request, reply) => {
      const kommuner = await listKommuner(ctx.db);
      if (kommuner.length === 1 && kommuner[0]) return reply.redirect(`/${kommuner[0].slug}/`, 302);
      return sendPage(request, reply, <KommunIndex kommuner={kommuner} />);
    });

    // Language and display preferences are links (GET), so they work without JavaScript; they set
    // a cookie and return the person to where they were.
    siteRoute(app, { method: 'GET', url: '/sprak', query: languageQuery }, async ({ request, reply, query }) => {
      if (query.till) setCookie(reply, request, 'lang', query.till, 365 * 86400);
      return reply.redirect(safeLocalPath(query.tillbaka, '/'), 303);
    });

    siteRoute(app, { method: 'GET', url: '/visning', query: displayQuery }, async ({ request, reply, query }) => {
      const largeText = query.text === 'stor' ? true : query.text === 'normal' ? false : request.prefs.largeText;
      const highContrast = query.kontrast === 'hog' ? true : query.kontrast === 'normal' ? false : request.prefs.highContrast;
      const value = [largeText ? 'text-large' : '', highContrast ? 'contrast-high' : ''].filter(Boolean).join(' ');
      if (value) setCookie(reply, request, 'prefs', value, 365 * 86400);
      else clearCookie(reply, request, 'prefs');
      return reply.redirect(safeLocalPath(query.tillbaka, '/'), 303);
    });

    kommunRoute(app, { method: 'GET', url: '/:kommun' }, async ({ reply, kommun }) => reply.redirect(`/${kommun.slug}/`, 301));

    kommunRoute(app, { method: 'GET', url: '/:kommun/' }, async ({ request, reply, kommun, actor }) => {
      const sections = await Promise.all(ctx.registry.homeSections.map((s) => s.load(ctx, kommun, request.locale, actor)));
      return sendPage(request, reply, <KommunHome sections={sections} />);
    });

    kommunRoute(app, { method: 'GET', url: '/:kommun/tema.css' }, async ({ reply, kommun }) => {
      return reply
        .header('content-type', 'text/css; charset=utf-8')
        .header('cache-control', 'public, max-age=300')
        .send(themeCss(kommun.settings.primaryColour));
    });

    kommunRoute(app, { method: 'GET', url: '/:kommun/admin', permission: 'staff.area' }, async ({ request, reply, actor, kommun }) => {
      const items = await loadStaffOverview(ctx, actor, kommun);
      return sendPage(request, reply, <StaffHome items={items} />);
    });
  },
});
