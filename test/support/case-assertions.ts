import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { WorkflowUpdateFailedError, type WorkflowHandle } from '@temporalio/client';
import { historyToJSON } from '@temporalio/common/lib/proto-utils';
import { temporal } from '@temporalio/proto';
import type { Db } from '../../db/database';
import type { CaseState } from '../../domain/case';
import { getCase } from '../../workflows/complaint-messages';

/** The register in Postgres says what the workflow's getCase says. */
export async function expectRegisterAgrees(db: Db, handle: WorkflowHandle, state?: CaseState): Promise<CaseState> {
  const c = state ?? (await handle.query(getCase));
  const stage = c.stages[c.stages.length - 1];
  const row = await db.selectFrom('complaints').selectAll().where('id', '=', c.complaintId).executeTakeFirstOrThrow();
  expect({
    status: row.status,
    stage: row.stage,
    reviewingBodyId: row.reviewing_body_id,
    incomingNumber: row.incoming_number,
    deadline: new Date(row.deadline).toISOString(),
    overdue: row.overdue,
    extendedDays: row.extended_days,
    outcome: row.outcome,
    assignedTo: row.assigned_to,
  }).toEqual({
    status: c.status,
    stage: stage.stage,
    reviewingBodyId: stage.bodyId,
    incomingNumber: stage.incomingNumber,
    deadline: stage.deadline,
    overdue: stage.overdue,
    extendedDays: stage.extendedDays,
    outcome: stage.decision?.outcome ?? null,
    assignedTo: stage.assignedTo ?? null,
  });
  const stages = await db
    .selectFrom('review_stages')
    .select(['stage', 'incoming_number'])
    .where('complaint_id', '=', c.complaintId)
    .orderBy('stage')
    .execute();
  expect(stages).toEqual(c.stages.map((s) => ({ stage: s.stage, incoming_number: s.incomingNumber })));
  return c;
}

/**
 * Keeps the history of a finished path for the replay test (test/workflow/replay.test.ts). The
 * committed histories stay as they are, so replay proves today's code against yesterday's runs;
 * UPDATE_HISTORIES=1 rewrites them (after a change guarded with `patched`).
 */
export async function saveHistory(name: string, handle: WorkflowHandle): Promise<void> {
  const file = join(__dirname, '..', 'fixtures', 'histories', `${name}.json`);
  if (existsSync(file) && process.env.UPDATE_HISTORIES !== '1') return;
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, historyToJSON(await handle.fetchHistory()));
}

/**
 * The events an action adds to a settled history, by type. The Java test server records a
 * rejected update's workflow task (the dev server too, once the history ends in a timer's start
 * rather than a completed task: test/integration/validators.test.ts), so tests of validators check
 * that nothing but workflow-task events was added.
 */
export async function eventsAddedBy(handle: WorkflowHandle, action: () => Promise<unknown>): Promise<string[]> {
  const before = await historyLength(handle);
  await action().catch(() => undefined);
  await historyLength(handle);
  const events = (await handle.fetchHistory()).events ?? [];
  return events.slice(before).map((e) => temporal.api.enums.v1.EventType[e.eventType ?? 0]);
}

export const WORKFLOW_TASK_EVENTS = /^EVENT_TYPE_WORKFLOW_TASK_(SCHEDULED|STARTED|COMPLETED)$/;

/**
 * How many events the workflow's history has once it has settled (activities started by earlier
 * steps may still be completing): a rejected update must add none.
 */
export async function historyLength(handle: WorkflowHandle): Promise<number> {
  // Settled means unchanged for a second: on two busy cores the next workflow task of a step
  // (a delivery, then the appeal window's opening) can come more than a few hundred ms later.
  let last = -1;
  let unchanged = 0;
  for (let i = 0; i < 100; i++) {
    const length = (await handle.fetchHistory()).events?.length ?? 0;
    unchanged = length === last ? unchanged + 1 : 0;
    if (unchanged === 3) return length;
    last = length;
    await new Promise((resolve) => setTimeout(resolve, 300));
  }
  return last;
}

/** The update was refused by its validator, for the reason given. */
export async function expectRejected(update: Promise<unknown>, reason: RegExp): Promise<void> {
  const err = await update.then(
    () => new Error('the update was accepted'),
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(WorkflowUpdateFailedError);
  expect(String((err as WorkflowUpdateFailedError).cause?.message)).toMatch(reason);
}
