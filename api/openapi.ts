// The OpenAPI 3.1 document, made from the route declarations (api/contract) by zod-to-openapi.
import { OpenAPIRegistry, OpenApiGeneratorV31, type ResponseConfig } from '@asteasolutions/zod-to-openapi';
import { z } from 'zod';
import { ROLES } from '../db/api-keys';
import { routes, type RouteDeclaration } from './contract';
import { errorSchema } from './contract/responses';
import { webhookBodySchemas } from './contract/event-responses';
import { EVENT_TYPES } from '../domain/complaint-events';

const json = (schema: z.ZodType) => ({ content: { 'application/json': { schema } } });
const header = (description: string, schema: Record<string, unknown> = { type: 'string' }) => ({
  description,
  schema,
  required: true,
});
const retryAfter = header('seconds to wait before trying again', { type: 'integer', minimum: 0 });

/** Errors every route with a key can answer, with the headers that come with them. */
function sharedErrors(route: RouteDeclaration): Record<number, ResponseConfig> {
  if (route.roles === 'public') return {};
  const errors: Record<number, ResponseConfig> = {
    401: {
      description: 'no API key, or one that is not valid',
      headers: { 'WWW-Authenticate': header('`Bearer`, with the reason') },
      ...json(errorSchema),
    },
    429: {
      description: 'too many requests (per API key, or per client address before authentication)',
      headers: { 'Retry-After': retryAfter },
      ...json(errorSchema),
    },
    503: {
      description: 'the case register or Temporal is unavailable; nothing changed, try again',
      headers: { 'Retry-After': retryAfter },
      ...json(errorSchema),
    },
  };
  if (route.roles.length < ROLES.length)
    errors[403] = { description: `only for ${route.roles.join(', ')}`, ...json(errorSchema) };
  const { request } = route;
  if (request?.params || request?.query || request?.body || request?.idempotencyKey || request?.complainantId) {
    errors[400] = { description: 'malformed: JSON, shape, query, path or header', ...json(errorSchema) };
  }
  if (request?.body) {
    errors[413] = { description: 'body over 256 KiB', ...json(errorSchema) };
    errors[415] = {
      description: 'body not application/json, or an encoding other than gzip, deflate or br',
      ...json(errorSchema),
    };
  }
  return errors;
}

const idempotencyKey = z
  .string()
  .min(1)
  .max(200)
  .regex(/^[\x21-\x7e]+$/)
  .optional()
  .describe('the same key (per intake key) gives the same complaint, never a second one');

const complainantId = z
  .string()
  .regex(/^\d{12}$/)
  .optional()
  .describe('portal keys (required there): the IIN or BIN of the complainant the portal acts for');

function register(registry: OpenAPIRegistry, route: RouteDeclaration): void {
  const { request } = route;
  const headers: Record<string, z.ZodType> = {};
  if (request?.idempotencyKey) headers['Idempotency-Key'] = idempotencyKey;
  if (request?.complainantId) headers['X-Complainant-Id'] = complainantId;
  const responses: Record<number, ResponseConfig> = { ...sharedErrors(route) };
  for (const [status, description] of Object.entries(route.errors ?? {})) {
    responses[Number(status)] = {
      description,
      ...(Number(status) === 503 ? { headers: { 'Retry-After': retryAfter } } : {}),
      ...json(errorSchema),
    };
  }
  for (const [status, success] of Object.entries(route.responses)) {
    if (!success) continue;
    responses[Number(status)] = {
      description: success.description,
      content: { [success.contentType ?? 'application/json']: { schema: success.schema ?? z.string() } },
      ...(success.links ? { links: success.links } : {}),
    };
  }
  registry.registerPath({
    method: route.method,
    path: route.path,
    operationId: route.operationId,
    summary: route.summary,
    description: route.roles === 'public' ? 'No key needed.' : `Roles: ${route.roles.join(', ')}.`,
    tags: [route.tag],
    'x-roles': route.roles === 'public' ? ['public'] : [...route.roles],
    security: route.roles === 'public' ? [] : [{ bearerAuth: [] }],
    request: {
      ...(request?.params ? { params: request.params } : {}),
      ...(request?.query ? { query: request.query as z.ZodObject } : {}),
      ...(Object.keys(headers).length ? { headers: z.object(headers) } : {}),
      ...(request?.body ? { body: { required: true, ...json(request.body) } } : {}),
    },
    responses,
  });
}

