import { sql } from 'kysely';
import type { Db } from './database';
import type { ComplaintRow, ReviewStageRow } from './schema';

export interface ComplaintRecord extends ComplaintRow { stages: ReviewStageRow[] }

export async function findComplaint(db: Db, id: string): Promise<ComplaintRecord | undefined> {
  const row = await db.selectFrom('complaints').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) return undefined;
  const stages = await db.selectFrom('review_stages').selectAll().where('complaint_id', '=', id).orderBy('stage').execute();
  return { ...row, stages };
}

export function countComplaints(db: Db): Promise<number> {
  return db.selectFrom('complaints').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow().then((r) => Number(r.n));
}

/** Which cases a reader sees: all of them, or those whose column holds its value (api/access.ts). */
export type ReadScope = { all: true } | { column: 'filed_by' | 'reviewing_body_id' | 'complainant_id'; value: string };

export interface ComplaintFilters {
  status?: string;
  bodyId?: string;
  overdue?: boolean;
  channel?: string;
  /** Deadline before this instant (or at it, when inclusive). */
  deadlineBefore?: { at: Date; inclusive: boolean };
  registeredFrom?: string;
  registeredTo?: string;
}

/** A position in the newest-first order: received_at (to the microsecond, as text) and id. */
export interface ListPosition { receivedAt: string; id: string }

export interface ComplaintPage { rows: ComplaintRow[]; next: ListPosition | null }

/** The case list, newest first, by keyset pagination (stable while cases are being added). */
export async function listComplaints(
  db: Db, scope: ReadScope, filters: ComplaintFilters, limit: number, after?: ListPosition,
): Promise<ComplaintPage> {
  let q = db.selectFrom('complaints').selectAll()
    .select(sql<string>`to_char(received_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`.as('received_key'));
  if (!('all' in scope)) q = q.where(scope.column, '=', scope.value);
  if (filters.status) q = q.where('status', '=', filters.status);
  if (filters.bodyId) q = q.where('reviewing_body_id', '=', filters.bodyId);
  if (filters.overdue !== undefined) q = q.where('overdue', '=', filters.overdue);
  if (filters.channel) q = q.where('channel', '=', filters.channel);
  if (filters.deadlineBefore) {
    const op = filters.deadlineBefore.inclusive ? '<=' : '<';
    // A term ends after the complaint was received, so deadline < X implies received_at < X; said
    // outright, it lets the newest-first index scan start at X instead of filtering every newer case.
    q = q.where('deadline', op, filters.deadlineBefore.at).where('received_at', op, filters.deadlineBefore.at);
  }
  if (filters.registeredFrom) q = q.where('registered_on', '>=', filters.registeredFrom);
  if (filters.registeredTo) q = q.where('registered_on', '<=', filters.registeredTo);
  if (after) q = q.where(sql<boolean>`(received_at, id) < (${after.receivedAt}::timestamptz, ${after.id}::uuid)`);
  // "Under review, due by X" (an official's daily list): the planner takes deadline and status as
  // independent and walks the newest cases under review, but those are the ones not yet due (5 ms
  // past 10 000 just filed). The few that are due come straight from the partial index of
  // migration 0004 and are sorted here (1 ms); their number is bounded by the open cases.
  const found = filters.deadlineBefore && filters.status === 'under_review'
    ? await db.with((cte) => cte('due').materialized(), () => q).selectFrom('due').selectAll()
      .orderBy('received_at', 'desc').orderBy('id', 'desc').limit(limit + 1).execute()
    : await q.orderBy('received_at', 'desc').orderBy('id', 'desc').limit(limit + 1).execute();
  const page = found.slice(0, limit);
  const last = page[page.length - 1];
  const rows = page.map(({ received_key: _key, ...row }) => row);
  return { rows, next: found.length > limit && last ? { receivedAt: last.received_key, id: last.id } : null };
}
