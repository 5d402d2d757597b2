import type { Queryable } from './database';

/**
 * A review stage with what notices about it need: the case's form and input, the reviewing body,
 * and the quality-control body above it (R9: the answer names where to appeal, with its address).
 */
export function findStageWithBody(db: Queryable, complaintId: string, stage: number) {
  return db
    .selectFrom('review_stages')
    .innerJoin('complaints', 'complaints.id', 'review_stages.complaint_id')
    .innerJoin('bodies', 'bodies.id', 'review_stages.body_id')
    .leftJoin('bodies as above', 'above.id', 'bodies.escalates_to')
    .select([
      'complaints.form',
      'complaints.input',
      'review_stages.incoming_number',
      'review_stages.deadline',
      'review_stages.registered_on',
      'review_stages.review_term_days',
      'review_stages.extended_days',
      'review_stages.calendar_has_data',
      'review_stages.overdue',
      'bodies.name_kk',
      'bodies.name_ru',
      'bodies.head_email',
      'bodies.head_phone',
      'bodies.id as body_id',
      'bodies.escalates_to',
      'above.name_kk as above_name_kk',
      'above.name_ru as above_name_ru',
      'above.postal_address as above_postal_address',
    ])
    .where('review_stages.complaint_id', '=', complaintId)
    .where('review_stages.stage', '=', stage)
    .executeTakeFirstOrThrow();
}

/** What happened to the stage under review. */
export type StageChange =
  | { kind: 'extended'; deadline: Date; workingDays: number; calendarHasData: boolean } // R11
  /** Counted again once the year's official calendar is loaded. */
  | { kind: 'recounted'; deadline: string; calendarHasData: boolean; overdueCleared?: boolean }
  | { kind: 'overdue' }
  | { kind: 'decided'; decision: { outcome: string; decidedAt: string } }; // R8

/**
 * The case row repeats its current stage's deadline, extension, overdue flag and decision (the
 * list reads it without a join): every change is written to both, in the caller's transaction.
 * A recount may come for a stage the case has left: then the case row keeps its current stage's.
 */
export async function updateStageAndCase(
  db: Queryable,
  complaintId: string,
  stage: number,
  change: StageChange,
): Promise<void> {
  const stageRow = db.updateTable('review_stages').where('complaint_id', '=', complaintId).where('stage', '=', stage);
  const caseRow = db.updateTable('complaints').where('id', '=', complaintId);
  const updatedAt = new Date();
  switch (change.kind) {
    case 'extended': {
      const { deadline, workingDays, calendarHasData } = change;
      const columns = { deadline, calendar_has_data: calendarHasData };
      await stageRow.set((eb) => ({ ...columns, extended_days: eb('extended_days', '+', workingDays) })).execute();
      await caseRow
        .set((eb) => ({ ...columns, extended_days: eb('extended_days', '+', workingDays), updated_at: updatedAt }))
        .execute();
      return;
    }
    case 'recounted': {
      const columns = {
        deadline: change.deadline,
        calendar_has_data: change.calendarHasData,
        // R8, R10: a later term undoes the overdue mark it no longer deserves.
        ...(change.overdueCleared ? { overdue: false } : {}),
      };
      // R1: overdue again after a cleared mark, the stage is named in a later digest again.
      await stageRow.set({ ...columns, ...(change.overdueCleared ? { head_alerted_on: null } : {}) }).execute();
      await caseRow
        .set({ ...columns, updated_at: updatedAt })
        .where('stage', '=', stage)
        .execute();
      return;
    }
    case 'overdue':
      await stageRow.set({ overdue: true }).execute();
      await caseRow.set({ overdue: true, updated_at: updatedAt }).execute();
      return;
    case 'decided': {
      const { decision } = change;
      await stageRow.set({ decision: JSON.stringify(decision), decided_at: decision.decidedAt }).execute();
      await caseRow
        .set({ status: 'decided', outcome: decision.outcome, decided_at: decision.decidedAt, updated_at: updatedAt })
        .execute();
      return;
    }
  }
}
