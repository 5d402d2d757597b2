import type { Queryable } from './database';

/** A review stage with what notices about it need: the case's form and input, and the reviewing body. */
export function findStageWithBody(db: Queryable, complaintId: string, stage: number) {
  return db
    .selectFrom('review_stages')
    .innerJoin('complaints', 'complaints.id', 'review_stages.complaint_id')
    .innerJoin('bodies', 'bodies.id', 'review_stages.body_id')
    .select([
      'complaints.form',
      'complaints.input',
      'review_stages.incoming_number',
      'review_stages.deadline',
      'bodies.name_kk',
      'bodies.name_ru',
      'bodies.head_email',
      'bodies.head_phone',
      'bodies.id as body_id',
      'bodies.escalates_to',
    ])
    .where('review_stages.complaint_id', '=', complaintId)
    .where('review_stages.stage', '=', stage)
    .executeTakeFirstOrThrow();
}

/** What happened to the stage under review. */
export type StageChange =
  | { kind: 'extended'; deadline: Date; workingDays: number } // R11
  | { kind: 'overdue' }
  | { kind: 'decided'; decision: { outcome: string; decidedAt: string } }; // R8

/**
 * The case row repeats its current stage's deadline, extension, overdue flag and decision (the
 * list reads it without a join): every change is written to both, in the caller's transaction.
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
      const { deadline, workingDays } = change;
      await stageRow.set((eb) => ({ deadline, extended_days: eb('extended_days', '+', workingDays) })).execute();
      await caseRow
        .set((eb) => ({ deadline, extended_days: eb('extended_days', '+', workingDays), updated_at: updatedAt }))
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
