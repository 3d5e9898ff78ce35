// One way to declare a route, so that no handler can forget the kommun, the permission or the
// parsing of what it was sent. Before the handler runs:
//   1. the kommun the address names is there (the kernel resolved it, or answered 404);
//   2. the permission named at the route is held: signed out → 401 (a page sends the person to
//      sign in), signed in without it → 404, so nobody learns what exists behind it;
//   3. path parameters parse (else 404: a malformed id names nothing), then the query and the
//      body (else ValidationError: JSON 422 {error:{code:'validation_failed', fields}}, or the
//      route's own `invalid` page with the values kept).
// The handler receives all of it typed. The service checks the permission again: the route's
// check decides what the person sees, the service's decides what happens.
// Routes that describe themselves with `api` join the OpenAPI document (see api-catalogue.ts).
import type { FastifyInstance, FastifyReply, FastifyRequest, RouteOptions } from 'fastify';
import type { z } from 'zod';
import { can, type Actor } from '../auth/actor.js';
import type { UploadLimits } from '../files/multipart.js';
import type { Kommun } from '../tenants/tenant.repository.js';
import type { FormState } from '../views/components.js';
import { addApiOperation, openApiPath, type ApiDescription, type HttpMethod } from './api-catalogue.js';
import { NotFoundError, UnauthenticatedError, ValidationError } from './errors.js';
import { formValues, zodToFieldErrors } from './forms.js';

type Parsed<S> = S extends z.ZodType ? z.output<S> : undefined;
type ActorFor<Permission> = Permission extends string ? Actor : Actor | null;

export interface RouteContext<Params, Query, Body, A, K> {
  request: FastifyRequest;
  reply: FastifyReply;
  kommun: K;
  actor: A;
  params: Params;
  query: Query;
  body: Body;
}

interface RouteSpec<P, Q, B, Permission, K> {
  method: HttpMethod;
  /** A permission of the permission catalogue (`news.write`); see the comment at the top. */
  permission?: Permission;
  /** Path parameters besides :kommun; a value that does not parse is a 404. */
  params?: P;
  query?: Q;
  /** Not with `upload`: an upload's body is read by the handler, after the permission check. */
  body?: B;
  /**
   * The page to show again, with status 422, when the query, the body or the handler refuses the
   * input (ValidationError): it gets the person's values and the errors. Without it the error
   * handler answers (JSON 422, or the general error page).
   */
  invalid?: (route: RouteContext<Parsed<P>, undefined, undefined, ActorFor<Permission>, K>, form: FormState) => FastifyReply | Promise<FastifyReply>;
  /** The route takes files (multipart): see files/multipart.ts. */
  upload?: UploadLimits;
  /** The route is a List-Unsubscribe link and takes RFC 8058's tokenless POST (kernel.plugin.ts). */
  oneClickUnsubscribe?: boolean;
  errorHandler?: RouteOptions['errorHandler'];
  /** Describes the route in the JSON API's OpenAPI document and reference page. */
  api?: ApiDescription;
}

export type KommunRouteSpec<P, Q, B, Permission> = RouteSpec<P, Q, B, Permission, Kommun> & {
  url: `${string}/:kommun${string}`;
};

export type SiteRouteSpec<P, Q, B, Permission> = RouteSpec<P, Q, B, Permission, null> & { url: string };

type Handler<P, Q, B, Permission, K> = (route: RouteContext<Parsed<P>, Parsed<Q>, Parsed<B>, ActorFor<Permission>, K>) => Promise<unknown>;

/** A route under /:kommun (pages) or /api/v1/:kommun (JSON). */
export function kommunRoute<
  P extends z.ZodObject | undefined = undefined,
  Q extends z.ZodObject | undefined = undefined,
  B extends z.ZodType | undefined = undefined,
  Permission extends string | undefined = undefined,
