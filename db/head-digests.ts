import { sql, type Selectable } from 'kysely';
import type { Queryable } from './database';
import type { HeadDigestsTable } from './schema';

/** An overdue stage the day's digest names to its body's head (R1). */
export interface ClaimedStage {
  body_id: string;
  complaint_id: string;
  stage: number;
  incoming_number: string;
  deadline: Date;
}

/**
 * R1: the stages gone overdue and still under review, not yet named in a digest, claimed for the
 * digest of `day`, at bodies with no digest for that day yet (a stage gone overdue after its
 * body's digest of the day waits for the next day's). Run in the transaction that writes the
 * digest: a retry after it committed claims nothing for those bodies again.
 */
export async function claimOverdueStages(db: Queryable, day: string): Promise<ClaimedStage[]> {
  const { rows } = await sql<ClaimedStage>`
    UPDATE review_stages rs SET head_alerted_on = ${day}::date
    FROM complaints c
    WHERE c.id = rs.complaint_id AND c.stage = rs.stage AND c.status = 'under_review'
      AND rs.overdue AND rs.head_alerted_on IS NULL AND rs.decided_at IS NULL
      AND NOT EXISTS (SELECT 1 FROM head_digests d WHERE d.body_id = rs.body_id AND d.day = ${day}::date)
    RETURNING rs.body_id, rs.complaint_id, rs.stage, rs.incoming_number, rs.deadline`.execute(db);
  return rows;
}

/** The bodies' names and their heads' contacts, for the digests' texts and recipients. */
export function bodiesForDigests(db: Queryable, bodyIds: string[]) {
  if (bodyIds.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('bodies')
    .select(['id', 'name_kk', 'name_ru', 'head_email', 'head_phone'])
    .where('id', 'in', bodyIds)
    .execute();
}

export interface QueuedDigest {
  bodyId: string;
  day: string;
  channel: string;
  recipient: string;
  caseCount: number;
  textKk: string;
  textRu: string;
  at: string | Date;
}

/** Queued once per body, day and channel however often it is retried. */
export async function insertDigest(db: Queryable, d: QueuedDigest): Promise<void> {
  await db
    .insertInto('head_digests')
    .values({
      body_id: d.bodyId,
      day: d.day,
      channel: d.channel,
      recipient: d.recipient,
      case_count: d.caseCount,
      text_kk: d.textKk,
      text_ru: d.textRu,
      status: 'pending',
      created_at: d.at,
      sent_at: null,
    })
    .onConflict((oc) => oc.columns(['body_id', 'day', 'channel']).doNothing())
    .execute();
}

export type PendingDigest = Pick<
  Selectable<HeadDigestsTable>,
  'id' | 'body_id' | 'day' | 'channel' | 'recipient' | 'text_kk' | 'text_ru'
>;

/** Every digest not yet sent or given up, whatever its day (a gateway out yesterday is retried today). */
export function pendingDigests(db: Queryable): Promise<PendingDigest[]> {
  return db
    .selectFrom('head_digests')
    .select(['id', 'body_id', 'day', 'channel', 'recipient', 'text_kk', 'text_ru'])
    .where('status', '=', 'pending')
    .orderBy('id')
    .execute();
}

export async function countDigestAttempt(db: Queryable, id: string): Promise<void> {
  await db
    .updateTable('head_digests')
    .set((eb) => ({ attempts: eb('attempts', '+', 1) }))
    .where('id', '=', id)
    .execute();
}

export async function markDigestSent(db: Queryable, id: string): Promise<void> {
  await db
    .updateTable('head_digests')
    .set({ status: 'sent', sent_at: new Date(), last_error: null })
    .where('id', '=', id)
    .execute();
}

/** Still pending, with why it failed this time (the transport's error, no personal data). */
export async function recordDigestFailure(db: Queryable, id: string, reason: string): Promise<void> {
  await db.updateTable('head_digests').set({ last_error: reason }).where('id', '=', id).execute();
}

/** No way to reach the head on this channel: never retried, never counted as sent. */
export async function markDigestUndeliverable(db: Queryable, id: string, reason: string): Promise<void> {
  await db
    .updateTable('head_digests')
    .set({ status: 'undeliverable', last_error: reason })
    .where('id', '=', id)
    .execute();
}

/** The digests of one day, by body and channel (what the head was told). */
export function digestsOfDay(db: Queryable, day: string) {
  return db
    .selectFrom('head_digests')
    .select(['body_id', 'channel', 'recipient', 'case_count', 'text_kk', 'text_ru', 'status', 'attempts', 'last_error'])
    .where('day', '=', day)
    .orderBy('body_id')
    .orderBy('channel')
    .execute();
}
