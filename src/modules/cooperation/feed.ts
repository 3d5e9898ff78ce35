// Atom 1.0 (RFC 4287) feeds of published follow-up: a kommun's, and one löfte's. Same shape and
// escaping as the news feed; each entry links to the entry on its activity's (or löfte's) page.
import type { Translate } from '../../platform/i18n/i18n.js';
import type { Kommun } from '../../platform/tenants/index.js';
import type { EntryWithTarget } from './entry.repository.js';
import { coopPaths, entryAnchor } from './public.presenter.js';

export function escapeXml(value: string): string {
  // Characters XML 1.0 cannot carry at all are dropped rather than escaped.
  // eslint-disable-next-line no-control-regex
  return value.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g, '').replace(/[<>&'"]/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** Where an entry is read: on its activity's page, or on its löfte's page, at the entry. */
export function entryPath(entry: EntryWithTarget): string | null {
  if (entry.activitySlug && entry.planSlug) return `${coopPaths.activity(entry.planSlug, entry.activitySlug)}#${entryAnchor(entry.id)}`;
  if (entry.promiseSlug) return `${coopPaths.promise(entry.promiseSlug)}#${entryAnchor(entry.id)}`;
  return null;
}

/** What an entry changed, in words, for the feed's summary. */
function changesText(t: Translate, entry: EntryWithTarget): string[] {
  const lines: string[] = [];
  if (entry.statusTo) {
    const to = t(`cooperation.status.${entry.statusTo}`);
    lines.push(entry.statusFrom && entry.statusFrom !== entry.statusTo ? t('cooperation.public.statusChange', { from: t(`cooperation.status.${entry.statusFrom}`), to }) : t('cooperation.public.statusSet', { to }));
  }
  if (entry.progressTo !== null) {
    const to = String(entry.progressTo);
    lines.push(entry.progressFrom !== null && entry.progressFrom !== entry.progressTo ? t('cooperation.public.progressChange', { from: String(entry.progressFrom), to }) : t('cooperation.public.progressSet', { to }));
  }
  if (entry.assessmentTo) {
    const light = `${t(`cooperation.assessment.${entry.assessmentTo}`)} – ${t(`cooperation.assessment.${entry.assessmentTo}Meaning`)}`;
    lines.push(`${t('cooperation.public.assessmentSet')} ${light}${entry.assessmentText ? `: ${entry.assessmentText}` : ''}`);
  }
  return lines;
}

export function renderFollowUpFeed(options: { kommun: Kommun; baseUrl: string; t: Translate; title: string; selfPath: string; alternatePath: string; entries: EntryWithTarget[] }): string {
  const { kommun, baseUrl, entries, t } = options;
  const home = `${baseUrl}/${kommun.slug}/`;
  const updated = entries.reduce((latest, e) => (e.createdAt > latest ? e.createdAt : latest), kommun.updatedAt);
  const items = entries
    .map((entry) => {
      const path = entryPath(entry);
      const about = entry.activityTitle ? `${entry.activityTitle}: ` : '';
      const summary = [`${about}${entry.title}`, ...changesText(t, entry)].join('. ');
      const author = [entry.authorRole, entry.authorOrganisationName].filter(Boolean).join(', ') || kommun.name;
      return `  <entry>
    <id>urn:uuid:${entry.id}</id>
    <title>${escapeXml(`${about}${entry.title}`)}</title>
${path ? `    <link rel="alternate" type="text/html" href="${escapeXml(`${home}${path}`)}"/>\n` : ''}    <published>${escapeXml(entry.createdAt)}</published>
    <updated>${escapeXml(entry.createdAt)}</updated>
    <summary>${escapeXml(summary)}</summary>
${entry.bodyHtml ? `    <content type="html">${escapeXml(entry.bodyHtml)}</content>\n` : ''}    <author><name>${escapeXml(author)}</name></author>
  </entry>`;
    })
    .join('\n');
  return `<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="sv">
  <id>${escapeXml(`${home}${options.selfPath}`)}</id>
  <title>${escapeXml(options.title)}</title>
  <link rel="self" type="application/atom+xml" href="${escapeXml(`${home}${options.selfPath}`)}"/>
  <link rel="alternate" type="text/html" href="${escapeXml(`${home}${options.alternatePath}`)}"/>
  <updated>${escapeXml(updated)}</updated>
  <author><name>${escapeXml(kommun.name)}</name></author>
${items}
</feed>
`;
}
