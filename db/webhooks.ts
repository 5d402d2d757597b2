// Webhook subscriptions and their outbox of deliveries. A dispatcher (activities/webhook-dispatch.ts)
// queues each subscription's events from the feed into `webhook_deliveries` and sends, per
// subscription and complaint, only the oldest delivery not yet made: in order per complaint.
import { sql } from 'kysely';
import type { PublicKind } from '../domain/complaint-events';
import type { Db, Queryable } from './database';
import { feedHead, readFeed, type EventScope, type FeedCursor } from './event-feed';
import type { WebhookDeliveriesTable, WebhookSubscriptionsTable } from './schema';
import type { Selectable } from 'kysely';

export type SubscriptionRow = Selectable<WebhookSubscriptionsTable>;
export type DeliveryRow = Selectable<WebhookDeliveriesTable>;

export const scopeOfSubscription = (s: Pick<SubscriptionRow, 'scope_filed_by' | 'scope_body_id'>): EventScope =>
  s.scope_filed_by !== null
    ? { filedBy: s.scope_filed_by }
    : s.scope_body_id !== null
      ? { bodyId: s.scope_body_id }
      : { all: true };

export interface NewSubscription {
  id: string;
  ownerKeyId: string;
  url: string;
  kinds: PublicKind[] | null;
  scope: EventScope;
  secret: string;
}

