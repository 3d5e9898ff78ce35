// News and pages: the first module, and the example the others follow. It owns content items
// (news and static pages) with Markdown bodies, a main image, attachments ("Mer information"),
// an English translation and a lättläst version, each published by the kommun or a police area
// serving it; the public list, pages, Atom feed, the staff editor and, where a kommun requires
// it, review by the other party before publishing. It must not know about other modules; it uses
// the kernel's files, audit, auth, tenants and module settings.
import { fileURLToPath } from 'node:url';
import { defineModule } from '../../platform/module.js';
import { newsMessages } from './news.messages.js';
import { newsPermissions } from './news.policy.js';
import { listPublishedContent, selectDraftCountFor } from './news.service.js';
import { selectAwaitingReviewCountFor } from './news.review.service.js';
import { newsSettings, newsSettingsOf } from './news.settings.js';
import { registerNewsPublicRoutes } from './news.routes.js';
import { registerNewsStaffRoutes } from './news.staff.routes.js';
import { registerNewsApiRoutes } from './news.api.routes.js';
import { LatestNewsSection } from './news.views.js';
import * as createContentMigration from './migrations/2026_11_25_0100_news_create_content.js';
import * as fileOwnersMigration from './migrations/2026_12_02_0100_news_file_owners.js';
import * as publisherAndReviewMigration from './migrations/2026_12_02_0600_news_publisher_and_review.js';
import { newsAttachmentOwner, newsImageOwner } from './news.files.js';
import { seedNewsDemo, type NewsDemoIds } from './news.demo.js';
import { newsBenchScenario } from './news.bench.js';
import { demoId } from '../../platform/demo.js';
import './news.tables.js';

export { createContent as createContentItem, setContentPublished } from './news.service.js';
export type { ContentInput, NewContentInput } from './news.schemas.js';

export const newsModule = defineModule<NewsDemoIds>({
  name: 'news',
  migrations: {
    '2026_11_25_0100_news_create_content': createContentMigration,
    '2026_12_02_0100_news_file_owners': fileOwnersMigration,
    '2026_12_02_0600_news_publisher_and_review': publisherAndReviewMigration,
  },
  permissions: newsPermissions,
  grants: {
    administrator: ['news.read_drafts', 'news.write', 'news.publish'],
    coordinator: ['news.read_drafts', 'news.write', 'news.publish'],
    police: ['news.read_drafts', 'news.write', 'news.publish'],
  },
  messages: newsMessages,
  settings: newsSettings,
  publicNav: [
    { path: 'nyheter', labelKey: 'news.nav', order: 10 },
    { path: 'om', labelKey: 'news.pagesNav', order: 90 },
  ],
  staffNav: [{ path: 'admin/nyheter', labelKey: 'news.staffNav', permission: 'news.read_drafts', order: 10 }],
  routes: (app, ctx) => {
    registerNewsPublicRoutes(app, ctx);
    registerNewsStaffRoutes(app, ctx);
    registerNewsApiRoutes(app, ctx);
  },
  homeSections: [
    {
      name: 'news.latest',
      order: 10,
      load: async (ctx, kommun, locale) => {
        const { items } = await listPublishedContent(ctx, kommun.id, 'news', locale, { limit: 3 });
        return <LatestNewsSection items={items} />;
      },
    },
  ],
  staffOverview: [
    {
      name: 'news.drafts',
      order: 10,
      permission: 'news.read_drafts',
      labelKey: 'news.overviewDrafts',
      href: 'admin/nyheter',
      count: (db, reader, kommun) => selectDraftCountFor(db, reader, kommun.id),
    },
    {
      // Reviewers publish, so the entry is for those holding news.publish; the count itself
      // keeps to items of the other party (a police area's for the kommun, and the reverse).
      name: 'news.awaiting_review',
      order: 11,
      permission: 'news.publish',
      labelKey: 'news.overviewAwaitingReview',
      href: 'admin/nyheter/granskning',
      appliesTo: (kommun) => newsSettingsOf(kommun).requireCrossReview,
      count: (db, reader, kommun) => selectAwaitingReviewCountFor(db, reader, kommun.id),
    },
  ],
  seedDemo: seedNewsDemo,
  fileOwners: [newsImageOwner, newsAttachmentOwner],
  assets: { dir: fileURLToPath(new URL('./client', import.meta.url)), stylesheets: ['news.css'] },
  footerLinks: [{ path: 'lattlast', labelKey: 'news.easyReadLink', order: 20, places: ['footer', 'aids'], lang: 'sv', easyRead: true }],
  headLinks: [{ rel: 'alternate', type: 'application/atom+xml', path: 'nyheter.atom', titleKey: 'news.feedTitle' }],
  events: ['news.content_published', 'news.content_unpublished'],
  bench: [newsBenchScenario],
  testing: {
    policy: {
      administrator: ['news.read_drafts', 'news.write', 'news.publish'],
      coordinator: ['news.read_drafts', 'news.write', 'news.publish'],
      police_administrator: [],
      police: ['news.read_drafts', 'news.write', 'news.publish'],
      partner_reporter: [],
      volunteer_coordinator: [],
      volunteer: [],
    },
    samplePages: [
      { path: '/vallentuna/nyheter' },
      { path: '/vallentuna/nyheter/kommunen-och-polisen-arbetar-tillsammans' },
      { path: '/vallentuna/sidor/om-samverkan' },
      { path: '/vallentuna/sidor/om-samverkan/lattlast' },
      { path: '/vallentuna/lattlast' },
      { path: '/vallentuna/om' },
      { path: '/vallentuna/admin/nyheter', staff: true },
      { path: '/vallentuna/admin/nyheter/ny', staff: true },
      { path: '/vallentuna/admin/nyheter/granskning', staff: true },
    ],
    fuzzHints: {
      slug: ['kommunen-och-polisen-arbetar-tillsammans', 'om-samverkan'],
      title: ['Trygghetsvandring i centrum'],
      summary: ['Kort sammanfattning.'],
      body: ['Text med **fetstil** och en [länk](https://example.org).'],
      easyBody: ['Lätt text.'],
      titleEn: ['Safety walk'],
      summaryEn: ['Short summary.'],
      bodyEn: ['Body text.'],
      imageAlt: ['Torget en kväll'],
      imageCredit: ['Vallentuna kommun'],
      kind: ['news', 'page'],
      reviewNote: ['Rubriken behöver ändras innan vi publicerar.'],
      publisherOrganisationId: [demoId('org:vallentuna'), demoId('org:lpo-taby')],
      version: ['2026-12-01T09:00:00.000Z'],
    },
  },
});
