// What one route of the API is, declared once: the Express router (api/router.ts) and the OpenAPI
// document (api/openapi.ts) are both made from these declarations, and each route's handler is
// typed from its declaration (`RouteHandler`): the router parses params, query and body with the
// declared schemas and the handler receives what they output.
import type { z } from 'zod';
import type { Role } from '../../db/api-keys';
import type { Principal } from '../auth';

export type Method = 'get' | 'post' | 'put' | 'delete';

/** Error statuses a route can answer besides those every authenticated route shares. */
export type ErrorStatus = 400 | 404 | 409 | 413 | 415 | 422 | 503;

export interface SuccessResponse {
  description: string;
  /** A zod schema for JSON, or nothing for a body in another media type. */
  schema?: z.ZodType;
  /** `application/json` unless said otherwise (receipts and letters are HTML). */
  contentType?: string;
  /** OpenAPI links: how a client reaches related operations from this answer. */
  links?: Record<string, { operationId: string; parameters: Record<string, string>; description: string }>;
}

export interface RouteDeclaration {
  operationId: string;
  method: Method;
  /** OpenAPI style: `/v1/complaints/{id}`. */
  path: string;
  summary: string;
  tag: string;
  /** Who may call it (SPEC "Users and roles"); `public` needs no key. */
  roles: readonly Role[] | 'public';
  request?: {
    params?: z.ZodObject;
    query?: z.ZodType;
    body?: z.ZodType;
    /** `Idempotency-Key` (filing only). */
    idempotencyKey?: boolean;
    /** `X-Complainant-Id`: the portal names the complainant it acts for; only where cases are read or acted on. */
    complainantId?: boolean;
  };
  responses: Partial<Record<200 | 201, SuccessResponse>>;
  /** The route's own errors and why each happens. */
  errors?: Partial<Record<ErrorStatus, string>>;
}

type RequestPart<R extends RouteDeclaration, K extends 'params' | 'query' | 'body'> =
  NonNullable<R['request']> extends { [P in K]: infer S extends z.ZodType } ? z.output<S> : Record<string, never>;

/** What a handler is given: the request's parts as the declared schemas output them, and who asks. */
export interface RouteInput<R extends RouteDeclaration = RouteDeclaration> {
  params: RequestPart<R, 'params'>;
  query: RequestPart<R, 'query'>;
  body: RequestPart<R, 'body'>;
  /** The caller; absent only on a public route. */
  principal: R['roles'] extends 'public' ? Principal | undefined : Principal;
  /** A request header, by its lower-case name. */
  header(name: string): string | undefined;
  /** The peer's address (the metrics answer only on the machine itself by default). */
  remoteAddress: string | undefined;
}

/** An answer other than a plain 200 with JSON: a status, headers, or a body in another media type. */
export class Answer {
  constructor(
    readonly status: number,
    readonly body: unknown,
    readonly options: { contentType?: string; location?: string; headers?: Record<string, string> } = {},
  ) {}
}

type JsonOf<S> = S extends { schema: infer Z extends z.ZodType } ? z.input<Z> : never;

/** The JSON a route answers: what its 200 or 201 schema accepts. */
export type ResultOf<R extends RouteDeclaration> = JsonOf<R['responses'][200]> | JsonOf<R['responses'][201]>;

/** A route's handler: typed inputs in, its declared JSON (or an `Answer`) out. */
export type RouteHandler<R extends RouteDeclaration = RouteDeclaration> = (
  input: RouteInput<R>,
) => Promise<ResultOf<R> | Answer> | ResultOf<R> | Answer;

/** The declaration of one operation among `Routes`. */
export type RouteOf<Routes extends readonly RouteDeclaration[], Id extends string> = Extract<
  Routes[number],
  { operationId: Id }
>;

/** Handlers by operationId, each typed from its declaration: every declared operation has exactly one. */
export type Handlers<Routes extends readonly RouteDeclaration[], Id extends Routes[number]['operationId']> = {
  [K in Id]: RouteHandler<RouteOf<Routes, K>>;
};
