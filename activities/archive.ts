import type { Client } from '@temporalio/client';
import { historyToJSON } from '@temporalio/common/lib/proto-utils';
import type { Db } from '../db/database';
import { findUnarchivedClosedComplaints, saveArchivedHistory } from '../db/workflow-histories';

/**
 * Copies the full histories of closed complaints into Postgres before the namespace's retention
 * removes them. A case is archived once its workflow has completed (its row may say closed a few
 * events earlier); saving is an upsert, so a retry does no harm.
 */
export async function archiveClosedHistories(db: Db, temporal: Client, limit: number): Promise<{ archived: number; pending: number }> {
  const candidates = await findUnarchivedClosedComplaints(db, limit);
  let archived = 0;
  for (const c of candidates) {
    const handle = temporal.workflow.getHandle(c.workflow_id);
    const { status } = await handle.describe();
    if (status.name === 'RUNNING') continue;
    await saveArchivedHistory(db, { complaintId: c.id, workflowId: c.workflow_id, historyJson: historyToJSON(await handle.fetchHistory()) });
    archived++;
  }
  return { archived, pending: candidates.length - archived };
}
