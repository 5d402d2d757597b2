import { sql } from 'kysely';
import type { Db } from './database';
import { appendEvent } from './timeline';

/** A letter for the post room (R12 "in writing", R8 answers by post): what to print and where to send it. */
export interface Letter {
  id: string;
  complaintId: string;
  notificationKey: string;
  purpose: string;
  stage: number;
  incomingNumber: string | null;
  recipientAddress: string;
  textKk: string;
  textRu: string;
  /** The complaint's language (Law on Languages art. 11): the letter is printed in it; null: not stated. */
  language: string | null;
  status: string;
  trackingNumber: string | null;
  createdAt: Date;
  postedAt: Date | null;
}

/** Notification keys start with the review stage: `s2-answer:post`. */
const STAGE_OF_KEY = sql<number>`coalesce(substring(notifications.notification_key from '^s([0-9]+)-')::int, 0)`;

function letters(db: Db) {
  return db
    .selectFrom('notifications')
    .leftJoin('review_stages', (join) =>
      join
        .onRef('review_stages.complaint_id', '=', 'notifications.complaint_id')
        .on(sql<boolean>`review_stages.stage = ${STAGE_OF_KEY}`),
    )
    .select([
      'notifications.id',
      'notifications.complaint_id',
      'notifications.notification_key',
      'notifications.purpose',
      'notifications.recipient',
      'notifications.text_kk',
      'notifications.text_ru',
      'notifications.language',
      'notifications.status',
      'notifications.tracking_number',
      'notifications.created_at',
      'notifications.sent_at',
      'review_stages.incoming_number',
    ])
    .select(STAGE_OF_KEY.as('stage'))
    .where('notifications.channel', '=', 'post');
}

type LetterRow = Awaited<ReturnType<ReturnType<typeof letters>['executeTakeFirstOrThrow']>>;

const toLetter = (r: LetterRow): Letter => ({
  id: r.id,
  complaintId: r.complaint_id,
  notificationKey: r.notification_key,
  purpose: r.purpose,
  stage: Number(r.stage),
  incomingNumber: r.incoming_number,
  recipientAddress: r.recipient,
  textKk: r.text_kk,
  textRu: r.text_ru,
  language: r.language,
  status: r.status,
  trackingNumber: r.tracking_number,
  createdAt: r.created_at,
  postedAt: r.sent_at,
});

/** Letters in queue order; `status` pending (to be posted) or posted. */
export async function listLetters(
  db: Db,
  options: { status?: 'pending' | 'posted'; limit: number; afterId?: string },
): Promise<{ letters: Letter[]; nextAfterId: string | null }> {
  let q = letters(db);
  if (options.status) q = q.where('notifications.status', '=', options.status);
  if (options.afterId) q = q.where('notifications.id', '>', options.afterId);
  const rows = await q
    .orderBy('notifications.id')
    .limit(options.limit + 1)
    .execute();
  const page = rows.slice(0, options.limit).map(toLetter);
  return { letters: page, nextAfterId: rows.length > options.limit ? page[page.length - 1].id : null };
}

export async function findLetter(db: Db, id: string): Promise<Letter | undefined> {
  const row = await letters(db).where('notifications.id', '=', id).executeTakeFirst();
  return row && toLetter(row);
}

export type PostingResult =
  | { outcome: 'posted' | 'already_posted'; letter: Letter }
  | { outcome: 'posted_with_other_tracking_number'; letter: Letter }
  | { outcome: 'not_found' };

/**
 * The post room has posted a letter: status, tracking number and time, and the timeline event,
 * in one transaction. Posting the same letter again with the same tracking number changes nothing.
 */
export async function markLetterPosted(db: Db, id: string, trackingNumber: string, at: Date): Promise<PostingResult> {
  return db.transaction().execute(async (trx) => {
    const locked = await trx
      .selectFrom('notifications')
      .select(['id', 'status', 'tracking_number'])
      .where('id', '=', id)
      .where('channel', '=', 'post')
      .forUpdate()
      .executeTakeFirst();
    if (!locked) return { outcome: 'not_found' } as const;
    if (locked.status === 'posted') {
      const letter = toLetter(await letters(trx).where('notifications.id', '=', id).executeTakeFirstOrThrow());
      return {
        outcome: locked.tracking_number === trackingNumber ? 'already_posted' : 'posted_with_other_tracking_number',
        letter,
      } as const;
    }
    await trx
      .updateTable('notifications')
      .set((eb) => ({
        status: 'posted',
        tracking_number: trackingNumber,
        sent_at: at,
        attempts: eb('attempts', '+', 1),
      }))
      .where('id', '=', id)
      .execute();
    const letter = toLetter(await letters(trx).where('notifications.id', '=', id).executeTakeFirstOrThrow());
    await appendEvent(trx, {
      complaintId: letter.complaintId,
      stage: letter.stage,
      key: `posted:${letter.notificationKey}`,
      kind: 'letter_posted',
      at,
      data: { notificationKey: letter.notificationKey, purpose: letter.purpose, trackingNumber },
    });
    return { outcome: 'posted', letter } as const;
  });
}

export type LetterDeliveryResult =
  | { outcome: 'delivered' | 'already_delivered'; letter: Letter; deliveredAt: Date }
  | { outcome: 'delivered_at_another_time'; letter: Letter; deliveredAt: Date }
  | { outcome: 'not_posted'; letter: Letter }
  | { outcome: 'before_posting'; letter: Letter }
  | { outcome: 'not_found' };

/**
 * The post room recorded that a posted letter reached the complainant (the return receipt or the
 * tracking service): a timeline event, written once; a second record with another time is refused.
 */
export async function recordLetterDelivered(db: Db, id: string, deliveredAt: Date): Promise<LetterDeliveryResult> {
  return db.transaction().execute(async (trx) => {
    const locked = await trx
      .selectFrom('notifications')
      .select('id')
      .where('id', '=', id)
      .where('channel', '=', 'post')
      .forUpdate()
      .executeTakeFirst();
    if (!locked) return { outcome: 'not_found' } as const;
    const letter = toLetter(await letters(trx).where('notifications.id', '=', id).executeTakeFirstOrThrow());
    if (letter.status !== 'posted' || !letter.postedAt) return { outcome: 'not_posted', letter } as const;
    if (deliveredAt.getTime() < new Date(letter.postedAt).getTime())
      return { outcome: 'before_posting', letter } as const;
    const key = `delivered:${letter.notificationKey}`;
    const earlier = await trx
      .selectFrom('complaint_events')
      .select('data')
      .where('complaint_id', '=', letter.complaintId)
      .where('event_key', '=', key)
      .executeTakeFirst();
    if (earlier) {
      const at = new Date((earlier.data as { deliveredAt: string }).deliveredAt);
      const outcome = at.getTime() === deliveredAt.getTime() ? 'already_delivered' : 'delivered_at_another_time';
      return { outcome, letter, deliveredAt: at } as const;
    }
    await appendEvent(trx, {
      complaintId: letter.complaintId,
      stage: letter.stage,
      key,
      kind: 'letter_delivered',
      at: deliveredAt,
      data: {
        notificationKey: letter.notificationKey,
        purpose: letter.purpose,
        deliveredAt: deliveredAt.toISOString(),
      },
    });
    return { outcome: 'delivered', letter, deliveredAt } as const;
  });
}
