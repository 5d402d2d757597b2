// Which action forms a case page shows now: the case rules the workflow's validators apply
// (domain/case-rules.ts), over the workflow's own state. The validators still decide in the end
// (a refused action is shown with the API's message).
import type { Client } from '@temporalio/client';
import { currentStage } from '../../domain/case';
import { allowedActions, type CaseAction } from '../../domain/case-rules';
import { MAX_EXTENSION_WORKING_DAYS } from '../../domain/complaint-rules';
import { complaintWorkflowId, getCase } from '../../workflows/complaint-messages';

export type PageAction =
  | { kind: 'assignComplaint' }
  | { kind: 'extendReview'; remainingDays: number }
  | { kind: 'decideComplaint' }
  | { kind: 'redirectComplaint' }
  | { kind: 'handOverAnswer' };

/** The officials' actions, by the API operation a page form posts to. */
const OFFICIAL_OPERATIONS: Partial<Record<CaseAction, PageAction['kind']>> = {
  assign: 'assignComplaint',
  extend: 'extendReview',
  decide: 'decideComplaint',
  redirect: 'redirectComplaint',
  handOverAnswer: 'handOverAnswer',
};

/** The official's actions the law allows on the case now; none for a case Temporal no longer holds. */
export async function actionsNow(client: Client, complaintId: string, now: Date): Promise<PageAction[]> {
  const state = await client.workflow
    .getHandle(complaintWorkflowId(complaintId))
    .query(getCase)
    .catch(() => undefined);
  if (!state) return [];
  const stage = currentStage(state);
  return allowedActions(state, now).flatMap((action): PageAction[] => {
    const kind = OFFICIAL_OPERATIONS[action];
    if (kind === 'extendReview')
      return [{ kind, remainingDays: MAX_EXTENSION_WORKING_DAYS - (stage?.extendedDays ?? 0) }];
    return kind ? [{ kind }] : [];
  });
}
