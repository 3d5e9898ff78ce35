// The API reference: the OpenAPI document rendered as one page (operations by tag, their
// parameters, request fields and answers), so reading it needs neither JavaScript nor a tool.
import { ScrollRegion } from '../views/components.js';
import { Layout } from '../views/layout.js';
import { usePage } from '../views/page-context.js';
import type { Translate } from '../i18n/i18n.js';
import type { JsonSchema, OpenApiDocument, OpenApiOperation, OpenApiParameter, OpenApiResponse } from './openapi.js';

interface FieldRow {
  name: string;
  /** Parameters only: where it goes (path, query…), in words. */
  location?: string;
  type: string;
  required: boolean;
  notes: string[];
}

const asSchema = (value: unknown): JsonSchema | undefined => (value && typeof value === 'object' && !Array.isArray(value) ? (value as JsonSchema) : undefined);
const asSchemas = (value: unknown): JsonSchema[] => (Array.isArray(value) ? value.map(asSchema).filter((s): s is JsonSchema => s !== undefined) : []);

function typeText(schema: JsonSchema | undefined, t: Translate): string {
  if (!schema) return t('api.type.any');
  if (typeof schema.$ref === 'string') return schema.$ref.split('/').at(-1) ?? schema.$ref;
  if (Array.isArray(schema.enum)) return schema.enum.map((value) => JSON.stringify(value)).join(' | ');
  const anyOf = asSchemas(schema.anyOf);
  if (anyOf.length > 0) return anyOf.map((s) => typeText(s, t)).join(' | ');
  if (schema.type === 'array') return t('api.type.arrayOf', { type: typeText(asSchema(schema.items), t) });
  const type = Array.isArray(schema.type) ? schema.type.join(' | ') : typeof schema.type === 'string' ? schema.type : t('api.type.any');
  return typeof schema.format === 'string' ? `${type} (${schema.format})` : type;
}

function notesOf(schema: JsonSchema, t: Translate): string[] {
  const notes: string[] = [];
  if (typeof schema.description === 'string') notes.push(schema.description);
  if (typeof schema.minLength === 'number' && schema.minLength > 1) notes.push(t('api.note.minLength', { n: schema.minLength }));
  if (typeof schema.maxLength === 'number') notes.push(t('api.note.maxLength', { n: schema.maxLength }));
  if (typeof schema.minimum === 'number') notes.push(t('api.note.minimum', { n: schema.minimum }));
  if (typeof schema.maximum === 'number') notes.push(t('api.note.maximum', { n: schema.maximum }));
  if (typeof schema.pattern === 'string') notes.push(t('api.note.pattern', { pattern: schema.pattern }));
  if (schema.default !== undefined) notes.push(t('api.note.default', { value: JSON.stringify(schema.default) }));
  return notes;
}

/** The object a field holds, directly, when it may be null, or as the items of an array. */
function innerObject(schema: JsonSchema): { schema: JsonSchema; suffix: string } | undefined {
  if (asSchema(schema.properties)) return { schema, suffix: '' };
  const items = asSchema(schema.items);
  if (schema.type === 'array' && items && asSchema(items.properties)) return { schema: items, suffix: '[]' };
  const objectVariant = asSchemas(schema.anyOf).find((s) => asSchema(s.properties));
  return objectVariant ? { schema: objectVariant, suffix: '' } : undefined;
}

/** Every field of an object schema, nested ones as `data.image.url` and `data[].title`. */
function fieldRows(schema: JsonSchema | undefined, t: Translate, prefix = ''): FieldRow[] {
  const properties = asSchema(schema?.properties);
  if (!schema || !properties) return [];
  const required = new Set(Array.isArray(schema.required) ? schema.required : []);
  return Object.entries(properties).flatMap(([name, value]) => {
    const property = asSchema(value) ?? {};
    const row = { name: `${prefix}${name}`, type: typeText(property, t), required: required.has(name), notes: notesOf(property, t) };
    const inner = innerObject(property);
    return [row, ...(inner ? fieldRows(inner.schema, t, `${prefix}${name}${inner.suffix}.`) : [])];
  });
}

/** Fields of a body or answer, or (with `location`) an operation's parameters: one table shape. */
function FieldTable({ caption, rows, parameters = false }: { caption: string; rows: FieldRow[]; parameters?: boolean }) {
  const { t } = usePage();
  return (
    <ScrollRegion label={caption}>
      <table class="ds-table admin-table">
        <caption>{caption}</caption>
        <thead>
          <tr>
            <th scope="col">{t(parameters ? 'api.col.parameter' : 'api.col.field')}</th>
            {parameters ? <th scope="col">{t('api.col.in')}</th> : null}
            <th scope="col">{t('api.col.type')}</th>
            <th scope="col">{t('api.col.required')}</th>
            <th scope="col">{t('api.col.notes')}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={`${row.location ?? ''}:${row.name}`}>
              <th scope="row">
                <code>{row.name}</code>
              </th>
              {parameters ? <td>{row.location}</td> : null}
              <td>{row.type}</td>
              <td>{t(row.required ? 'api.yes' : 'api.no')}</td>
              <td class="wrap-anywhere">{row.notes.join(' ')}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </ScrollRegion>
  );
}

