import type { Transaction } from 'kysely';
import type { Db } from '../db/database';
import type { Database } from '../db/schema';
import { complainantIdOf, type ComplaintInput } from '../domain/complaint';
import { noticeText, type NoticeParams, type NoticePurpose } from '../domain/notice-texts';
import {
  complainantPostalAddress,
  countAttempt,
  insertNotification,
  markSent,
  markUndeliverable,
  notificationsByKey,
  recordFailedAttempt,
  type PendingNotice,
} from '../db/notifications';
import { appendEvent } from '../db/timeline';
import { PermanentDeliveryFailure, type MessageTransport } from './transport';

export type NotificationChannel = 'post' | 'cabinet' | 'email' | 'sms' | 'internal';

interface Recipient {
  channel: NotificationChannel;
  to: string;
  /** The complaint's language, when stated (Law on Languages art. 11: the answer goes in it). */
  language?: 'kk' | 'ru';
}

/** Paper complaints are answered in writing by post; electronic ones in the personal cabinet, plus e-mail and SMS where given (R8, R12). */
export function complainantRecipients(form: string, input: ComplaintInput): Recipient[] {
  const c = input.complainant;
  const language = input.language ? { language: input.language } : {};
  if (form === 'paper') return [{ channel: 'post', to: c.postalAddress, ...language }];
  return [
    { channel: 'cabinet', to: complainantIdOf(input), ...language },
    ...(c.email ? [{ channel: 'email' as const, to: c.email, ...language }] : []),
    ...(c.phone ? [{ channel: 'sms' as const, to: c.phone, ...language }] : []),
  ];
}

/** The texts a notice goes out with: the complaint's language alone when stated, else Kazakh and Russian. */
export function textsIn(row: { text_kk: string; text_ru: string; language: string | null }): {
  textKk?: string;
  textRu?: string;
} {
  if (row.language === 'kk') return { textKk: row.text_kk };
  if (row.language === 'ru') return { textRu: row.text_ru };
  return { textKk: row.text_kk, textRu: row.text_ru };
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
  trx: Transaction<Database>,
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
    await insertNotification(trx, {
      complaintId,
      notificationKey,
      purpose,
      channel: r.channel,
      recipient: r.to,
      textKk: text.kk,
      textRu: text.ru,
      ...(r.language ? { language: r.language } : {}),
      at,
    });
  }
  return keys;
}

/**
 * Sends what is pending: e-mail, SMS and internal alerts through the transport, the personal
 * cabinet as a timeline entry; letters wait for the post room. A channel that refuses for good is
 * given up (timeline `notice_failed`); when every e-mail and SMS of a complainant's notice has been
 * refused, the notice goes out as a letter instead (`notice_rerouted`, R12). Returns the letters
 * not yet posted.
 */
export async function deliverPending(
  db: Db,
  transport: MessageTransport,
  complaintId: string,
  keys: string[],
): Promise<{ awaitingPost: string[] }> {
  if (keys.length === 0) return { awaitingPost: [] };
  const rows = await notificationsByKey(db, complaintId, keys);
  const failures: string[] = [];
  for (const row of rows) {
    if (row.channel === 'post' || row.status === 'sent' || row.status === 'undeliverable') continue;
    if (row.channel === 'internal') {
      // No transport reaches an "internal" recipient (a body without contacts): said so, not sent.
      await markUndeliverable(db, row.id, 'no e-mail or phone for the recipient');
      row.status = 'undeliverable';
      continue;
    }
    await countAttempt(db, row.id);
    if (row.channel === 'cabinet') {
      await appendEvent(db, {
        complaintId,
        stage: stageOfKey(row.notification_key),
        key: `cabinet:${row.notification_key}`,
        kind: `notice:${row.purpose}`,
        at: new Date(),
        data: textsIn(row),
      });
    } else {
      try {
        await transport.send({
          id: `${complaintId}-${row.notification_key}`,
          channel: row.channel as 'email' | 'sms',
          to: row.recipient,
          subject: row.purpose,
          ...(row.language === 'kk' || row.language === 'ru' ? { language: row.language } : {}),
          ...textsIn(row),
        });
      } catch (err) {
        const reason = String((err as Error)?.message ?? err).slice(0, 500);
        if (err instanceof PermanentDeliveryFailure) {
          await giveUpChannel(db, row, reason);
          continue;
        }
        // Stays pending with the reason; the others still go, and Temporal retries this one.
        await recordFailedAttempt(db, row.id, reason);
        failures.push(`${row.channel}: ${reason}`);
        continue;
      }
    }
    await markSent(db, row.id);
    row.status = 'sent';
  }
  const letters = [...rows.filter((r) => r.channel === 'post'), ...(await lettersInstead(db, complaintId, rows))];
  // Thrown, the activity is retried until every channel has accepted or refused for good.
  if (failures.length > 0) throw new Error(`${failures.length} notification(s) not delivered: ${failures.join('; ')}`);
  return { awaitingPost: letters.filter((l) => l.status !== 'posted').map((l) => l.notification_key) };
}

async function giveUpChannel(db: Db, row: PendingNotice, reason: string): Promise<void> {
  await markUndeliverable(db, row.id, reason);
  row.status = 'undeliverable';
  await appendEvent(db, {
    complaintId: row.complaint_id,
    stage: stageOfKey(row.notification_key),
    key: `failed:${row.notification_key}`,
    kind: 'notice_failed',
    at: new Date(),
    data: { purpose: row.purpose, channel: row.channel, reason },
  });
}

/** R12 "in writing": a complainant's notice whose every e-mail and SMS was refused is posted instead. */
async function lettersInstead(db: Db, complaintId: string, rows: PendingNotice[]): Promise<PendingNotice[]> {
  const byNotice = new Map<string, PendingNotice[]>();
  for (const row of rows) {
    const notice = row.notification_key.slice(0, row.notification_key.lastIndexOf(':'));
    byNotice.set(notice, [...(byNotice.get(notice) ?? []), row]);
  }
  const letters: PendingNotice[] = [];
  for (const [notice, channels] of byNotice) {
    const remote = channels.filter((c) => c.channel === 'email' || c.channel === 'sms');
    const refused = remote.length > 0 && remote.every((c) => c.status === 'undeliverable');
    if (!refused || channels[0].purpose === 'head_alert' || channels.some((c) => c.channel === 'post')) continue;
    const address = await complainantPostalAddress(db, complaintId);
    if (!address) continue;
    const notificationKey = `${notice}:post`;
    await insertNotification(db, {
      complaintId,
      notificationKey,
      purpose: channels[0].purpose,
      channel: 'post',
      recipient: address,
      textKk: channels[0].text_kk,
      textRu: channels[0].text_ru,
      ...(channels[0].language === 'kk' || channels[0].language === 'ru' ? { language: channels[0].language } : {}),
      at: new Date(),
    });
    await appendEvent(db, {
      complaintId,
      stage: stageOfKey(notificationKey),
      key: `rerouted:${notice}`,
      kind: 'notice_rerouted',
      at: new Date(),
      data: { purpose: channels[0].purpose, from: remote.map((c) => c.channel), to: 'post' },
    });
    letters.push(...(await notificationsByKey(db, complaintId, [notificationKey])));
  }
  return letters;
}

/** Notification keys start with the review stage: `s2-answer:post`. */
export function stageOfKey(key: string): number {
  return Number(/^s(\d+)-/.exec(key)?.[1] ?? 0);
}
