// Atom 1.0 (RFC 4287) feed of a kommun's published news.
import type { Kommun } from '../../platform/tenants/tenant.repository.js';
import type { ListItem, Publisher } from './news.repository.js';

export function escapeXml(value: string): string {
  // Characters XML 1.0 cannot carry at all are dropped rather than escaped.
  // eslint-disable-next-line no-control-regex
  return value.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g, '').replace(/[<>&'"]/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** `publisherName` names an entry's author: the organisation that published it (the feed's own author is the kommun). */
export function renderAtomFeed(options: { kommun: Kommun; baseUrl: string; title: string; items: ListItem[]; publisherName: (publisher: Publisher) => string }): string {
  const { kommun, baseUrl, items } = options;
  const home = `${baseUrl}/${kommun.slug}/`;
  const updated = items.reduce((latest, item) => (item.contentUpdatedAt > latest ? item.contentUpdatedAt : latest), kommun.updatedAt);
  const entries = items
    .map((item) => {
      const url = `${baseUrl}/${kommun.slug}/nyheter/${item.slug}`;
      return `  <entry>
    <id>urn:uuid:${item.id}</id>
    <title>${escapeXml(item.title)}</title>
    <link rel="alternate" type="text/html" href="${escapeXml(url)}"/>
    <published>${item.publishedAt}</published>
    <updated>${item.contentUpdatedAt}</updated>
    <summary>${escapeXml(item.summary || item.title)}</summary>
    <author><name>${escapeXml(options.publisherName(item.publisher))}</name></author>
  </entry>`;
    })
    .join('\n');
  return `<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="sv">
  <id>${escapeXml(`${home}nyheter`)}</id>
  <title>${escapeXml(options.title)}</title>
  <link rel="self" type="application/atom+xml" href="${escapeXml(`${home}nyheter.atom`)}"/>
  <link rel="alternate" type="text/html" href="${escapeXml(`${home}nyheter`)}"/>
  <updated>${updated}</updated>
  <author><name>${escapeXml(kommun.name)}</name></author>
${entries}
</feed>
`;
}
