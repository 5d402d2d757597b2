import { sql } from 'kysely';
import type { Db } from './database';
import type { SlaPeriod } from './reports';

/** One review stage as the SLA dashboard counts it (R8, R10, R11, R9). */
export interface SlaStage {
  bodyId: string;
  registeredOn: string;
  deadline: Date;
  decidedAt: Date | null;
  extendedDays: number;
  /** The term passed with no answer (the register's mark), or the stage is still open past it. */
  overdue: boolean;
  /** The complainant took the case on to the next stage (the quality-control body); a redirection is not one. */
  escalated: boolean;
}

/** Every review stage registered in the period, at one body or all. */
export async function slaStages(db: Db, period: SlaPeriod, now: Date): Promise<SlaStage[]> {
  let q = db
    .selectFrom('review_stages as rs')
    .innerJoin('complaints as c', 'c.id', 'rs.complaint_id')
    .select([
      'rs.body_id',
      'rs.registered_on',
      'rs.deadline',
      'rs.decided_at',
      'rs.extended_days',
      sql<boolean>`rs.overdue or (rs.decided_at is null and rs.deadline < ${now} and c.status = 'under_review' and c.stage = rs.stage)`.as(
        'overdue_now',
      ),
      // A later stage is an escalation (R9) unless this stage forwarded the case to the competent
      // body (R1): its `redirected` event, found by its unique key.
      sql<boolean>`c.stage > rs.stage and not exists (select 1 from complaint_events e where e.complaint_id = rs.complaint_id and e.event_key = 's' || rs.stage || '-redirected')`.as(
        'escalated',
      ),
    ]);
  if (period.bodyId) q = q.where('rs.body_id', '=', period.bodyId);
  if (period.registeredFrom) q = q.where('rs.registered_on', '>=', period.registeredFrom);
  if (period.registeredTo) q = q.where('rs.registered_on', '<=', period.registeredTo);
  const rows = await q.orderBy('rs.registered_on').execute();
  return rows.map((r) => ({
    bodyId: r.body_id,
    registeredOn: r.registered_on,
    deadline: new Date(r.deadline),
    decidedAt: r.decided_at === null ? null : new Date(r.decided_at),
    extendedDays: r.extended_days,
    overdue: r.overdue_now,
    escalated: r.escalated,
  }));
}
