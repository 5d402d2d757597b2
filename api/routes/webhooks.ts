import { randomUUID } from 'node:crypto';
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
import { EVENT_TYPES, kindOfEventType } from '../../domain/complaint-events';
import { refusedUrl, type WebhookAddressPolicy } from '../../domain/webhook-address';
import { newWebhookSecret } from '../../domain/webhook-signature';
import type { Principal } from '../auth';
import type { z } from 'zod';
import type { ApiHandlers } from '../contract';
import type { deliverySchema, webhookSchema } from '../contract/event-responses';
import { Answer } from '../contract/route';
import { ApiError } from '../errors';

/** After a rotation the old secret keeps signing this long, so receivers can switch without a gap. */
const OLD_SECRET_VALID_MS = 24 * 60 * 60 * 1000;

const iso = (d: Date | string | null) => (d === null ? null : new Date(d).toISOString());

const webhookView = (s: SubscriptionRow): z.input<typeof webhookSchema> => ({
  id: s.id,
  url: s.url,
  events: s.event_types && s.event_types.map((k) => EVENT_TYPES.find((t) => kindOfEventType(t) === k)!),
  scope: s.scope_filed_by !== null ? 'filed_by_me' : s.scope_body_id !== null ? 'body' : 'all',
  bodyId: s.scope_body_id,
  status: s.status as 'active' | 'disabled',
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

const deliveryView = (d: DeliveryRow): z.input<typeof deliverySchema> => ({
  id: d.id,
  eventId: d.event_id,
  complaintId: d.complaint_id,
  status: d.status as 'pending' | 'delivered',
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
): ApiHandlers<
  | 'createWebhook'
  | 'listWebhooks'
  | 'getWebhook'
  | 'deleteWebhook'
  | 'rotateWebhookSecret'
  | 'enableWebhook'
  | 'listWebhookDeliveries'
  | 'resendWebhookDelivery'
> {
  const ownedOr404 = async (p: Principal, id: string) => {
    const s = await findSubscription(db, id);
    if (!s || (p.role !== 'admin' && s.owner_key_id !== p.id))
      throw new ApiError(404, 'webhook_not_found', `no webhook ${id}`);
    return s;
  };

  return {
    createWebhook: async ({ body, principal: p }) => {
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
      return new Answer(201, { ...webhookView(row), secret }, { location: `/v1/webhooks/${row.id}` });
    },

    listWebhooks: async ({ principal: p }) => {
      const rows = await listSubscriptions(db, p.role === 'admin' ? undefined : p.id);
      return { items: rows.map(webhookView) };
    },

    getWebhook: async ({ params: { id }, principal }) => webhookView(await ownedOr404(principal, id)),

    deleteWebhook: async ({ params: { id }, principal }) => {
      const s = await ownedOr404(principal, id);
      await deleteSubscription(db, id);
      return webhookView(s);
    },

    // The old secret keeps signing for 24 hours: every delivery carries both signatures meanwhile.
    rotateWebhookSecret: async ({ params: { id }, principal }) => {
      await ownedOr404(principal, id);
      const secret = newWebhookSecret();
      const until = new Date(Date.now() + OLD_SECRET_VALID_MS);
      const row = await rotateSecret(db, id, secret, until);
      if (!row) throw new ApiError(404, 'webhook_not_found', `no webhook ${id}`);
      return { secret, previousSecretValidUntil: until.toISOString() };
    },

    enableWebhook: async ({ params: { id }, principal }) => {
      await ownedOr404(principal, id);
      const row = await enableSubscription(db, id);
      if (!row) throw new ApiError(404, 'webhook_not_found', `no webhook ${id}`);
      return webhookView(row);
    },

    listWebhookDeliveries: async ({ params: { id }, query: q, principal }) => {
      await ownedOr404(principal, id);
      const rows = await listDeliveries(db, id, { limit: q.limit, beforeId: q.before });
      return {
        items: rows.map(deliveryView),
        nextBefore: rows.length === q.limit ? rows[rows.length - 1].id : null,
      };
    },

    resendWebhookDelivery: async ({ params: { id, deliveryId }, principal }) => {
      await ownedOr404(principal, id);
      const row = await resendDelivery(db, id, deliveryId);
      if (!row) throw new ApiError(404, 'delivery_not_found', `no delivery ${deliveryId} of webhook ${id}`);
      return deliveryView(row);
    },
  };
}
