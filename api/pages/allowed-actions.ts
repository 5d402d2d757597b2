// Which action forms a case page shows now. The workflow's validators decide in the end (a
// refused action is shown with the API's message); this only keeps impossible buttons away.
// Local adapter until domain/case-rules.ts (allowedActions) is in main: swapping is this file only.
import type { ComplaintRecord } from '../../db/complaints';
import type { Body } from '../../db/schema';
import { MAX_EXTENSION_WORKING_DAYS } from '../../domain/complaint-rules';

export type PageAction =
  { kind: 'assignComplaint' } | { kind: 'extendReview'; remainingDays: number } | { kind: 'decideComplaint' };

export function actionsNow(c: ComplaintRecord, reviewingBody: Body | undefined, now: Date): PageAction[] {
  if (c.status !== 'under_review') return [];
  const actions: PageAction[] = [{ kind: 'assignComplaint' }];
  // R11: at bodies that may extend, before the term ends, at most 10 working days per stage.
  const remainingDays = MAX_EXTENSION_WORKING_DAYS - c.extended_days;
  if (reviewingBody?.can_extend && now < new Date(c.deadline) && remainingDays > 0)
    actions.push({ kind: 'extendReview', remainingDays });
  actions.push({ kind: 'decideComplaint' });
  return actions;
}
