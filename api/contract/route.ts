// What one route of the API is, declared once: the Express router (api/router.ts) and the OpenAPI
// document (api/openapi.ts) are both made from these declarations.
import type { RequestHandler } from 'express';
import type { z } from 'zod';
import type { Role } from '../../db/api-keys';

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

/** Handlers by operationId: every declared operation has exactly one. */
export type Handlers<Id extends string> = Record<Id, RequestHandler>;
