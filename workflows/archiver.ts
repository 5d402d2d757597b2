// Run by a Temporal Schedule: keeps auditors' histories beyond the namespace's retention.
import { continueAsNew, proxyActivities } from '@temporalio/workflow';
import type { ComplaintActivities } from '../activities';

const { archiveClosedHistories } = proxyActivities<ComplaintActivities>({
  startToCloseTimeout: '5 minutes',
  retry: { initialInterval: '5 seconds', maximumInterval: '5 minutes' },
});

const BATCH = 200;
/** Batches per run before the walk continues in a fresh run (keeps the history short). */
const BATCHES_PER_RUN = 100;

export interface ArchiverProgress {
  after?: { closedAt: string; id: string };
  archived: number;
}

/**
 * Walks every closed case once, oldest closing first, by a cursor (closing time, id): a case whose
 * workflow still runs is stepped over, never in the way of later ones, and found again next run.
 */
export async function historyArchiverWorkflow(progress: ArchiverProgress = { archived: 0 }): Promise<number> {
  let { after, archived } = progress;
  for (let batch = 0; batch < BATCHES_PER_RUN; batch++) {
    const result = await archiveClosedHistories({ limit: BATCH, after });
    archived += result.archived;
    if (!result.next) return archived;
    after = result.next;
  }
  return continueAsNew<typeof historyArchiverWorkflow>({ after, archived });
}
