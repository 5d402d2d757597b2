// The event feed and webhook subscriptions: how back-office systems hear of every change.
import { deliveryQuerySchema, eventFeedQuerySchema } from './queries';
import { deliveryParamsSchema, newWebhookSchema, webhookParamsSchema } from './requests';
import {
  deliveryPageSchema,
  deliverySchema,
  eventPageSchema,
  webhookCreatedSchema,
  webhookListSchema,
  webhookSchema,
  webhookSecretSchema,
} from './event-responses';
import type { RouteDeclaration } from './route';

const SUBSCRIBERS = ['intake', 'admin'] as const;
const notFound = { 404: 'no such webhook among the key’s own' };

export const eventRoutes = [
  {
    operationId: 'listEvents',
    method: 'get',
    path: '/v1/events',
    summary:
      'Events oldest first from a cursor: intake keys those of the complaints they filed, officials those of their body’s stages, auditors and admins all',
    tag: 'events',
    roles: ['intake', 'official', 'auditor', 'admin'],
    request: { query: eventFeedQuerySchema },
    responses: { 200: { description: 'a page of events', schema: eventPageSchema } },
  },
  {
    operationId: 'createWebhook',
    method: 'post',
    path: '/v1/webhooks',
    summary: 'Subscribe a URL to events (Standard Webhooks); the secret is shown once',
    tag: 'events',
    roles: SUBSCRIBERS,
    request: { body: newWebhookSchema.meta({ id: 'NewWebhook' }) },
    responses: {
      201: {
        description: 'subscribed: it hears every event committed from now on',
        schema: webhookCreatedSchema,
        links: {
          GetWebhook: {
            operationId: 'getWebhook',
            parameters: { id: '$response.body#/id' },
            description: 'the subscription',
          },
        },
      },
    },
    errors: {
      404: 'no such body',
      422: 'the URL is refused (not https, a private or reserved address), or `bodyId` from an intake key',
    },
  },
  {
    operationId: 'listWebhooks',
    method: 'get',
    path: '/v1/webhooks',
    summary: 'The key’s webhooks (admins: all)',
    tag: 'events',
    roles: SUBSCRIBERS,
    responses: { 200: { description: 'the webhooks', schema: webhookListSchema } },
  },
  {
    operationId: 'getWebhook',
    method: 'get',
    path: '/v1/webhooks/{id}',
    summary: 'One webhook: its status and, when disabled, why',
    tag: 'events',
    roles: SUBSCRIBERS,
    request: { params: webhookParamsSchema },
    responses: { 200: { description: 'the webhook', schema: webhookSchema } },
    errors: notFound,
  },
  {
    operationId: 'deleteWebhook',
    method: 'delete',
    path: '/v1/webhooks/{id}',
    summary: 'Unsubscribe: nothing more is sent',
    tag: 'events',
    roles: SUBSCRIBERS,
    request: { params: webhookParamsSchema },
    responses: { 200: { description: 'the webhook as it was', schema: webhookSchema } },
    errors: notFound,
  },
  {
    operationId: 'rotateWebhookSecret',
    method: 'post',
    path: '/v1/webhooks/{id}/secret',
    summary: 'A new secret; the old one keeps signing for 24 hours (both signatures are sent)',
    tag: 'events',
    roles: SUBSCRIBERS,
    request: { params: webhookParamsSchema },
    responses: { 200: { description: 'the new secret, shown once', schema: webhookSecretSchema } },
    errors: notFound,
  },
  {
    operationId: 'enableWebhook',
    method: 'post',
    path: '/v1/webhooks/{id}/enable',
    summary: 'Send again to a webhook disabled after 3 days of failures; what it missed comes first, in order',
    tag: 'events',
    roles: SUBSCRIBERS,
    request: { params: webhookParamsSchema },
    responses: { 200: { description: 'the webhook', schema: webhookSchema } },
    errors: notFound,
  },
  {
    operationId: 'listWebhookDeliveries',
    method: 'get',
    path: '/v1/webhooks/{id}/deliveries',
    summary: 'Deliveries newest first: attempts, the receiver’s statuses and errors',
    tag: 'events',
    roles: SUBSCRIBERS,
    request: { params: webhookParamsSchema, query: deliveryQuerySchema },
    responses: { 200: { description: 'a page of deliveries', schema: deliveryPageSchema } },
    errors: notFound,
  },
  {
    operationId: 'resendWebhookDelivery',
    method: 'post',
    path: '/v1/webhooks/{id}/deliveries/{deliveryId}/resend',
    summary: 'Send a delivery again, with the same `webhook-id`',
    tag: 'events',
    roles: SUBSCRIBERS,
    request: { params: deliveryParamsSchema },
    responses: { 200: { description: 'queued again', schema: deliverySchema } },
    errors: { 404: 'no such webhook among the key’s own, or no such delivery of it' },
  },
] as const satisfies readonly RouteDeclaration[];
