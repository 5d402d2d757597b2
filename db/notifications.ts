import { sql } from 'kysely';
import type { Db, Queryable } from './database';
import type { NotificationRow } from './schema';

/** A notice on one channel to one recipient, as delivery needs it. */
export type PendingNotice = Pick<
  NotificationRow,
  | 'id'
  | 'complaint_id'
  | 'notification_key'
  | 'purpose'
  | 'channel'
  | 'recipient'
  | 'text_kk'
  | 'text_ru'
  | 'language'
  | 'status'
>;

export interface QueuedNotification {
  complaintId: string;
  notificationKey: string;
  purpose: string;
  channel: string;
  recipient: string;
  textKk: string;
  textRu: string;
  /** The complaint's language, when stated: the notice goes in it alone. */
  language?: 'kk' | 'ru';
  at: string | Date;
}

/** Queued once however often it is retried (the key is unique per complaint). */
export async function insertNotification(db: Queryable, n: QueuedNotification): Promise<void> {
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
      language: n.language ?? null,
      status: 'pending',
      created_at: n.at,
      sent_at: null,
      tracking_number: null,
    })
    .onConflict((oc) => oc.columns(['complaint_id', 'notification_key']).doNothing())
    .execute();
}

export function notificationsByKey(db: Queryable, complaintId: string, keys: string[]): Promise<PendingNotice[]> {
  return db
    .selectFrom('notifications')
    .select([
      'id',
      'complaint_id',
      'notification_key',
      'purpose',
      'channel',
      'recipient',
      'text_kk',
      'text_ru',
      'language',
      'status',
    ])
    .where('complaint_id', '=', complaintId)
    .where('notification_key', 'in', keys)
    .execute();
}

export async function countAttempt(db: Queryable, id: string): Promise<void> {
  await db
    .updateTable('notifications')
    .set((eb) => ({ attempts: eb('attempts', '+', 1) }))
    .where('id', '=', id)
    .execute();
}

export async function markSent(db: Queryable, id: string): Promise<void> {
  await db
    .updateTable('notifications')
    .set({ status: 'sent', sent_at: new Date(), last_error: null })
    .where('id', '=', id)
    .execute();
}

/** Still pending, with the reason it failed this time (shown by the not-delivered metric). */
export async function recordFailedAttempt(db: Queryable, id: string, reason: string): Promise<void> {
  await db.updateTable('notifications').set({ last_error: reason }).where('id', '=', id).execute();
}

/** No way to reach the recipient on this channel: never retried, never counted as sent. */
export async function markUndeliverable(db: Queryable, id: string, reason: string): Promise<void> {
  await db
    .updateTable('notifications')
    .set({ status: 'undeliverable', last_error: reason })
    .where('id', '=', id)
    .execute();
}

/** The postal address the complainant gave with the complaint (every complaint has one). */
export async function complainantPostalAddress(db: Queryable, complaintId: string): Promise<string | undefined> {
  const row = await db
    .selectFrom('complaints')
    .select(sql<string | null>`input->'complainant'->>'postalAddress'`.as('address'))
    .where('id', '=', complaintId)
    .executeTakeFirst();
  return row?.address ?? undefined;
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

/** Notifications that have not left, by purpose, channel and state; the heads' digests as `head_digest`. */
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
    .unionAll(
      db
        .selectFrom('head_digests')
        .select([sql<string>`'head_digest'`.as('purpose'), 'channel', 'status', sql<string>`count(*)`.as('n')])
        .where((eb) =>
          eb.or([
            eb('status', '=', 'undeliverable'),
            eb.and([eb('status', '=', 'pending'), eb('last_error', 'is not', null)]),
          ]),
        )
        .groupBy(['channel', 'status']),
    )
    .execute();
  return rows.map((r) => ({
    purpose: r.purpose,
    channel: r.channel,
    state: r.status === 'pending' ? 'failing' : 'undeliverable',
    count: Number(r.n),
  }));
}
