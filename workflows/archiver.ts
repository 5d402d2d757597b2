// Run by a Temporal Schedule: keeps auditors' histories beyond the namespace's retention.
import { proxyActivities } from '@temporalio/workflow';
import type { ComplaintActivities } from '../activities';

const { archiveClosedHistories } = proxyActivities<ComplaintActivities>({
  startToCloseTimeout: '5 minutes',
  retry: { initialInterval: '5 seconds', maximumInterval: '5 minutes' },
});

const BATCH = 200;

export async function historyArchiverWorkflow(): Promise<number> {
  let total = 0;
  for (let batch = 0; batch < 50; batch++) {
    const { archived } = await archiveClosedHistories(BATCH);
    total += archived;
    if (archived < BATCH) break;
  }
  return total;
}
