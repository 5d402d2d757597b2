import type { Db, Queryable } from '../db/database';
import {
  countDeliveryAttempt,
  findNotifications,
  markNotificationSent,
  markNotificationUndeliverable,
  queueNotification,
  recordDeliveryFailure,
} from '../db/notifications';
import type { ComplaintInput } from '../domain/complaint';
import { noticeText, type NoticeParams, type NoticePurpose } from '../domain/notice-texts';
import { appendEvent } from '../db/timeline';
import type { MessageTransport } from './transport';

export type NotificationChannel = 'post' | 'cabinet' | 'email' | 'sms' | 'internal';

interface Recipient {
  channel: NotificationChannel;
  to: string;
}

/** Paper complaints are answered in writing by post; electronic ones in the personal cabinet, plus e-mail and SMS where given (R8, R12). */
export function complainantRecipients(form: string, input: ComplaintInput): Recipient[] {
  const c = input.complainant;
  if (form === 'paper') return [{ channel: 'post', to: c.postalAddress }];
  const id = c.kind === 'individual' ? c.iin : c.bin;
  return [
    { channel: 'cabinet', to: id },
    ...(c.email ? [{ channel: 'email' as const, to: c.email }] : []),
    ...(c.phone ? [{ channel: 'sms' as const, to: c.phone }] : []),
  ];
}

/**
 * R1: the head of the body, by e-mail and SMS through the configured transports. A body with
 * neither contact gets an `internal` row that delivery records as undeliverable, never as sent.
 */
export function headRecipients(body: { head_email: string | null; head_phone: string | null }): Recipient[] {
  const recipients: Recipient[] = [
    ...(body.head_email ? [{ channel: 'email' as const, to: body.head_email }] : []),
    ...(body.head_phone ? [{ channel: 'sms' as const, to: body.head_phone }] : []),
  ];
  return recipients.length > 0 ? recipients : [{ channel: 'internal', to: '' }];
}

/** Queues one notification per recipient in the caller's transaction; returns their keys. */
export async function queueNotifications(
  trx: Queryable,
  complaintId: string,
  key: string,
  purpose: NoticePurpose,
  recipients: Recipient[],
  params: NoticeParams,
  at: string,
): Promise<string[]> {
  const text = noticeText(purpose, params);
  const keys: string[] = [];
  for (const r of recipients) {
    const notificationKey = `${key}:${r.channel}`;
    keys.push(notificationKey);
    await queueNotification(trx, {
      complaintId,
      notificationKey,
      purpose,
      channel: r.channel,
      recipient: r.to,
      textKk: text.kk,
      textRu: text.ru,
      createdAt: at,
    });
  }
  return keys;
}

/**
 * Sends what is pending: e-mail, SMS and internal alerts through the transport, the personal
 * cabinet as a timeline entry; letters wait for the post room. Returns the letters not yet posted.
 */
export async function deliverPending(
  db: Db,
  transport: MessageTransport,
  complaintId: string,
  keys: string[],
): Promise<{ awaitingPost: string[] }> {
  if (keys.length === 0) return { awaitingPost: [] };
  const rows = await findNotifications(db, complaintId, keys);
  const awaitingPost: string[] = [];
  const failures: string[] = [];
  for (const row of rows) {
    if (row.channel === 'post') {
      if (row.status !== 'posted') awaitingPost.push(row.notification_key);
      continue;
    }
    if (row.status === 'sent' || row.status === 'undeliverable') continue;
    if (row.channel === 'internal') {
      // No transport reaches an "internal" recipient (a body without contacts): said so, not sent.
      await markNotificationUndeliverable(db, row.id, 'no e-mail or phone for the recipient');
      continue;
    }
    await countDeliveryAttempt(db, row.id);
    if (row.channel === 'cabinet') {
      await appendEvent(db, {
        complaintId,
        stage: stageOfKey(row.notification_key),
        key: `cabinet:${row.notification_key}`,
        kind: `notice:${row.purpose}`,
        at: new Date(),
        data: { textKk: row.text_kk, textRu: row.text_ru },
      });
    } else {
      try {
        await transport.send({
          id: `${complaintId}-${row.notification_key}`,
          channel: row.channel as 'email' | 'sms',
          to: row.recipient,
          subject: row.purpose,
          textKk: row.text_kk,
          textRu: row.text_ru,
        });
      } catch (err) {
        // Stays pending with the reason; the others still go, and Temporal retries this one.
        const reason = String((err as Error)?.message ?? err).slice(0, 500);
        await recordDeliveryFailure(db, row.id, reason);
        failures.push(`${row.channel}: ${reason}`);
        continue;
      }
    }
    await markNotificationSent(db, row.id, new Date());
  }
  // Thrown, the activity is retried until every channel has accepted.
  if (failures.length > 0) throw new Error(`${failures.length} notification(s) not delivered: ${failures.join('; ')}`);
  return { awaitingPost };
}

/** Notification keys start with the review stage: `s2-answer:post`. */
export function stageOfKey(key: string): number {
  return Number(/^s(\d+)-/.exec(key)?.[1] ?? 0);
}
