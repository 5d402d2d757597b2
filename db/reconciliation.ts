// The register's side of `npm run reconcile` (scripts/reconcile.ts): the cases to compare with
// Temporal, the counters beside the numbers issued, and the one write of its own (a counter moved up).
import { sql } from 'kysely';
import type { DecisionRecord } from '../domain/case';
import type { Db } from './database';

const CLOSED = ['closed', 'withdrawn', 'referred_to_court'];

export interface CaseToReconcile {
  complaintId: string;
  workflowId: string;
  status: string;
  stage: number;
  /** The decision the register recorded for the current stage (its `decided` timeline event), if any. */
  decision?: DecisionRecord;
}

/** Every case not closed, and the cases of the given workflows whatever their status. */
export async function casesToReconcile(db: Db, workflowIds: string[]): Promise<CaseToReconcile[]> {
  const rows = await db
    .selectFrom('complaints as c')
    .leftJoin('complaint_events as e', (join) =>
      join.onRef('e.complaint_id', '=', 'c.id').on('e.event_key', '=', sql<string>`'s' || c.stage || '-decided'`),
    )
    .select(['c.id', 'c.workflow_id', 'c.status', 'c.stage', 'e.at as decided_at', 'e.data as decision'])
    .where((eb) =>
      workflowIds.length > 0
        ? eb.or([eb('c.status', 'not in', CLOSED), eb('c.workflow_id', 'in', workflowIds)])
        : eb('c.status', 'not in', CLOSED),
    )
    .orderBy('c.id')
    .execute();
  return rows.map((r) => ({
    complaintId: r.id,
    workflowId: r.workflow_id,
    status: r.status,
    stage: r.stage,
    ...(r.decided_at ? { decision: decisionOf(r.decided_at, r.decision) } : {}),
  }));
}

function decisionOf(at: Date | string, data: unknown): DecisionRecord {
  const fields = (typeof data === 'string' ? JSON.parse(data) : data) as Omit<DecisionRecord, 'decidedAt'>;
  return { ...fields, decidedAt: new Date(at).toISOString() };
}

export interface CounterBesideIssued {
  bodyId: string;
  year: number;
  lastNumber: number | null;
  highestIssued: number;
}

/** Each body's counter per year beside the highest sequence its stages carry (a missing counter: null). */
export async function countersBesideIssued(db: Db): Promise<CounterBesideIssued[]> {
  const rows = await db
    .selectFrom('review_stages as s')
    .leftJoin('registration_counters as c', (join) =>
      join.onRef('c.body_id', '=', 's.body_id').onRef('c.year', '=', 's.year'),
    )
    .select([
      's.body_id',
      's.year',
      sql<number | null>`max(c.last_number)`.as('last_number'),
      sql<number>`max(s.sequence)`.as('highest'),
    ])
    .groupBy(['s.body_id', 's.year'])
    .orderBy('s.body_id')
    .orderBy('s.year')
    .execute();
  return rows.map((r) => ({
    bodyId: r.body_id,
    year: r.year,
    lastNumber: r.last_number === null ? null : Number(r.last_number),
    highestIssued: Number(r.highest),
  }));
}

/** Moves a counter up to `to` (never down: a registration racing this keeps its higher number). */
export async function advanceCounter(db: Db, bodyId: string, year: number, to: number): Promise<void> {
  await db
    .insertInto('registration_counters')
    .values({ body_id: bodyId, year, last_number: to })
    .onConflict((oc) =>
      oc.columns(['body_id', 'year']).doUpdateSet({
        last_number: sql<number>`greatest(registration_counters.last_number, excluded.last_number)`,
      }),
    )
    .execute();
}
