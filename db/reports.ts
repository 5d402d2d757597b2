import { sql } from 'kysely';
import type { Db } from './database';

export interface SlaPeriod {
  bodyId?: string;
  /** Review stages registered in [registeredFrom, registeredTo] (YYYY-MM-DD, inclusive). */
  registeredFrom?: string;
  registeredTo?: string;
}

export interface BodySlaCounts {
  bodyId: string;
  cases: number;
  decided: number;
  decidedOnTime: number;
  overdueNow: number;
  extended: number;
}

/**
 * Review-stage counts per body: a complaint escalated to the quality-control body counts at
 * both bodies, each against its own term (R8, R10). "Overdue now": the stage still under review
 * past its deadline.
 */
export async function slaCountsByBody(db: Db, period: SlaPeriod, now: Date): Promise<BodySlaCounts[]> {
  // The case's row is read only for a stage undecided past its term (to tell whether it is still
  // the one under review), never joined to every stage: a year of a large register is a scan of
  // its stages alone.
  const q = db
    .selectFrom('review_stages as rs')
    .select([
      'rs.body_id',
      sql<string>`count(*)`.as('cases'),
      sql<string>`count(rs.decided_at)`.as('decided'),
      sql<string>`count(*) filter (where rs.decided_at <= rs.deadline)`.as('decided_on_time'),
      sql<string>`count(*) filter (where rs.decided_at is null and rs.deadline < ${now} and exists (select 1 from complaints c where c.id = rs.complaint_id and c.status = 'under_review' and c.stage = rs.stage))`.as(
        'overdue_now',
      ),
      sql<string>`count(*) filter (where rs.extended_days > 0)`.as('extended'),
    ])
    .where(inPeriod(period))
    .groupBy('rs.body_id');
  const rows = await q.execute();
  return rows.map((r) => ({
    bodyId: r.body_id,
    cases: Number(r.cases),
    decided: Number(r.decided),
    decidedOnTime: Number(r.decided_on_time),
    overdueNow: Number(r.overdue_now),
    extended: Number(r.extended),
  }));
}

/**
 * The decided stages by body, registration day and Almaty day of the answer, with how many share
 * them: what working days to the decision are counted from, without a row per stage.
 */
export async function decidedStages(
  db: Db,
  period: SlaPeriod,
): Promise<Array<{ bodyId: string; registeredOn: string; decidedOn: string; count: number }>> {
  const rows = await db
    .selectFrom('review_stages as rs')
    .select([
      'rs.body_id',
      'rs.registered_on',
      sql<string>`to_char(rs.decided_at at time zone 'Asia/Almaty', 'YYYY-MM-DD')`.as('decided_on'),
      sql<string>`count(*)`.as('count'),
    ])
    .where('rs.decided_at', 'is not', null)
    .where(inPeriod(period))
    .groupBy([sql`1`, sql`2`, sql`3`])
    .execute();
  return rows.map((r) => ({
    bodyId: r.body_id,
    registeredOn: r.registered_on,
    decidedOn: r.decided_on,
    count: Number(r.count),
  }));
}

/** The period and body as one SQL condition on review_stages `rs`. */
function inPeriod(period: SlaPeriod) {
  const conditions = [sql`true`];
  if (period.bodyId) conditions.push(sql`rs.body_id = ${period.bodyId}`);
  if (period.registeredFrom) conditions.push(sql`rs.registered_on >= ${period.registeredFrom}::date`);
  if (period.registeredTo) conditions.push(sql`rs.registered_on <= ${period.registeredTo}::date`);
  return sql<boolean>`${sql.join(conditions, sql` and `)}`;
}
