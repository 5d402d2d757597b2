import { sql } from 'kysely';
import type { Db, Queryable } from './database';
import type { NotificationRow } from './schema';

export interface QueuedNotification {
  complaintId: string;
  /** Unique per complaint: `s1-answer:post`. */
  notificationKey: string;
  purpose: string;
  channel: string;
  recipient: string;
  textKk: string;
  textRu: string;
  createdAt: string;
}

/** Queues a notification, once however often it is retried (in the caller's transaction). */
export async function queueNotification(db: Queryable, n: QueuedNotification): Promise<void> {
  await db
    .insertInto('notifications')
    .values({
      complaint_id: n.complaintId,
      notification_key: n.notificationKey,
      purpose: n.purpose,
      channel: n.channel,
      recipient: n.recipient,
      text_kk: n.textKk,
      text_ru: n.textRu,
      status: 'pending',
      created_at: n.createdAt,
      sent_at: null,
      tracking_number: null,
    })
    .onConflict((oc) => oc.columns(['complaint_id', 'notification_key']).doNothing())
    .execute();
}

/** A case's notifications with these keys. */
export function findNotifications(db: Db, complaintId: string, keys: string[]): Promise<NotificationRow[]> {
  return db
    .selectFrom('notifications')
    .selectAll()
    .where('complaint_id', '=', complaintId)
    .where('notification_key', 'in', keys)
    .execute();
}

/** One more delivery attempt of a notification. */
export async function countDeliveryAttempt(db: Db, id: string): Promise<void> {
  await db
    .updateTable('notifications')
    .set((eb) => ({ attempts: eb('attempts', '+', 1) }))
    .where('id', '=', id)
    .execute();
}

/** The transport accepted it. */
export async function markNotificationSent(db: Db, id: string, at: Date): Promise<void> {
  await db
    .updateTable('notifications')
    .set({ status: 'sent', sent_at: at, last_error: null })
    .where('id', '=', id)
    .execute();
}

/** It stays pending with the reason of the last failed attempt (no personal data: the transport's error). */
export async function recordDeliveryFailure(db: Db, id: string, reason: string): Promise<void> {
  await db.updateTable('notifications').set({ last_error: reason }).where('id', '=', id).execute();
}

/** Nothing can reach its recipient: said so, never counted as sent. */
export async function markNotificationUndeliverable(db: Db, id: string, reason: string): Promise<void> {
  await db
    .updateTable('notifications')
    .set({ status: 'undeliverable', last_error: reason })
    .where('id', '=', id)
    .execute();
}

/** The notifications of one case, in the order they were queued (the case file). */
export function notificationsOfComplaint(db: Db, complaintId: string) {
  return db
    .selectFrom('notifications')
    .select([
      'notification_key',
      'purpose',
      'channel',
      'recipient',
      'text_kk',
      'text_ru',
      'status',
      'tracking_number',
      'created_at',
      'sent_at',
    ])
    .where('complaint_id', '=', complaintId)
    .orderBy('id')
    .execute();
}

export interface UndeliveredCount {
  purpose: string;
  channel: string;
  /** `failing`: pending and its last attempt failed (still retried); `undeliverable`: no way to reach the recipient. */
  state: 'failing' | 'undeliverable';
  count: number;
}

/** Notifications that have not left, by purpose, channel and state. */
export async function undeliveredNotificationCounts(db: Db): Promise<UndeliveredCount[]> {
  const rows = await db
    .selectFrom('notifications')
    .select(['purpose', 'channel', 'status', sql<string>`count(*)`.as('n')])
    .where((eb) =>
      eb.or([
        eb('status', '=', 'undeliverable'),
        eb.and([eb('status', '=', 'pending'), eb('last_error', 'is not', null)]),
      ]),
    )
    .groupBy(['purpose', 'channel', 'status'])
    .execute();
  return rows.map((r) => ({
    purpose: r.purpose,
    channel: r.channel,
    state: r.status === 'pending' ? 'failing' : 'undeliverable',
    count: Number(r.n),
  }));
}
