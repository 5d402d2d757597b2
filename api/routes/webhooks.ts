import { randomUUID } from 'node:crypto';
import type { Request } from 'express';
import { z } from 'zod';
import { findBody } from '../../db/bodies';
import type { Db } from '../../db/database';
import {
  createSubscription,
  deleteSubscription,
  enableSubscription,
  findSubscription,
  listDeliveries,
  listSubscriptions,
  resendDelivery,
  rotateSecret,
  type DeliveryRow,
  type SubscriptionRow,
} from '../../db/webhooks';
import { bodyIdSchema } from '../../domain/complaint';
import { EVENT_TYPES, kindOfEventType, type EventType } from '../../domain/complaint-events';
import { refusedUrl, type WebhookAddressPolicy } from '../../domain/webhook-address';
import { newWebhookSecret } from '../../domain/webhook-signature';
import { principalOf } from '../auth';
import type { Handlers } from '../contract/route';
import { ApiError } from '../errors';
import { parseBody, parseParams, parseQuery } from '../validation';

/** After a rotation the old secret keeps signing this long, so receivers can switch without a gap. */
const OLD_SECRET_VALID_MS = 24 * 60 * 60 * 1000;

export const newWebhookSchema = z.strictObject({
  url: z.string().min(1).max(2000).describe('https (http only to loopback under npm start); no private addresses'),
  events: z
    .array(z.enum(EVENT_TYPES as [EventType, ...EventType[]]))
    .min(1)
    .max(EVENT_TYPES.length)
    .refine((types) => new Set(types).size === types.length, 'each type once')
    .optional()
    .describe('the types to hear; every type when left out'),
  bodyId: bodyIdSchema
    .optional()
    .describe('admin keys: the stages of this body only (left out: every complaint); intake keys hear their own'),
});
export const webhookParamsSchema = z.strictObject({ id: z.uuid() });
export const deliveryParamsSchema = z.strictObject({ id: z.uuid(), deliveryId: z.string().regex(/^\d{1,18}$/) });
export const deliveryQuerySchema = z.strictObject({
  limit: z.coerce.number().int().min(1).max(100).default(50),
  before: z
    .string()
    .regex(/^\d{1,18}$/)
    .optional()
    .describe('nextBefore of the previous page'),
});

const iso = (d: Date | string | null) => (d === null ? null : new Date(d).toISOString());

const webhookView = (s: SubscriptionRow) => ({
  id: s.id,
  url: s.url,
  events: s.event_types && s.event_types.map((k) => EVENT_TYPES.find((t) => kindOfEventType(t) === k)!),
  scope: s.scope_filed_by !== null ? 'filed_by_me' : s.scope_body_id !== null ? 'body' : 'all',
  bodyId: s.scope_body_id,
  status: s.status,
  failingSince: iso(s.failing_since),
  disabledAt: iso(s.disabled_at),
  disabledReason: s.disabled_reason,
  previousSecretValidUntil:
    s.previous_secret_until && new Date(s.previous_secret_until).getTime() > Date.now()
      ? iso(s.previous_secret_until)
      : null,
  createdAt: iso(s.created_at)!,
  links: { deliveries: `/v1/webhooks/${s.id}/deliveries` },
});

const deliveryView = (d: DeliveryRow) => ({
  id: d.id,
  eventId: d.event_id,
  complaintId: d.complaint_id,
  status: d.status,
  attempts: d.attempts,
  nextAttemptAt: d.status === 'pending' ? iso(d.next_attempt_at) : null,
  lastAttemptAt: iso(d.last_attempt_at),
  lastStatus: d.last_status,
  lastError: d.last_error,
  deliveredAt: iso(d.delivered_at),
  createdAt: iso(d.created_at)!,
});

/**
 * Webhook subscriptions of back-office systems: an intake key subscribes to the complaints it
 * filed, an admin key to all or to one body's. Each key sees and manages its own; administrators
 * see all. A subscription of another key is not confirmed to exist (404).
 */
export function webhookHandlers(
  db: Db,
  policy: WebhookAddressPolicy,
): Handlers<
  | 'createWebhook'
  | 'listWebhooks'
  | 'getWebhook'
  | 'deleteWebhook'
  | 'rotateWebhookSecret'
  | 'enableWebhook'
  | 'listWebhookDeliveries'
  | 'resendWebhookDelivery'