/** A subscription hears every event committed after it is made. */
export async function createSubscription(db: Db, s: NewSubscription): Promise<SubscriptionRow> {
  const head = await feedHead(db);
  return db
    .insertInto('webhook_subscriptions')
    .values({
      id: s.id,
      owner_key_id: s.ownerKeyId,
      url: s.url,
      event_types: s.kinds,
      scope_filed_by: 'filedBy' in s.scope ? s.scope.filedBy : null,
      scope_body_id: 'bodyId' in s.scope ? s.scope.bodyId : null,
      secret: s.secret,
      previous_secret: null,
      previous_secret_until: null,
      failing_since: null,
      disabled_at: null,
      disabled_reason: null,
      cursor_xid: head.xid,
      cursor_id: head.id,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

/** Subscriptions a key sees: its own, or all for `ownerKeyId` undefined (administrators). */
export function listSubscriptions(db: Db, ownerKeyId: string | undefined): Promise<SubscriptionRow[]> {
  let q = db.selectFrom('webhook_subscriptions').selectAll();
  if (ownerKeyId !== undefined) q = q.where('owner_key_id', '=', ownerKeyId);
  return q.orderBy('created_at').orderBy('id').execute();
}

export function findSubscription(db: Queryable, id: string): Promise<SubscriptionRow | undefined> {
  return db.selectFrom('webhook_subscriptions').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function deleteSubscription(db: Db, id: string): Promise<boolean> {
  const result = await db.deleteFrom('webhook_subscriptions').where('id', '=', id).executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}

/** A new secret; the one it replaces keeps signing (and verifying) until `previousUntil`. */
export async function rotateSecret(db: Db, id: string, secret: string, previousUntil: Date) {
  return db
    .updateTable('webhook_subscriptions')
    .set((eb) => ({ previous_secret: eb.ref('secret'), previous_secret_until: previousUntil, secret }))
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirst();
}

/** A disabled subscription sends again; its undelivered events go first, in order. */
export async function enableSubscription(db: Db, id: string) {
  return db.transaction().execute(async (trx) => {
    const row = await trx
      .updateTable('webhook_subscriptions')
      .set({ status: 'active', disabled_at: null, disabled_reason: null, failing_since: null })
      .where('id', '=', id)
      .returningAll()
      .executeTakeFirst();
    if (row) {
      await trx
        .updateTable('webhook_deliveries')
        .set({ next_attempt_at: new Date(), lease_until: null })
        .where('subscription_id', '=', id)
        .where('status', '=', 'pending')
        .execute();
    }
    return row;
  });
}

export async function listDeliveries(
  db: Db,
  subscriptionId: string,
  options: { limit: number; beforeId?: string },
): Promise<DeliveryRow[]> {
  let q = db.selectFrom('webhook_deliveries').selectAll().where('subscription_id', '=', subscriptionId);
  if (options.beforeId) q = q.where('id', '<', options.beforeId);
  return q.orderBy('id', 'desc').limit(options.limit).execute();
}

/** Sent again (a receiver lost it): due now, ahead of nothing, with its webhook-id unchanged. */
export async function resendDelivery(db: Db, subscriptionId: string, deliveryId: string) {
  return db
    .updateTable('webhook_deliveries')
    .set({ status: 'pending', next_attempt_at: new Date(), lease_until: null, delivered_at: null })
    .where('subscription_id', '=', subscriptionId)
    .where('id', '=', deliveryId)
    .returningAll()
    .executeTakeFirst();
}

/**
 * Queues the events after each active subscription's cursor as its deliveries and moves the
 * cursor, in one transaction per subscription (locked, so two dispatchers never queue the same
 * page twice; the unique key would refuse a second row anyway). Returns how many were queued.
 */
export async function queueDeliveries(db: Db, options: { pageSize: number }): Promise<number> {
  const ids = await db
    .selectFrom('webhook_subscriptions')
    .select('id')
    .where('status', '=', 'active')
    .orderBy('id')
    .execute();
  let queued = 0;
  for (const { id } of ids) {
    queued += await db.transaction().execute(async (trx) => {
      const s = await trx
        .selectFrom('webhook_subscriptions')
        .selectAll()
        .where('id', '=', id)
        .where('status', '=', 'active')
        .forUpdate()
        .skipLocked()
        .executeTakeFirst();
      if (!s) return 0;
      const after: FeedCursor = { xid: s.cursor_xid, id: s.cursor_id };
      const rows = await readFeed(trx, {
        scope: scopeOfSubscription(s),
        after,
        limit: options.pageSize,
        kinds: (s.event_types ?? undefined) as PublicKind[] | undefined,
      });
      if (!rows.length) return 0;
      await trx
        .insertInto('webhook_deliveries')
        .values(
          rows.map((r) => ({ subscription_id: s.id, event_id: r.id, event_xid: r.xid, complaint_id: r.complaintId })),
        )
        .onConflict((oc) => oc.columns(['subscription_id', 'event_id']).doNothing())
        .execute();
      const last = rows[rows.length - 1];
      await trx
        .updateTable('webhook_subscriptions')
        .set({ cursor_xid: last.xid, cursor_id: last.id })
        .where('id', '=', s.id)
        .execute();
      return rows.length;
    });
  }
  return queued;
}

export interface LeasedDelivery {
  id: string;
  subscriptionId: string;
  eventId: string;
  attempts: number;
  url: string;
  secrets: string[];
  failingSince: Date | null;
}

/**
 * Takes up to `limit` due deliveries for `leaseMs`: of each subscription and complaint only the
 * oldest undelivered one (by feed order), so a complaint's events arrive in order and one that
 * fails holds back only its own complaint's later events. A dispatcher that dies mid-send lets
 * its lease run out; the delivery is sent again (at least once, with the same webhook-id).
 */
export async function leaseDueDeliveries(db: Db, limit: number, leaseMs: number): Promise<LeasedDelivery[]> {
  const { rows } = await sql<{
    id: string;
    subscription_id: string;
    event_id: string;
    attempts: number;
    url: string;
    secret: string;
    previous_secret: string | null;
    previous_secret_until: Date | null;
    failing_since: Date | null;
  }>`
    with due as (
      select d.id from webhook_deliveries d
      join webhook_subscriptions s on s.id = d.subscription_id and s.status = 'active'
      join api_keys k on k.id = s.owner_key_id and k.revoked_at is null
      where d.status = 'pending' and d.next_attempt_at <= now()
        and (d.lease_until is null or d.lease_until < now())
        and not exists (
          select 1 from webhook_deliveries e
          where e.subscription_id = d.subscription_id and e.complaint_id = d.complaint_id
            and e.status = 'pending' and (e.event_xid, e.event_id) < (d.event_xid, d.event_id))
      order by d.next_attempt_at, d.id
      limit ${limit}
      for update of d skip locked)
    update webhook_deliveries d
    set lease_until = now() + make_interval(secs => ${leaseMs / 1000}), attempts = d.attempts + 1,
        last_attempt_at = now()
    from due, webhook_subscriptions s
    where d.id = due.id and s.id = d.subscription_id
    returning d.id, d.subscription_id, d.event_id, d.attempts, s.url, s.secret, s.previous_secret,
      s.previous_secret_until, s.failing_since`.execute(db);
  const now = Date.now();
  return rows.map((r) => ({
    id: r.id,
    subscriptionId: r.subscription_id,
    eventId: r.event_id,
    attempts: r.attempts,
    url: r.url,
    secrets: [
      r.secret,
      ...(r.previous_secret && r.previous_secret_until && new Date(r.previous_secret_until).getTime() > now
        ? [r.previous_secret]
        : []),
    ],
    failingSince: r.failing_since && new Date(r.failing_since),
  }));
}

/** The receiver took it (2xx): delivered, and the subscription is no longer failing. */
export async function recordDelivered(db: Db, d: LeasedDelivery, status: number): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await trx
      .updateTable('webhook_deliveries')
      .set({ status: 'delivered', delivered_at: new Date(), last_status: status, last_error: null, lease_until: null })
      .where('id', '=', d.id)
      .execute();
    await trx
      .updateTable('webhook_subscriptions')
      .set({ failing_since: null })
      .where('id', '=', d.subscriptionId)
      .where('failing_since', 'is not', null)
      .execute();
  });
}

/**
 * An attempt failed: tried again at `retryAt`. A subscription failing since longer than
 * `disableAfterMs` is disabled with the reason, which its owner reads on the subscription.
 */
export async function recordFailed(
  db: Db,
  d: LeasedDelivery,
  outcome: { status: number | null; error: string; retryAt: Date; disableAfterMs: number },
): Promise<{ disabled: boolean }> {
  return db.transaction().execute(async (trx) => {
    await trx
      .updateTable('webhook_deliveries')
      .set({
        last_status: outcome.status,
        last_error: outcome.error,
        next_attempt_at: outcome.retryAt,
        lease_until: null,
      })
      .where('id', '=', d.id)
      .where('status', '=', 'pending')
      .execute();
    const s = await trx
      .updateTable('webhook_subscriptions')
      .set({ failing_since: sql`coalesce(failing_since, now())` })
      .where('id', '=', d.subscriptionId)
      .returning(['failing_since', 'status'])
      .executeTakeFirst();
    if (!s || s.status !== 'active' || !s.failing_since) return { disabled: false };
    if (Date.now() - new Date(s.failing_since).getTime() < outcome.disableAfterMs) return { disabled: false };
    await trx
      .updateTable('webhook_subscriptions')
      .set({
        status: 'disabled',
        disabled_at: new Date(),
        disabled_reason: `every delivery failed since ${new Date(s.failing_since).toISOString()}; last: ${outcome.error}`,
      })
      .where('id', '=', d.subscriptionId)
      .execute();
    return { disabled: true };
  });
}
