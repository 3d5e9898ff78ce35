// The OpenAPI 3.1 document of the JSON API, built from the operations the routes declared
// (kommunRoute's `api`) and the zod schemas they parse with: what the document says is what
// the routes check. OpenAPI 3.1 schemas are JSON Schema 2020-12, zod's default target; requests
// are described as zod reads them (io: 'input': defaults make a field optional), answers as
// they are produced (io: 'output'). Texts are message keys, written in the reader's language.
import { z } from 'zod';
import type { ApiOperation, HttpMethod } from '../http/api-catalogue.js';
import type { Translate } from '../i18n/i18n.js';

export type JsonSchema = { [key: string]: unknown };

export interface OpenApiParameter {
  name: string;
  in: 'path' | 'query' | 'header';
  required: boolean;
  description?: string;
  schema: JsonSchema;
}

export interface OpenApiResponse {
  description: string;
  content?: Record<string, { schema: JsonSchema }>;
}

export interface OpenApiOperation {
  operationId: string;
  tags: string[];
  summary: string;
  description?: string;
  parameters: OpenApiParameter[];
  requestBody?: { required: true; content: { 'application/json': { schema: JsonSchema } } };
  responses: Record<string, OpenApiResponse | { $ref: string }>;
  security: Record<string, string[]>[];
  'x-permission'?: string;
}

export interface OpenApiDocument {
  openapi: string;
  info: { title: string; version: string; description: string; license: { name: string; identifier: string } };
  servers: { url: string }[];
  /** x-displayName: the group's name in the reader's language (the name itself is an identifier). */
  tags: { name: string; description: string; 'x-displayName': string }[];
  paths: Record<string, Partial<Record<Lowercase<HttpMethod>, OpenApiOperation>>>;
  components: {
    schemas: Record<string, JsonSchema>;
    responses: Record<string, OpenApiResponse>;
    securitySchemes: Record<string, JsonSchema>;
  };
}

export interface OpenApiOptions {
  t: Translate;
  /** Where the API is reached (PUBLIC_URL). */
  serverUrl: string;
  /** The session cookie's name on this deployment (`__Host-` prefixed behind https). */
  sessionCookie: string;
}

export const openApiVersion = '3.1.1';
/** The API's own version: the /api/v1 prefix. */
export const apiVersion = '1';

/** Refusals every described operation may meet, as reusable responses. */
const refusals = {
  400: { name: 'BadRequest', description: 'api.refusal.400' },
  401: { name: 'Unauthenticated', description: 'api.refusal.401' },
  403: { name: 'CsrfFailed', description: 'api.refusal.403' },
  404: { name: 'NotFound', description: 'api.refusal.404' },
  409: { name: 'Conflict', description: 'api.refusal.409' },
  413: { name: 'PayloadTooLarge', description: 'api.refusal.413' },
  422: { name: 'ValidationFailed', description: 'api.refusal.422' },
  429: { name: 'TooManyRequests', description: 'api.refusal.429' },
} as const;
type RefusalStatus = keyof typeof refusals;

const errorSchema: JsonSchema = {
  type: 'object',
  required: ['error'],
  properties: {
    error: {
      type: 'object',
      required: ['code', 'message'],
      properties: {
        code: { type: 'string', examples: ['validation_failed'] },
        message: { type: 'string' },
        fields: {
          type: 'object',
          description: 'api.errorFields',
          additionalProperties: {
            type: 'object',
            required: ['code', 'message'],
            properties: { code: { type: 'string', examples: ['validation.required'] }, message: { type: 'string' } },
          },
        },
        current: { type: 'object', description: 'api.errorCurrent' },
      },
    },
  },
};

const unsafeMethods = new Set<HttpMethod>(['POST', 'PUT', 'PATCH', 'DELETE']);

/** A zod schema as JSON Schema 2020-12, inline, descriptions that are message keys translated. */
export function jsonSchemaOf(schema: z.ZodType, io: 'input' | 'output', t: Translate): JsonSchema {
  const json = z.toJSONSchema(schema, {
    io,
    // Transforms have no JSON Schema; their input side is what a client sends.
    unrepresentable: 'any',
    reused: 'inline',
    override: ({ jsonSchema }) => {
      if (typeof jsonSchema.description === 'string' && t.has(jsonSchema.description)) jsonSchema.description = t(jsonSchema.description);
    },
  }) as JsonSchema;
  delete json.$schema;
  return json;
}

function translateDescriptions(schema: JsonSchema, t: Translate): JsonSchema {
  return JSON.parse(JSON.stringify(schema), (key, value: unknown) => (key === 'description' && typeof value === 'string' && t.has(value) ? t(value) : value)) as JsonSchema;
}

