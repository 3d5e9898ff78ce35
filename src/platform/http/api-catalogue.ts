// The JSON API's operations as their routes declare them (kommunRoute's `api`), kept per app
// instance: two apps in one process (tests) each describe only their own routes. The api feature
// turns them into the OpenAPI document and its reference page.
import type { FastifyInstance } from 'fastify';
import type { z } from 'zod';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/** What a route tells the API reference about itself. Texts are message keys, shown in the reader's language. */
export interface ApiDescription {
  /** Unique across the API, camelCase: `listNews`, `createContent`. */
  operationId: string;
  /** Groups operations in the reference; the messages `<tag>.apiTagName` and `<tag>.apiTag` name and describe the group. */
  tag: string;
  summary: string;
  description?: string;
  /** The successful answer: its status, what it holds, and its media type when not plain JSON. */
  response: { status: 200 | 201; description: string; schema: z.ZodType; mediaType?: string };
  /** Refusals besides those the route's declaration implies (a rate limit's 429, a 409). */
  refusals?: readonly number[];
}

export interface ApiOperation {
  method: HttpMethod;
  /** The OpenAPI path template, e.g. /api/v1/{kommun}/news/{slug}. */
  path: string;
  permission: string | undefined;
  /** Path parameters besides the kommun. */
  params: z.ZodObject | undefined;
  query: z.ZodObject | undefined;
  body: z.ZodType | undefined;
  api: ApiDescription;
}

declare module 'fastify' {
  interface FastifyInstance {
    /** Operations described for the API reference; shared by every scope of one app. */
    apiOperations: ApiOperation[];
  }
}

export function registerApiCatalogue(app: FastifyInstance): void {
  app.decorate('apiOperations', []);
}

/** Fastify's `/api/v1/:kommun/news/:slug` as OpenAPI's `/api/v1/{kommun}/news/{slug}`. */
export function openApiPath(url: string): string {
  return url.replace(/:([A-Za-z0-9_]+)/g, '{$1}');
}

export function addApiOperation(app: FastifyInstance, operation: ApiOperation): void {
  if (!app.hasDecorator('apiOperations')) throw new Error('The API catalogue is registered with the kernel hooks (registerKernelHooks)');
  if (app.apiOperations.some((o) => o.api.operationId === operation.api.operationId)) {
    throw new Error(`API operation ${operation.api.operationId} is declared twice`);
  }
  app.apiOperations.push(operation);
}