> {
  const ownedOr404 = async (req: Request, id: string) => {
    const p = principalOf(req);
    const s = await findSubscription(db, id);
    if (!s || (p.role !== 'admin' && s.owner_key_id !== p.id))
      throw new ApiError(404, 'webhook_not_found', `no webhook ${id}`);
    return s;
  };

  return {
    createWebhook: async (req, res) => {
      const body = parseBody(newWebhookSchema, req.body);
      const p = principalOf(req);
      const refused = refusedUrl(body.url, policy);
      if (refused) {
        throw new ApiError(422, 'validation_failed', `the URL is refused: ${refused}`, [
          { path: 'body.url', message: refused },
        ]);
      }
      if (body.bodyId !== undefined && p.role !== 'admin') {
        throw new ApiError(422, 'validation_failed', 'an intake key hears the complaints it filed', [
          { path: 'body.bodyId', message: 'for admin keys only' },
        ]);
      }
      if (body.bodyId !== undefined && !(await findBody(db, body.bodyId)))
        throw new ApiError(404, 'body_not_found', `no body ${body.bodyId}`);
      const secret = newWebhookSecret();
      const row = await createSubscription(db, {
        id: randomUUID(),
        ownerKeyId: p.id,
        url: body.url,
        kinds: body.events ? body.events.map(kindOfEventType) : null,
        scope: p.role === 'intake' ? { filedBy: p.id } : body.bodyId ? { bodyId: body.bodyId } : { all: true },
        secret,
      });
      res
        .status(201)
        .location(`/v1/webhooks/${row.id}`)
        .json({ ...webhookView(row), secret });
    },

    listWebhooks: async (req, res) => {
      const p = principalOf(req);
      const rows = await listSubscriptions(db, p.role === 'admin' ? undefined : p.id);
      res.json({ items: rows.map(webhookView) });
    },

    getWebhook: async (req, res) => {
      const { id } = parseParams(webhookParamsSchema, req.params);
      res.json(webhookView(await ownedOr404(req, id)));
    },

    deleteWebhook: async (req, res) => {
      const { id } = parseParams(webhookParamsSchema, req.params);
      const s = await ownedOr404(req, id);
      await deleteSubscription(db, id);
      res.json(webhookView(s));
    },

    // The old secret keeps signing for 24 hours: every delivery carries both signatures meanwhile.
    rotateWebhookSecret: async (req, res) => {
      const { id } = parseParams(webhookParamsSchema, req.params);
      await ownedOr404(req, id);
      const secret = newWebhookSecret();
      const until = new Date(Date.now() + OLD_SECRET_VALID_MS);
      const row = await rotateSecret(db, id, secret, until);
      if (!row) throw new ApiError(404, 'webhook_not_found', `no webhook ${id}`);
      res.json({ secret, previousSecretValidUntil: until.toISOString() });
    },

    enableWebhook: async (req, res) => {
      const { id } = parseParams(webhookParamsSchema, req.params);
      await ownedOr404(req, id);
      const row = await enableSubscription(db, id);
      if (!row) throw new ApiError(404, 'webhook_not_found', `no webhook ${id}`);
      res.json(webhookView(row));
    },

    listWebhookDeliveries: async (req, res) => {
      const { id } = parseParams(webhookParamsSchema, req.params);
      const q = parseQuery(deliveryQuerySchema, req.query);
      await ownedOr404(req, id);
      const rows = await listDeliveries(db, id, { limit: q.limit, beforeId: q.before });
      res.json({
        items: rows.map(deliveryView),
        nextBefore: rows.length === q.limit ? rows[rows.length - 1].id : null,
      });
    },

    resendWebhookDelivery: async (req, res) => {
      const { id, deliveryId } = parseParams(deliveryParamsSchema, req.params);
      await ownedOr404(req, id);
      const row = await resendDelivery(db, id, deliveryId);
      if (!row) throw new ApiError(404, 'delivery_not_found', `no delivery ${deliveryId} of webhook ${id}`);
      res.json(deliveryView(row));
    },
  };
}
