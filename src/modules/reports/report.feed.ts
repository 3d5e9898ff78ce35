// Atom 1.0 (RFC 4287) feeds of a kommun's newest published reports, and of one place's. Only what
// the public page shows: category, state, the moderated text (or a note that it is still hidden),
// never the reporter's words as sent nor anything about the reporter.
import type { Locale } from '../../platform/i18n/i18n.js';
import type { Kommun } from '../../platform/tenants/index.js';
import { categoryName, type ReportCategory } from './report.categories.js';
import { formatReference } from './report.reference.js';
import type { ReportRow } from './report.repository.js';
import { reportPaths } from './report.paths.js';

export const reportFeedSize = 50;

export function escapeXml(value: string): string {
  // Characters XML 1.0 cannot carry at all are dropped rather than escaped.
  // eslint-disable-next-line no-control-regex
  return value.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g, '').replace(/[<>&'"]/g, (c) => `&#${c.charCodeAt(0)};`);
}

const iso = (value: string | Date) => (value instanceof Date ? value.toISOString() : new Date(value).toISOString());

export interface ReportFeedOptions {
  kommun: Kommun;
  baseUrl: string;
  locale: Locale;
  title: string;
  /** Path of the feed itself and of the page it mirrors, below the site's root. */
  selfPath: string;
  pagePath: string;
  reports: ReportRow[];
  categories: ReportCategory[];
  entryTitle: (category: string, status: ReportRow['status']) => string;
  textHidden: string;
}

export function renderReportFeed(options: ReportFeedOptions): string {
  const { kommun, baseUrl, reports } = options;
  const byCode = new Map(options.categories.map((c) => [c.code, c]));
  const updated = reports.reduce((latest, r) => (iso(r.updated_at) > latest ? iso(r.updated_at) : latest), iso(kommun.updatedAt));
  const entries = reports
    .map((report) => {
      const url = `${baseUrl}/${kommun.slug}/${reportPaths.report(report.reference)}`;
      const category = byCode.get(report.category_code);
      const title = `${options.entryTitle(category ? categoryName(category, options.locale) : report.category_code, report.status)} (${formatReference(report.reference)})`;
      return `  <entry>
    <id>${escapeXml(url)}</id>
    <title>${escapeXml(title)}</title>
    <link rel="alternate" type="text/html" href="${escapeXml(url)}"/>
    <published>${iso(report.published_at ?? report.created_at)}</published>
    <updated>${iso(report.updated_at)}</updated>
    <summary>${escapeXml(report.public_description ?? options.textHidden)}</summary>
  </entry>`;
    })
    .join('\n');
  return `<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="${options.locale}">
  <id>${escapeXml(`${baseUrl}${options.selfPath}`)}</id>
  <title>${escapeXml(options.title)}</title>
  <link rel="self" type="application/atom+xml" href="${escapeXml(`${baseUrl}${options.selfPath}`)}"/>
  <link rel="alternate" type="text/html" href="${escapeXml(`${baseUrl}${options.pagePath}`)}"/>
  <updated>${updated}</updated>
  <author><name>${escapeXml(kommun.name)}</name></author>
${entries}
</feed>
`;
}
