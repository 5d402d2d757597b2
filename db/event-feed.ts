// The event feed: the public kinds of the timeline in commit-safe order. A row is served only
// when every transaction with a smaller id has ended (xid < xmin of the statement's snapshot), in
// (xid, id) order; a cursor (xid, id) therefore never skips a row committed late and never serves
// one twice (docs/DECISIONS.md "Events, the feed and webhooks").
import { sql } from 'kysely';
import { PUBLIC_KINDS, type PublicKind, type TimelineRow } from '../domain/complaint-events';
import type { Queryable } from './database';

/** Whose events: the complaints a key filed, the stages of one body, or all. */
export type EventScope = { all: true } | { filedBy: string } | { bodyId: string };

/** A position in the feed: after the event `id` written by transaction `xid`. */
export interface FeedCursor {
  xid: string;
  id: string;
}

export const FEED_START: FeedCursor = { xid: '0', id: '0' };

export const formatCursor = (c: FeedCursor): string => `${c.xid}.${c.id}`;

/** `<xid>.<id>`: digits short enough that every match fits xid8 and bigint (the schema's pattern too). */
export const CURSOR_PATTERN = /^(\d{1,19})\.(\d{1,18})$/;

/** A cursor's numbers in their canonical decimal form: PostgreSQL reads an xid8 with a leading 0 as octal. */
export function parseCursor(text: string): FeedCursor | undefined {
  const m = CURSOR_PATTERN.exec(text);
  return m ? { xid: BigInt(m[1]).toString(), id: BigInt(m[2]).toString() } : undefined;
}

export interface FeedRow extends TimelineRow {
  xid: string;
}

interface RawRow {
  id: string;
  xid: string;
  complaint_id: string;
  stage: number;
  kind: string;
  at: Date;
  data: Record<string, unknown>;
  body_id: string | null;
  incoming_number: string | null;
}

const toFeedRow = (r: RawRow): FeedRow => ({
  id: r.id,
  xid: r.xid,
  complaintId: r.complaint_id,
  stage: r.stage,
  kind: r.kind,
  at: r.at,
  data: r.data,
  bodyId: r.body_id,
  incomingNumber: r.incoming_number,
});

function scopeCondition(scope: EventScope) {
  if ('filedBy' in scope) return sql`and c.filed_by = ${scope.filedBy}`;
  if ('bodyId' in scope) return sql`and rs.body_id = ${scope.bodyId}`;
  return sql``;
}

/** Up to `limit` events after `after`, oldest first, of the kinds given (all public kinds by default). */
export async function readFeed(
  db: Queryable,
  options: { scope: EventScope; after: FeedCursor; limit: number; kinds?: readonly PublicKind[] },
): Promise<FeedRow[]> {
  const kinds = options.kinds?.length ? options.kinds : PUBLIC_KINDS;
  const { rows } = await sql<RawRow>`
    select e.id, e.xid::text as xid, e.complaint_id, e.stage, e.kind, e.at, e.data,
           rs.body_id, rs.incoming_number
    from complaint_events e
    join complaints c on c.id = e.complaint_id
    left join review_stages rs on rs.complaint_id = e.complaint_id and rs.stage = e.stage
    where (e.xid, e.id) > (${options.after.xid}::xid8, ${options.after.id}::bigint)
      and e.xid < pg_snapshot_xmin(pg_current_snapshot())
      and e.kind in (${sql.join(kinds)})
      ${scopeCondition(options.scope)}
    order by e.xid, e.id
    limit ${options.limit}`.execute(db);
  return rows.map(toFeedRow);
}

/** One event by id, whatever its scope (the dispatcher, which queued it under its subscription's scope). */
export async function feedRowById(db: Queryable, id: string): Promise<FeedRow | undefined> {
  const { rows } = await sql<RawRow>`
    select e.id, e.xid::text as xid, e.complaint_id, e.stage, e.kind, e.at, e.data,
           rs.body_id, rs.incoming_number
    from complaint_events e
    left join review_stages rs on rs.complaint_id = e.complaint_id and rs.stage = e.stage
    where e.id = ${id}`.execute(db);
  return rows[0] && toFeedRow(rows[0]);
}

/** Where a new subscription starts: every event committed from now on, none before. */
export async function feedHead(db: Queryable): Promise<FeedCursor> {
  const { rows } = await sql<{ xmin: string }>`
    select pg_snapshot_xmin(pg_current_snapshot())::text as xmin`.execute(db);
  return { xid: rows[0].xmin, id: '0' };
}
