// `npm run reconcile`'s reading and mending (scripts/reconcile.ts is its command line): the
// register through db/, Temporal through visibility (`listWorkflowExecutions`), `describe`, the
// `getCase` query of a running workflow and the result of a completed one.
import { WorkflowNotFoundError, WorkflowUpdateFailedError, type Client } from '@temporalio/client';
import { closeCase, recordDecision } from '../activities/review';
import type { CaseState, CaseStatus } from '../domain/case';
import type { Db } from '../db/database';
import { advanceCounter, casesToReconcile, countersBesideIssued } from '../db/reconciliation';
import { adoptRecordedDecision, complaintWorkflowId, getCase } from '../workflows/complaint-messages';
import {
  compareRegisterWithTemporal,
  type Discrepancy,
  type ExecutionEnd,
  type Repair,
  type Snapshot,
  type WorkflowView,
} from './reconciliation';

export interface ReconcileDeps {
  db: Db;
  client: Client;
  /** The task queue the engine's workflows run on: only its complaint workflows are compared. */
  taskQueue: string;
}

const WORKFLOW_PREFIX = complaintWorkflowId('');
/** Workflows asked at once: enough to be quick, few enough not to crowd the workers out. */
const IN_FLIGHT = 8;

const ENDS: Record<string, ExecutionEnd> = {
  FAILED: 'failed',
  TERMINATED: 'terminated',
  CANCELLED: 'canceled',
  TIMED_OUT: 'timed_out',
  CONTINUED_AS_NEW: 'continued_as_new',
};

async function viewOf(client: Client, workflowId: string): Promise<WorkflowView> {
  const handle = client.workflow.getHandle(workflowId);
  try {
    const status = (await handle.describe()).status.name;
    if (status === 'RUNNING') return { execution: 'running', state: await handle.query(getCase) };
    if (status === 'COMPLETED') return { execution: 'completed', state: (await handle.result()) as CaseState };
    return { execution: ENDS[status] ?? 'failed' };
  } catch (err) {
    if (err instanceof WorkflowNotFoundError) return { execution: 'missing' };
    return { execution: 'unanswered', error: (err as Error).name };
  }
}

async function inBatches<T>(items: T[], each: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const lane = async () => {
    while (next < items.length) await each(items[next++]);
  };
  await Promise.all(Array.from({ length: IN_FLIGHT }, lane));
}

/** What the register and Temporal say now. */
export async function takeSnapshot({ db, client, taskQueue }: ReconcileDeps): Promise<Snapshot> {
  const running: Snapshot['running'] = [];
  const query = `WorkflowType = 'complaintWorkflow' AND ExecutionStatus = 'Running' AND TaskQueue = '${taskQueue.replace(/'/g, "''")}'`;
  for await (const info of client.workflow.list({ query })) {
    if (!info.workflowId.startsWith(WORKFLOW_PREFIX)) continue;
    running.push({ workflowId: info.workflowId, complaintId: info.workflowId.slice(WORKFLOW_PREFIX.length) });
  }
  const [cases, counters] = await Promise.all([
    casesToReconcile(
      db,
      running.map((r) => r.workflowId),
    ),
    countersBesideIssued(db),
  ]);
  const workflowIds = [...new Set([...cases.map((c) => c.workflowId), ...running.map((r) => r.workflowId)])];
  const workflows = new Map<string, WorkflowView>();
  await inBatches(workflowIds, async (id) => {
    workflows.set(id, await viewOf(client, id));
  });
  return { cases, running, workflows, counters };
}

/** Makes one repair: the workflow's own register write again (activities/review.ts), or a counter moved up. */
export async function applyRepair(db: Db, client: Client, repair: Repair): Promise<void> {
  switch (repair.kind) {
    case 'adopt_decision': {
      try {
        await client.workflow
          .getHandle(repair.workflowId)
          .executeUpdate(adoptRecordedDecision, { args: [{ stage: repair.stage, decision: repair.decision }] });
      } catch (err) {
        // Refused: the workflow decided meanwhile (its own write in flight) or moved on; compared again.
        if (!(err instanceof WorkflowUpdateFailedError)) throw err;
      }
      return;
    }
    case 'advance_counter':
      return advanceCounter(db, repair.bodyId, repair.year, repair.to);
    case 'record_decision':
      await recordDecision(db, { complaintId: repair.complaintId, stage: repair.stage, decision: repair.decision });
      return;
    case 'close_case':
      return closeCase(db, { ...repair, status: repair.status as CaseStatus });
  }
}

export interface Reconciliation {
  found: Discrepancy[];
  repaired: Discrepancy[];
  /** What is left after the repairs (found again): each needs a person. */
  remaining: Discrepancy[];
}

/** Compares; with `repair`, mends what can be mended and compares again. */
export async function reconcile(deps: ReconcileDeps, options: { repair: boolean }): Promise<Reconciliation> {
  const found = compareRegisterWithTemporal(await takeSnapshot(deps));
  if (!options.repair) return { found, repaired: [], remaining: found };
  const repaired: Discrepancy[] = [];
  for (const d of found) {
    if (!d.repair) continue;
    await applyRepair(deps.db, deps.client, d.repair);
    repaired.push(d);
  }
  const remaining = repaired.length > 0 ? compareRegisterWithTemporal(await takeSnapshot(deps)) : found;
  return { found, repaired, remaining };
}