function parameterRows(parameters: OpenApiParameter[], t: Translate): FieldRow[] {
  return parameters.map((parameter) => ({
    name: parameter.name,
    location: t(`api.in.${parameter.in}`),
    type: typeText(parameter.schema, t),
    required: parameter.required ?? false,
    notes: [...(parameter.description ? [parameter.description] : []), ...notesOf(parameter.schema, t)],
  }));
}

function resolveResponse(document: OpenApiDocument, response: OpenApiResponse | { $ref: string }): OpenApiResponse | undefined {
  if (!('$ref' in response)) return response;
  return document.components.responses[response.$ref.split('/').at(-1) ?? ''];
}

function Operation({ document, method, path, operation }: { document: OpenApiDocument; method: string; path: string; operation: OpenApiOperation }) {
  const { t } = usePage();
  const body = operation.requestBody?.content['application/json'].schema;
  const answers = Object.entries(operation.responses);
  const success = answers.map(([status, response]) => ({ status, response: resolveResponse(document, response) })).find(({ status }) => status.startsWith('2'));
  const successContent = success?.response?.content ? Object.entries(success.response.content)[0] : undefined;
  return (
    <section class="api-operation" aria-labelledby={operation.operationId}>
      <h3 class="ds-heading" data-size="sm" id={operation.operationId}>
        {operation.summary}
      </h3>
      <p>
        <code>
          {method.toUpperCase()} {path}
        </code>
      </p>
      {(operation.description ?? '').split('\n\n').map((paragraph) => (paragraph ? <p key={paragraph}>{paragraph}</p> : null))}
      {operation.parameters.length > 0 ? <FieldTable parameters caption={t('api.parametersOf', { operation: operation.operationId })} rows={parameterRows(operation.parameters, t)} /> : null}
      {body ? <FieldTable caption={t('api.requestOf', { operation: operation.operationId })} rows={fieldRows(body, t)} /> : null}
      <h4 class="ds-heading" data-size="xs">
        {t('api.answers')}
      </h4>
      <ul>
        {answers.map(([status, response]) => (
          <li key={status}>
            <strong>{status}</strong> – {resolveResponse(document, response)?.description ?? ''}
          </li>
        ))}
      </ul>
      {success && successContent ? (
        <FieldTable caption={t('api.answerOf', { status: success.status, operation: operation.operationId, type: successContent[0] })} rows={fieldRows(successContent[1].schema, t)} />
      ) : null}
    </section>
  );
}

export function ApiReferencePage({ document, documentHref }: { document: OpenApiDocument; documentHref: string }) {
  const { t } = usePage();
  const operations = Object.entries(document.paths).flatMap(([path, item]) =>
    Object.entries(item).map(([method, operation]) => ({ path, method, operation: operation as OpenApiOperation })),
  );
  return (
    <Layout title={t('api.title')}>
      <h1 class="ds-heading" data-size="lg">
        {t('api.title')}
      </h1>
      {document.info.description.split('\n\n').map((paragraph) => (
        <p key={paragraph}>{paragraph}</p>
      ))}
      <p>
        <a class="ds-link" href={documentHref}>
          {t('api.documentLink', { version: document.openapi })}
        </a>
      </p>
      <nav aria-labelledby="api-contents">
        <h2 class="ds-heading" data-size="sm" id="api-contents">
          {t('api.contents')}
        </h2>
        <ul>
          {document.tags.map((tag) => (
            <li key={tag.name}>
              <a class="ds-link" href={`#tag-${tag.name}`}>
                {tag['x-displayName']}
              </a>
              <ul>
                {operations
                  .filter(({ operation }) => operation.tags.includes(tag.name))
                  .map(({ operation }) => (
                    <li key={operation.operationId}>
                      <a class="ds-link" href={`#${operation.operationId}`}>
                        {operation.summary}
                      </a>
                    </li>
                  ))}
              </ul>
            </li>
          ))}
        </ul>
      </nav>
      {document.tags.map((tag) => (
        <section key={tag.name} aria-labelledby={`tag-${tag.name}`}>
          <h2 class="ds-heading" data-size="md" id={`tag-${tag.name}`}>
            {tag['x-displayName']}
          </h2>
          <p>{tag.description}</p>
          {operations
            .filter(({ operation }) => operation.tags.includes(tag.name))
            .map(({ path, method, operation }) => (
              <Operation key={operation.operationId} document={document} method={method} path={path} operation={operation} />
            ))}
        </section>
      ))}
    </Layout>
  );
}
