import { sql } from 'kysely';
import type { Db } from './database';
import type { SlaEscalations, StagesForSla } from '../domain/sla-figures';

export interface SlaPeriod {
  bodyId?: string;
  /** Review stages registered in [registeredFrom, registeredTo] (YYYY-MM-DD, inclusive). */
  registeredFrom?: string;
  registeredTo?: string;
}

/**
 * The review stages registered in the period, at one body or all, grouped as the SLA report and
 * dashboard count them (R8, R10, R11; domain/sla-figures.ts): one row per body, registration day,
 * Almaty day of the answer and marks, with how many stages it stands for. The stages are read
 * from an index that holds every column used here (migration 0022); the case's row is joined only
 * for a stage undecided past its term, to tell whether it is still the one under review. Written
 * as a join and plain expressions, not a subquery per stage, so PostgreSQL can hash the groups
 * (about ten thousand for a year of a million cases) instead of sorting half a million stages.
 */
export async function slaStages(db: Db, period: SlaPeriod, now: Date): Promise<StagesForSla[]> {
  let q = db
    .selectFrom('review_stages as rs')
    .leftJoin('complaints as c', (join) =>
      join
        .onRef('c.id', '=', 'rs.complaint_id')
        .onRef('c.stage', '=', 'rs.stage')
        .on('c.status', '=', 'under_review')
        .on('rs.decided_at', 'is', null)
        .on('rs.deadline', '<', now),
    )
    .select([
      'rs.body_id',
      'rs.registered_on',
      sql<string | null>`(rs.decided_at at time zone 'Asia/Almaty')::date`.as('decided_on'),
      sql<boolean>`coalesce(rs.decided_at <= rs.deadline, false)`.as('decided_in_time'),
      sql<boolean>`rs.extended_days > 0`.as('extended'),
      // The register's mark, answered after the term, or still the stage under review past it.
      sql<boolean>`rs.overdue or coalesce(rs.decided_at > rs.deadline, false) or c.id is not null`.as('overdue'),
      sql<boolean>`c.id is not null`.as('open_past_term'),
      sql<string>`count(*)`.as('count'),
    ])
    .groupBy([sql`1`, sql`2`, sql`3`, sql`4`, sql`5`, sql`6`, sql`7`]);
  if (period.bodyId) q = q.where('rs.body_id', '=', period.bodyId);
  if (period.registeredFrom) q = q.where('rs.registered_on', '>=', period.registeredFrom);
  if (period.registeredTo) q = q.where('rs.registered_on', '<=', period.registeredTo);
  const rows = await q.execute();
  return rows.map((r) => ({
    bodyId: r.body_id,
    registeredOn: r.registered_on,
    decidedOn: r.decided_on,
    decidedInTime: r.decided_in_time,
    extended: r.extended,
    overdue: r.overdue,
    openPastTerm: r.open_past_term,
    count: Number(r.count),
  }));
}

/**
 * The stages of the period whose case the complainant took on to the quality-control body (R9),
 * per body and registration day: read from the later stages, which are few. A stage that
 * forwarded the case to the competent body (R1, its `redirected` event) is not an escalation.
 */
export async function escalatedStages(db: Db, period: SlaPeriod): Promise<SlaEscalations[]> {
  let q = db
    .selectFrom('review_stages as later')
    .innerJoin('review_stages as rs', (join) =>
      join.onRef('rs.complaint_id', '=', 'later.complaint_id').on(sql<boolean>`rs.stage = later.stage - 1`),
    )
    .select(['rs.body_id', 'rs.registered_on', sql<string>`count(*)`.as('count')])
    .where('later.stage', '>', 1)
    .where(
      sql<boolean>`not exists (select 1 from complaint_events e where e.complaint_id = rs.complaint_id and e.event_key = 's' || rs.stage || '-redirected')`,
    )
    .groupBy(['rs.body_id', 'rs.registered_on']);
  if (period.bodyId) q = q.where('rs.body_id', '=', period.bodyId);
  if (period.registeredFrom) q = q.where('rs.registered_on', '>=', period.registeredFrom);
  if (period.registeredTo) q = q.where('rs.registered_on', '<=', period.registeredTo);
  const rows = await q.execute();
  return rows.map((r) => ({ bodyId: r.body_id, registeredOn: r.registered_on, count: Number(r.count) }));
}
