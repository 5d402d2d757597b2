import { sql } from 'kysely';
import type { ComplaintFilters, ReadScope } from './complaints';
import type { Db } from './database';
import type { ComplaintRow } from './schema';

/** A position in the deadline order: the term's end and the case id. */
export interface QueuePosition {
  deadline: string;
  id: string;
}

export interface QueuePage {
  rows: ComplaintRow[];
  next: QueuePosition | null;
}

/**
 * The officials' queue: the reader's cases with the list's filters, the nearest term first
 * (keyset by deadline and id; the cases under review of one body come from the partial index of
 * migration 0014).
 */
export async function queueByDeadline(
  db: Db,
  scope: ReadScope,
  filters: ComplaintFilters,
  limit: number,
  after?: QueuePosition,
): Promise<QueuePage> {
  let q = db.selectFrom('complaints').selectAll();
  if (!('all' in scope)) q = q.where(scope.column, '=', scope.value);
  if (filters.status) q = q.where('status', '=', filters.status);
  if (filters.bodyId) q = q.where('reviewing_body_id', '=', filters.bodyId);
  if (filters.overdue !== undefined) q = q.where('overdue', '=', filters.overdue);
  if (filters.channel) q = q.where('channel', '=', filters.channel);
  if (filters.deadlineBefore)
    q = q.where('deadline', filters.deadlineBefore.inclusive ? '<=' : '<', filters.deadlineBefore.at);
  if (filters.registeredFrom) q = q.where('registered_on', '>=', filters.registeredFrom);
  if (filters.registeredTo) q = q.where('registered_on', '<=', filters.registeredTo);
  if (filters.calendarHasData !== undefined) q = q.where('calendar_has_data', '=', filters.calendarHasData);
  if (after) q = q.where(sql<boolean>`(deadline, id) > (${after.deadline}::timestamptz, ${after.id}::uuid)`);
  const found = await q
    .orderBy('deadline')
    .orderBy('id')
    .limit(limit + 1)
    .execute();
  const rows = found.slice(0, limit);
  const last = rows[rows.length - 1];
  return {
    rows,
    next: found.length > limit && last ? { deadline: new Date(last.deadline).toISOString(), id: last.id } : null,
  };
}

export interface QueueCounts {
  underReview: number;
  overdue: number;
  dueSoon: number;
}

/** Cases under review in the reader's scope (and body): past their term, and due by `soon`. */
export async function queueCounts(
  db: Db,
  scope: ReadScope,
  bodyId: string | undefined,
  now: Date,
  soon: Date,
): Promise<QueueCounts> {
  let q = db
    .selectFrom('complaints')
    .select([
      sql<string>`count(*)`.as('under_review'),
      sql<string>`count(*) filter (where deadline <= ${now})`.as('overdue'),
      sql<string>`count(*) filter (where deadline > ${now} and deadline <= ${soon})`.as('due_soon'),
    ])
    .where('status', '=', 'under_review');
  if (!('all' in scope)) q = q.where(scope.column, '=', scope.value);
  if (bodyId) q = q.where('reviewing_body_id', '=', bodyId);
  const r = await q.executeTakeFirstOrThrow();
  return { underReview: Number(r.under_review), overdue: Number(r.overdue), dueSoon: Number(r.due_soon) };
}
