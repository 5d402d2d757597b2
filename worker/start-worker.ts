// The complaint worker, started the one way every process that runs it does: worker/main.ts (the
// deployed worker, the cluster's, the bench's), npm start, and the test stacks. It runs until
// stopped; `stop()` lets the tasks in flight finish (within the grace) and closes what it opened.
import { NativeConnection, type NativeConnectionOptions, type Worker } from '@temporalio/worker';
import type { Client } from '@temporalio/client';
import type { DataConverter, Duration } from '@temporalio/common';
import type { WorkflowBundleOption } from '@temporalio/worker';
import type { MessageTransport } from '../activities';
import type { Db } from '../db/database';
import { ensureArchiveSchedule } from './archive-schedule';
import { ensureOverdueDigestSchedule } from './overdue-digest-schedule';
import { createComplaintWorker } from './worker';

export interface WorkerConfig {
  /**
   * How the worker reaches Temporal: the options of a connection of its own, closed when it stops,
   * or a connection it borrows and leaves open (the time-skipping test environment's).
   */
  temporal: NativeConnectionOptions | NativeConnection;
  taskQueue: string;
  db: Db;
  /** The client the activities use, in the namespace the worker polls (its payload codec too). */
  client: Client;
  dataConverter?: DataConverter;
  transport: MessageTransport;
  /** A prebuilt bundle (npm run build, the cluster, the tests); otherwise bundled at start. */
  workflowBundle?: WorkflowBundleOption;
  /** After stop is asked, how long activities in flight may finish before they are cancelled. */
  shutdownGraceTime?: Duration;
  /**
   * Creates the Schedules every install that runs complaint workers has, or brings them to this
   * task queue: the hourly history archiver (worker/archive-schedule.ts) and the heads' daily
   * overdue digest (worker/overdue-digest-schedule.ts, R1).
   */
  schedules?: boolean;
}

export interface RunningWorker {
  worker: Worker;
  /** Settles when the worker has stopped: rejects when it failed. */
  finished: Promise<void>;
  /** Asks a running worker to stop, waits until it has, closes its own connection. */
  stop(): Promise<void>;
}

export async function startWorker(config: WorkerConfig): Promise<RunningWorker> {
  const borrowed = config.temporal instanceof NativeConnection;
  const connection =
    config.temporal instanceof NativeConnection ? config.temporal : await NativeConnection.connect(config.temporal);
  let worker: Worker;
  try {
    worker = await createComplaintWorker({
      connection,
      namespace: config.client.options.namespace,
      taskQueue: config.taskQueue,
      db: config.db,
      transport: config.transport,
      temporal: config.client,
      dataConverter: config.dataConverter,
      workflowBundle: config.workflowBundle,
      shutdownGraceTime: config.shutdownGraceTime,
    });
    if (config.schedules) {
      await ensureArchiveSchedule(config.client, config.taskQueue);
      await ensureOverdueDigestSchedule(config.client, config.taskQueue);
    }
  } catch (err) {
    if (!borrowed) await connection.close();
    throw err;
  }
  const finished = worker.run();
  // Seen by whoever awaits `finished` or `stop()`; never an unhandled rejection in between.
  finished.catch(() => undefined);
  let stopped: Promise<void> | undefined;
  return {
    worker,
    finished,
    stop() {
      stopped ??= (async () => {
        // The SDK's runtime also stops workers on SIGINT: shut down only one still running.
        if (worker.getState() === 'RUNNING') worker.shutdown();
        try {
          await finished;
        } finally {
          if (!borrowed) await connection.close();
        }
      })();
      return stopped;
    },
  };
}