>(app: FastifyInstance, spec: KommunRouteSpec<P, Q, B, Permission>, handler: Handler<P, Q, B, Permission, Kommun>): void {
  declareRoute(app, spec, handler, (request) => {
    // The kernel's preHandler resolved the :kommun parameter or answered 404 already.
    if (!request.kommun) throw new NotFoundError('errors.kommunNotFound');
    return request.kommun;
  });
}

/** A route outside any kommun (the platform's own pages and API); the same checks, no kommun. */
export function siteRoute<
  P extends z.ZodObject | undefined = undefined,
  Q extends z.ZodObject | undefined = undefined,
  B extends z.ZodType | undefined = undefined,
  Permission extends string | undefined = undefined,
>(app: FastifyInstance, spec: SiteRouteSpec<P, Q, B, Permission>, handler: Handler<P, Q, B, Permission, null>): void {
  if (spec.url.includes('/:kommun')) throw new Error(`${spec.url} names a kommun: declare it with kommunRoute`);
  declareRoute(app, spec, handler, () => null);
}

function declareRoute<P extends z.ZodObject | undefined, Q extends z.ZodObject | undefined, B extends z.ZodType | undefined, Permission extends string | undefined, K>(
  app: FastifyInstance,
  spec: RouteSpec<P, Q, B, Permission, K> & { url: string },
  handler: Handler<P, Q, B, Permission, K>,
  kommunOf: (request: FastifyRequest) => K,
): void {
  if (spec.upload && spec.body) throw new Error(`${spec.method} ${spec.url}: an upload route reads its body itself`);
  const declared = new Set(Object.keys(spec.params?.shape ?? {}));
  const named = [...spec.url.matchAll(/:([A-Za-z0-9_]+)/g)].map((m) => m[1]!).filter((name) => name !== 'kommun');
  if (named.some((name) => !declared.has(name))) throw new Error(`${spec.method} ${spec.url}: declare every path parameter in params`);
  if (spec.api) {
    addApiOperation(app, { method: spec.method, path: openApiPath(spec.url), permission: spec.permission, params: spec.params, query: spec.query, body: spec.body, api: spec.api });
  }

  app.route({
    method: spec.method,
    url: spec.url,
    ...(spec.upload || spec.oneClickUnsubscribe ? { config: { ...(spec.upload ? { upload: spec.upload } : {}), ...(spec.oneClickUnsubscribe ? { oneClickUnsubscribe: true } : {}) } } : {}),
    ...(spec.errorHandler ? { errorHandler: spec.errorHandler } : {}),
    handler: async (request, reply) => {
      const kommun = kommunOf(request);
      const actor = authorise(request, spec.permission) as ActorFor<Permission>;
      const params = parseOr(spec.params, request.params, () => new NotFoundError()) as Parsed<P>;
      const base = { request, reply, kommun, actor, params };
      try {
        const query = parseOr(spec.query, request.query, (error) => new ValidationError(zodToFieldErrors(error))) as Parsed<Q>;
        const body = parseOr(spec.body, request.body, (error) => new ValidationError(zodToFieldErrors(error))) as Parsed<B>;
        return await handler({ ...base, query, body });
      } catch (error) {
        if (!(error instanceof ValidationError) || !spec.invalid) throw error;
        // A GET form (a filter) keeps its values in the query, a POST in the body.
        const values = formValues(spec.method === 'GET' ? request.query : request.body);
        return spec.invalid({ ...base, query: undefined, body: undefined }, { values, errors: error.fields });
      }
    },
  });
}

function authorise(request: FastifyRequest, permission: string | undefined): Actor | null {
  if (permission === undefined) return request.actor;
  if (!request.actor) throw new UnauthenticatedError();
  if (!can(request.actor, permission)) throw new NotFoundError();
  return request.actor;
}

function parseOr(schema: z.ZodType | undefined, input: unknown, refuse: (error: z.ZodError) => Error): unknown {
  if (!schema) return undefined;
  const result = schema.safeParse(input ?? {});
  if (!result.success) throw refuse(result.error);
  return result.data;
}
