// Open311 documents in both formats the spec names. One neutral shape per answer (a list of
// items, or one object), written as JSON as it is, or as XML by the Spark convention the spec's
// JSON is derived from: a list becomes a parent element with one child per item. The XML writer
// is our own and small: every text goes through `xmlText`, which escapes markup and replaces
// what XML 1.0 cannot hold at all (control characters, lone surrogates), so no input reaches the
// output as markup.
import type { ReportCategory } from './report.categories.js';
import type { PublicEventRow, PublicRequestRow } from './open311.repository.js';
import { open311ExtendedStatus, open311Status } from './report.states.js';

export type Open311Format = 'json' | 'xml';
export const open311Formats: readonly Open311Format[] = ['json', 'xml'];

export type Open311Value = string | number | boolean | null | Open311Object | readonly Open311Object[] | readonly string[];
export interface Open311Object {
  readonly [field: string]: Open311Value;
}

/** An answer: a list of items under a root (most), or one object (a service definition, discovery). */
export type Open311Document = { root: string; item: string; items: readonly Open311Object[] } | { root: string; object: Open311Object };

/** The element of each entry of a list field, by the list's name. */
const listItems: Record<string, string> = { attributes: 'attribute', values: 'value', endpoints: 'endpoint', formats: 'format' };

// XML 1.0's Char production; everything else cannot appear even escaped.
// eslint-disable-next-line no-control-regex -- the control characters XML allows are exactly what is named
const notXmlChar = /[^\u0009\u000A\u000D\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;

// Most texts (codes, dates, numbers) need nothing done: one test spares six replacements.
// eslint-disable-next-line no-control-regex -- as above
const needsWork = /[&<>"'\u0000-\u0008\u000B\u000C\u000E-\u001F\uD800-\uDFFF\uFFFE\uFFFF]/;

export function xmlText(value: string): string {
  if (!needsWork.test(value)) return value;
  return value.replace(notXmlChar, '\uFFFD').replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&apos;');
}

/** Element names are ours (never input), but a wrong one would break every client: refuse it loudly. */
const checkedTags = new Set<string>();

function tag(name: string): string {
  if (checkedTags.has(name)) return name;
  if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`not an XML element name: ${name}`);
  checkedTags.add(name);
  return name;
}

function element(name: string, value: Open311Value, out: string[]): void {
  const t = tag(name);
  if (value === null || value === '') {
    out.push(`<${t}></${t}>`);
  } else if (Array.isArray(value)) {
    const item = listItems[name] ?? 'item';
    out.push(`<${t}>`);
    for (const entry of value as readonly (Open311Object | string)[]) {
      if (typeof entry === 'string') element(item, entry, out);
      else objectElement(item, entry, out);
    }
    out.push(`</${t}>`);
  } else if (typeof value === 'object') {
    objectElement(name, value as Open311Object, out);
  } else {
    out.push(`<${t}>${xmlText(String(value))}</${t}>`);
  }
}

function objectElement(name: string, object: Open311Object, out: string[]): void {
  const t = tag(name);
  out.push(`<${t}>`);
  for (const [field, value] of Object.entries(object)) element(field, value, out);
  out.push(`</${t}>`);
}

export function toXml(document: Open311Document): string {
  const out: string[] = ['<?xml version="1.0" encoding="UTF-8"?>'];
  if ('object' in document) {
    objectElement(document.root, document.object, out);
  } else {
    out.push(`<${tag(document.root)}>`);
    for (const item of document.items) objectElement(document.item, item, out);
    out.push(`</${document.root}>`);
  }
  return out.join('\n');
}

export function render(format: Open311Format, document: Open311Document): { contentType: string; body: string } {
  if (format === 'xml') return { contentType: 'text/xml; charset=utf-8', body: toXml(document) };
  return { contentType: 'application/json; charset=utf-8', body: JSON.stringify('object' in document ? document.object : document.items) };
}

/** W3C's profile of ISO 8601, in UTC, to the second. */
export function open311Date(iso: string | null): string {
  if (!iso) return '';
  const time = Date.parse(iso);
  return Number.isNaN(time) ? '' : new Date(time).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

export interface Open311Problem {
  code: number;
  description: string;
}

export function errorsDocument(problems: readonly Open311Problem[]): Open311Document {
  return { root: 'errors', item: 'error', items: problems.map((p) => ({ code: p.code, description: p.description })) };
}

/** Names are Swedish: the kommun's own language, the one its staff read the reports in. */
export function servicesDocument(categories: readonly ReportCategory[], group: string): Open311Document {
  return {
    root: 'services',
    item: 'service',
    items: categories.map((c) => ({
      service_code: c.code,
      service_name: c.name.sv,
      description: c.description.sv,
      metadata: c.questions.length > 0,
      type: 'realtime',
      keywords: '',
      group,
    })),
  };
}

export interface Open311Attribute {
  code: string;
  datatype: string;
  required: boolean;
  datatypeDescription: string;
  description: string;
  values: readonly { key: string; name: string }[];
}

export function serviceDefinitionDocument(code: string, attributes: readonly Open311Attribute[]): Open311Document {
  return {
    root: 'service_definition',
    object: {
      service_code: code,
      attributes: attributes.map((a, index) => ({
        variable: true,
        code: a.code,
        datatype: a.datatype,
        required: a.required,
        datatype_description: a.datatypeDescription,
        order: index + 1,
        description: a.description,
        values: a.values.map((v) => ({ key: v.key, name: v.name })),
      })),
    },
  };
}

export function postAnswerDocument(reference: string, notice: string): Open311Document {
  return { root: 'service_requests', item: 'request', items: [{ service_request_id: reference, token: reference, service_notice: notice, account_id: '' }] };
}

export function tokenDocument(reference: string): Open311Document {
  return { root: 'service_requests', item: 'request', items: [{ service_request_id: reference, token: reference }] };
}

/** What is known of each report besides its row: names, its public history, its place. */
export interface RequestExtras {
  serviceName: string;
  agency: string;
  statusNotes: string;
  updatedAt: string;
  address: string;
}

/**
 * One request as the public may read it. Only public columns reach here (PublicRequestRow); the
 * description is what moderation published, the position the public one.
 */
export function requestItem(row: PublicRequestRow, extras: RequestExtras): Open311Object {
  return {
    service_request_id: row.reference,
    status: open311Status(row.status),
    status_notes: extras.statusNotes,
    service_name: extras.serviceName,
    service_code: row.category_code,
    description: row.public_description ?? '',
    agency_responsible: extras.agency,
    service_notice: '',
    requested_datetime: open311Date(row.created_at),
    updated_datetime: open311Date(extras.updatedAt),
    expected_datetime: '',
    address: extras.address,
    address_id: '',
    zipcode: '',
    lat: row.public_lat ?? '',
    long: row.public_lon ?? '',
    media_url: '',
  };
}

export function requestsDocument(items: readonly Open311Object[]): Open311Document {
  return { root: 'service_requests', item: 'request', items };
}

export function updatesDocument(events: readonly PublicEventRow[]): Open311Document {
  return {
    root: 'service_requests_updates',
    item: 'request_update',
    items: events.map((e) => ({
      update_id: e.id,
      service_request_id: e.reference,
      status: open311ExtendedStatus(e.status),
      description: e.body,
      updated_datetime: open311Date(e.created_at),
      media_url: '',
    })),
  };
}

export function discoveryDocument(input: { url: string; changeset: string; contact: string; keyService: string }): Open311Document {
  return {
    root: 'discovery',
    object: {
      changeset: input.changeset,
      contact: input.contact,
      key_service: input.keyService,
      endpoints: [
        {
          specification: 'http://wiki.open311.org/GeoReport_v2',
          url: input.url,
          changeset: input.changeset,
          type: 'production',
          formats: ['text/xml', 'application/json'],
        },
      ],
    },
  };
}
