import { WorkflowNotFoundError, type Client } from '@temporalio/client';
import { historyToJSON } from '@temporalio/common/lib/proto-utils';
import type { Db } from '../db/database';
import {
  findUnarchivedClosedComplaints,
  recordArchiveGap,
  saveArchivedHistory,
  type ClosedCaseCursor,
} from '../db/workflow-histories';

export interface ArchiveBatch {
  archived: number;
  /** Cases closed in the register whose workflow still runs (a letter not yet posted, say): the next run retries them. */
  stillRunning: number;
  /**
   * Cases whose history Temporal no longer holds (its retention passed before the walk reached
   * them, or it was deleted): nothing is left to copy; each is recorded as a gap in the archive
   * once, and no walk looks at it again.
   */
  gone: number;
  /** Where the next batch starts; null once the walk reached the newest closed case. */
  next: ClosedCaseCursor | null;
}

/**
 * Copies the full histories of closed complaints into Postgres before the namespace's retention
 * removes them, one batch along the walk in closing order. A case is archived once its workflow
 * has completed (its row says closed a few events earlier); saving is an upsert, so a retry does
 * no harm.
 */
export async function archiveClosedHistories(
  db: Db,
  temporal: Client,
  request: { limit: number; after?: ClosedCaseCursor },
): Promise<ArchiveBatch> {
  const candidates = await findUnarchivedClosedComplaints(db, request.limit, request.after);
  let archived = 0;
  let gone = 0;
  for (const c of candidates) {
    const handle = temporal.workflow.getHandle(c.workflow_id);
    const described = await handle.describe().catch((err: unknown) => {
      if (err instanceof WorkflowNotFoundError) return undefined;
      throw err;
    });
    if (!described) {
      await recordArchiveGap(db, { complaintId: c.id, workflowId: c.workflow_id });
      gone++;
      continue;
    }
    if (described.status.name === 'RUNNING') continue;
    await saveArchivedHistory(db, {
      complaintId: c.id,
      workflowId: c.workflow_id,
      historyJson: historyToJSON(await handle.fetchHistory()),
    });
    archived++;
  }
  const last = candidates.at(-1);
  return {
    archived,
    stillRunning: candidates.length - archived - gone,
    gone,
    next: last && candidates.length === request.limit ? { closedAt: last.closed_at.toISOString(), id: last.id } : null,
  };
}