const webhookHeaders = z.object({
  'webhook-id': z
    .string()
    .describe("the event's id in the feed: the same on every retry, so a receiver drops duplicates by it"),
  'webhook-timestamp': z.string().regex(/^\d+$/).describe('Unix seconds of this attempt'),
  'webhook-signature': z
    .string()
    .describe('`v1,<base64 HMAC-SHA256 of id.timestamp.body>`, space-separated; two after a rotation, for 24 hours'),
});

/** OpenAPI 3.1 `webhooks`: what a subscription receives, one entry per event type (Standard Webhooks). */
function registerWebhooks(registry: OpenAPIRegistry): void {
  for (const type of EVENT_TYPES) {
    registry.registerWebhook({
      method: 'post',
      path: type,
      operationId: `on_${type.replace('.', '_')}`,
      summary: `${type}: delivered to each webhook subscribed to it`,
      description:
        'Signed by the Standard Webhooks specification: verify with a reference library (`standardwebhooks` on npm) and the `whsec_` secret. At least once, in order per complaint.',
      tags: ['events'],
      // The signature is the receiver's proof of origin; no key is sent to a receiver.
      security: [],
      request: { headers: webhookHeaders, body: { required: true, ...json(webhookBodySchemas[type]) } },
      responses: {
        200: { description: 'any 2xx acknowledges the delivery; anything else, a timeout or a redirect is retried' },
      },
    });
  }
}

const TAGS: Record<string, string> = {
  cases: 'Filing complaints and reading cases (R3, R4, R13)',
  actions: "Officials' and complainants' actions on a case: workflow updates (R8–R13)",
  bodies: 'The bodies that review complaints',
  calendar: 'The working-day calendar (holidays and transfers) behind every review term',
  reports: 'How review terms are kept',
  'post room': 'Letters to paper complainants, posted by the post room (R12)',
  events: 'The event feed and webhooks: back-office systems hear every change of their complaints',
  codec: "The Temporal UI's codec endpoint (auditors)",
  service: 'Health, metrics and this document',
};

export interface DocumentOptions {
  /** Where the API is reached; the document's `servers`. */
  serverUrl?: string;
}

export function openApiDocument(options: DocumentOptions = {}) {
  const registry = new OpenAPIRegistry();
  registry.registerComponent('securitySchemes', 'bearerAuth', {
    type: 'http',
    scheme: 'bearer',
    description:
      'An API key made with `npm run apikey -- create`, or, when the server is configured with an identity ' +
      'provider (OIDC_ISSUER, OIDC_AUDIENCE), an OAuth 2.0 access token (JWT) of that provider carrying the ' +
      'audience and a `complaints_role` claim. A token that is not accepted is answered 401 with ' +
      '`WWW-Authenticate: Bearer error="invalid_token"`.',
  });
  for (const route of routes) register(registry, route);
  const config = {
    openapi: '3.1.0',
    info: {
      title: 'Complaint case engine',
      version: '1',
      description: 'Complaints about public services (Republic of Kazakhstan), R1–R13 of the complaint procedure.',
      license: { name: 'UNLICENSED', identifier: 'UNLICENSED' },
    },
    servers: [{ url: options.serverUrl ?? '/', description: 'this server' }],
    tags: Object.entries(TAGS).map(([name, description]) => ({ name, description })),
  };
  const document = new OpenApiGeneratorV31(registry.definitions).generateDocument(config);
  // The webhooks from a registry of their own, so their schemas follow the paths' in the document.
  const webhookRegistry = new OpenAPIRegistry();
  registerWebhooks(webhookRegistry);
  const hooks = new OpenApiGeneratorV31(webhookRegistry.definitions).generateDocument(config);
  return {
    ...document,
    webhooks: hooks.webhooks,
    components: {
      ...document.components,
      schemas: { ...document.components?.schemas, ...hooks.components?.schemas },
    },
  };
}
