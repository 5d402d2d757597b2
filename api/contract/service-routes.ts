// Routes outside /v1 that need no key: health, metrics and this document.
import { z } from 'zod';
import { healthSchema } from './responses';
import type { RouteDeclaration } from './route';

const health = <const Id extends string>(operationId: Id, path: string, summary: string) => ({
  operationId,
  method: 'get' as const,
  path,
  summary,
  tag: 'service',
  roles: 'public' as const,
  responses: { 200: { description: 'ok', schema: healthSchema } },
  errors: { 503: 'Temporal or the database is unavailable' },
});

export const serviceRoutes = [
  health('health', '/healthz', 'Temporal and the database reachable'),
  health('readiness', '/readyz', 'Ready to serve'),
  {
    operationId: 'metrics',
    method: 'get',
    path: '/metrics',
    summary: 'Prometheus metrics',
    tag: 'service',
    roles: 'public',
    responses: { 200: { description: 'the text exposition format', contentType: 'text/plain' } },
  },
  {
    operationId: 'openApiDocument',
    method: 'get',
    path: '/openapi.json',
    summary: 'This document',
    tag: 'service',
    roles: 'public',
    responses: { 200: { description: 'OpenAPI 3.1', schema: z.looseObject({ openapi: z.string() }) } },
  },
  {
    operationId: 'docsPage',
    method: 'get',
    path: '/docs',
    summary: 'This document in Swagger UI',
    tag: 'service',
    roles: 'public',
    responses: { 200: { description: 'the page', contentType: 'text/html' } },
  },
] as const satisfies readonly RouteDeclaration[];
