import { NativeConnection, Worker, type WorkflowBundleOption } from '@temporalio/worker';
import { createActivities, type MessageTransport } from '../activities';
import type { Client } from '@temporalio/client';
import type { DataConverter, Duration } from '@temporalio/common';
import type { Db } from '../db/database';

export interface ComplaintWorkerOptions {
  connection: NativeConnection;
  namespace?: string;
  taskQueue: string;
  db: Db;
  transport: MessageTransport;
  temporal: Client;
  dataConverter?: DataConverter;
  maxCachedWorkflows?: number;
  /** A prebuilt bundle (tests bundle once; WORKFLOW_BUNDLE_PATH); otherwise bundled at start. */
  workflowBundle?: WorkflowBundleOption;
  /** After shutdown is asked (SIGTERM), how long activities in flight may finish before they are cancelled. */
  shutdownGraceTime?: Duration;
}

export function createComplaintWorker(options: ComplaintWorkerOptions): Promise<Worker> {
  return Worker.create({
    connection: options.connection,
    namespace: options.namespace ?? 'default',
    taskQueue: options.taskQueue,
    dataConverter: options.dataConverter,
    // Complaints wait days between events: a bounded sticky cache keeps memory flat with thousands
    // open (an evicted case is replayed from its short history when its next event comes). About
    // 0.4 MiB a cached case without zod in the bundle: 100 keeps the worker near 300 MiB
    // (docs/PERFORMANCE.md); the price is a replay on the first action on an evicted case.
    maxCachedWorkflows: options.maxCachedWorkflows ?? 100,
    ...(options.shutdownGraceTime !== undefined ? { shutdownGraceTime: options.shutdownGraceTime } : {}),
    ...(options.workflowBundle
      ? { workflowBundle: options.workflowBundle }
      : { workflowsPath: require.resolve('../workflows') }),
    activities: createActivities({ db: options.db, transport: options.transport, temporal: options.temporal }),
  });
}
