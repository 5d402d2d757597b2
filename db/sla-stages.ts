import { sql } from 'kysely';
import type { Db } from './database';
import type { StagesForSla } from '../domain/sla-figures';
import type { SlaPeriod } from './reports';

/**
 * The review stages registered in the period, at one body or all, grouped as the SLA dashboard
 * counts them (R8, R10, R11, R9; domain/sla-figures.ts): one row per body, registration day,
 * Almaty day of the answer and marks, with how many stages it stands for.
 */
export async function slaStages(db: Db, period: SlaPeriod, now: Date): Promise<StagesForSla[]> {
  let q = db
    .selectFrom('review_stages as rs')
    .innerJoin('complaints as c', 'c.id', 'rs.complaint_id')
    .select([
      'rs.body_id',
      'rs.registered_on',
      sql<string | null>`to_char(rs.decided_at at time zone 'Asia/Almaty', 'YYYY-MM-DD')`.as('decided_on'),
      sql<boolean>`coalesce(rs.decided_at <= rs.deadline, false)`.as('decided_in_time'),
      sql<boolean>`rs.extended_days > 0`.as('extended'),
      // The register's mark, the stage still open past its term, or answered after it.
      sql<boolean>`rs.overdue or (rs.decided_at is null and rs.deadline < ${now} and c.status = 'under_review' and c.stage = rs.stage) or coalesce(rs.decided_at > rs.deadline, false)`.as(
        'overdue',
      ),
      // A later stage is an escalation (R9) unless this stage forwarded the case to the competent
      // body (R1): its `redirected` event, found by its unique key.
      sql<boolean>`c.stage > rs.stage and not exists (select 1 from complaint_events e where e.complaint_id = rs.complaint_id and e.event_key = 's' || rs.stage || '-redirected')`.as(
        'escalated',
      ),
      sql<string>`count(*)`.as('count'),
    ])
    .groupBy([sql`1`, sql`2`, sql`3`, sql`4`, sql`5`, sql`6`, sql`7`]);
  if (period.bodyId) q = q.where('rs.body_id', '=', period.bodyId);
  if (period.registeredFrom) q = q.where('rs.registered_on', '>=', period.registeredFrom);
  if (period.registeredTo) q = q.where('rs.registered_on', '<=', period.registeredTo);
  const rows = await q.orderBy('rs.registered_on').execute();
  return rows.map((r) => ({
    bodyId: r.body_id,
    registeredOn: r.registered_on,
    decidedOn: r.decided_on,
    decidedInTime: r.decided_in_time,
    extended: r.extended,
    overdue: r.overdue,
    escalated: r.escalated,
    count: Number(r.count),
  }));
}
