// Which action forms a case page shows now: the officials' actions with a form
// (domain/case-actions.ts) that the case rules allow, over the workflow's own state. The
// validators still decide in the end (a refused action is shown with the reason).
import type { Client } from '@temporalio/client';
import { currentStage } from '../../domain/case';
import { PAGE_ACTIONS } from '../../domain/case-actions';
import { allowedActions, type CaseAction } from '../../domain/case-rules';
import { MAX_EXTENSION_WORKING_DAYS } from '../../domain/complaint-rules';
import { complaintWorkflowId, getCase } from '../../workflows/complaint-messages';

export interface PageAction {
  name: CaseAction;
  /** R11: the working days of extension left on the stage (the extension form's limit). */
  extensionDaysLeft: number;
}

/** The official's actions the law allows on the case now; none for a case Temporal no longer holds. */
export async function actionsNow(client: Client, complaintId: string, now: Date): Promise<PageAction[]> {
  const state = await client.workflow
    .getHandle(complaintWorkflowId(complaintId))
    .query(getCase)
    .catch(() => undefined);
  if (!state) return [];
  const extensionDaysLeft = MAX_EXTENSION_WORKING_DAYS - (currentStage(state)?.extendedDays ?? 0);
  return allowedActions(state, now)
    .filter((name) => PAGE_ACTIONS.includes(name))
    .map((name) => ({ name, extensionDaysLeft }));
}
