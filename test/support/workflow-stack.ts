import { randomUUID } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { Worker } from '@temporalio/worker';
import { fileTransport, type MessageTransport } from '../../activities';
import { fileComplaint } from '../../api/complaint-client';
import type { Db } from '../../db/database';
import type { ComplaintInput } from '../../domain/complaint';
import { startWorker } from '../../worker/start-worker';
import { stopAllOrThrow, stopStack } from '../../platform/stop-stack';
import type { Receipt } from '../../domain/case';
import { complaintWorkflowId } from '../../workflows/complaint-messages';
import type { complaintWorkflow } from '../../workflows/complaint';
import { TEST_PROCEDURE } from './procedure';
import { createTestDatabase } from './test-database';
import { createTimeSkippingEnv, PINNED_START, workflowBundle } from './time-skipping';

export interface WorkflowStack {
  env: TestWorkflowEnvironment;
  db: Db;
  worker: Worker;
  outboxDir: string;
  taskQueue: string;
  file(
    complaint: ComplaintInput,
    receivedAt?: Date,
  ): Promise<Receipt & { handle: ReturnType<WorkflowStack['handle']> }>;
  handle(complaintId: string): ReturnType<TestWorkflowEnvironment['client']['workflow']['getHandle']>;
  stop(): Promise<void>;
}

/** The time-skipping test server (its clock pinned), a fresh database and a running worker with the real activities. */
export async function startWorkflowStack(
  options: { startsAt?: Date; transport?: (outboxDir: string) => MessageTransport } = {},
): Promise<WorkflowStack> {
  const env = await createTimeSkippingEnv(options.startsAt ?? PINNED_START);
  const { db } = await createTestDatabase();
  const outboxDir = mkdtempSync(join(tmpdir(), 'outbox-'));
  const taskQueue = `complaints-${randomUUID()}`;
  const stops = stopStack();
  stops.add(() => env.teardown());
  stops.add(() => db.destroy());
  const running = await startWorker({
    temporal: env.nativeConnection,
    taskQueue,
    db,
    client: env.client,
    transport: (options.transport ?? fileTransport)(outboxDir),
    workflowBundle: await workflowBundle(require.resolve('../../workflows')),
  }).catch(async (err) => {
    await stops.stopAll();
    throw err;
  });
  stops.add(() => running.stop());
  const handle = (complaintId: string) =>
    env.client.workflow.getHandle<typeof complaintWorkflow>(complaintWorkflowId(complaintId));
  return {
    env,
    db,
    worker: running.worker,
    outboxDir,
    taskQueue,
    handle,
    async file(complaint, receivedAt) {
      receivedAt ??= new Date(await env.currentTimeMs());
      const complaintId = randomUUID();
      const receipt = await fileComplaint(env.client, {
        complaintId,
        complaint,
        receivedAt,
        ...TEST_PROCEDURE,
        taskQueue,
      });
      return { ...receipt, handle: handle(complaintId) };
    },
    stop: () => stopAllOrThrow(stops),
  };
}