/** One parameter per property of an object schema (path or query). */
function parametersOf(schema: z.ZodObject | undefined, where: 'path' | 'query', t: Translate): OpenApiParameter[] {
  if (!schema) return [];
  const json = jsonSchemaOf(schema, 'input', t);
  const properties = (json.properties ?? {}) as Record<string, JsonSchema>;
  const required = new Set((json.required ?? []) as string[]);
  return Object.entries(properties).map(([name, property]) => {
    const { description, ...rest } = property;
    return {
      name,
      in: where,
      required: where === 'path' || required.has(name),
      ...(typeof description === 'string' ? { description } : {}),
      schema: rest,
    };
  });
}

function operationOf(operation: ApiOperation, t: Translate, used: Set<RefusalStatus>): OpenApiOperation {
  const { api, permission } = operation;
  const unsafe = unsafeMethods.has(operation.method);
  const parameters: OpenApiParameter[] = [];
  if (operation.path.includes('{kommun}')) {
    parameters.push({ name: 'kommun', in: 'path', required: true, description: t('api.kommunParameter'), schema: { type: 'string', pattern: '^[a-z0-9-]{1,60}$', examples: ['vallentuna'] } });
  }
  parameters.push(...parametersOf(operation.params, 'path', t), ...parametersOf(operation.query, 'query', t));
  // Needed with the session cookie only: a bearer token is not sent by browsers on their own.
  if (permission && unsafe) {
    parameters.push({ name: 'x-csrf-token', in: 'header', required: false, description: t('api.csrfParameter'), schema: { type: 'string' } });
  }

  const statuses = new Set<RefusalStatus>([404, ...(api.refusals ?? []).filter((s): s is RefusalStatus => s in refusals)]);
  if (permission) statuses.add(401);
  if (permission && unsafe) statuses.add(403);
  if (operation.body) statuses.add(400).add(413);
  if (operation.body || operation.query) statuses.add(422);
  const responses: OpenApiOperation['responses'] = {
    [String(api.response.status)]: {
      description: t(api.response.description),
      content: { [api.response.mediaType ?? 'application/json']: { schema: jsonSchemaOf(api.response.schema, 'output', t) } },
    },
  };
  for (const status of [...statuses].sort()) {
    used.add(status);
    responses[String(status)] = { $ref: `#/components/responses/${refusals[status].name}` };
  }

  const description = [api.description ? t(api.description) : '', permission ? t('api.requiresPermission', { permission }) : t('api.public')].filter(Boolean).join('\n\n');
  return {
    operationId: api.operationId,
    tags: [api.tag],
    summary: t(api.summary),
    description,
    parameters,
    ...(operation.body ? { requestBody: { required: true as const, content: { 'application/json': { schema: jsonSchemaOf(operation.body, 'input', t) } } } } : {}),
    responses,
    // Public operations need no sign-in; staff ones a personal API token, or the session cookie
    // (and, to change anything, the CSRF header).
    security: permission ? [{ bearerAuth: [] }, { session: [] }] : [],
    ...(permission ? { 'x-permission': permission } : {}),
  };
}

export function buildOpenApiDocument(operations: readonly ApiOperation[], { t, serverUrl, sessionCookie }: OpenApiOptions): OpenApiDocument {
  const used = new Set<RefusalStatus>();
  const paths: OpenApiDocument['paths'] = {};
  for (const operation of operations) {
    const item = (paths[operation.path] ??= {});
    item[operation.method.toLowerCase() as Lowercase<HttpMethod>] = operationOf(operation, t, used);
  }
  const tags = [...new Set(operations.map((o) => o.api.tag))].map((name) => ({ name, description: t(`${name}.apiTag`), 'x-displayName': t(`${name}.apiTagName`) }));
  const responses: Record<string, OpenApiResponse> = {};
  for (const status of [...used].sort()) {
    const { name, description } = refusals[status];
    responses[name] = { description: t(description), content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } };
  }
  return {
    openapi: openApiVersion,
    info: {
      title: t('api.documentTitle'),
      version: apiVersion,
      description: t('api.documentDescription'),
      license: { name: 'EUPL-1.2', identifier: 'EUPL-1.2' },
    },
    servers: [{ url: serverUrl.replace(/\/+$/, '') }],
    tags,
    paths,
    components: {
      schemas: { Error: translateDescriptions(errorSchema, t) },
      responses,
      securitySchemes: {
        bearerAuth: { type: 'http', scheme: 'bearer', bearerFormat: 'stg_…', description: t('api.bearerScheme') },
        session: { type: 'apiKey', in: 'cookie', name: sessionCookie, description: t('api.sessionScheme') },
      },
    },
  };
}
