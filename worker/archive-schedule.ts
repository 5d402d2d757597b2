import { ScheduleAlreadyRunning, type Client, type ScheduleOptions } from '@temporalio/client';

export const ARCHIVE_SCHEDULE_ID = 'complaint-history-archiver';

const archiveSchedule = (taskQueue: string) =>
  ({
    spec: { intervals: [{ every: '1 hour' }] },
    action: { type: 'startWorkflow' as const, workflowType: 'historyArchiverWorkflow', taskQueue, args: [] },
    policies: { overlap: 'SKIP' as const },
  }) satisfies Omit<ScheduleOptions, 'scheduleId'>;

/**
 * The hourly run of the history archiver, one per namespace: created if missing, otherwise brought
 * to this definition (a changed task queue, say). `startWorker` calls it for every process that
 * runs complaint workers for real (worker/main.ts, so the cluster's too, and npm start), so no
 * install is left without it.
 */
export async function ensureArchiveSchedule(client: Client, taskQueue: string): Promise<void> {
  const wanted = archiveSchedule(taskQueue);
  try {
    await client.schedule.create({ scheduleId: ARCHIVE_SCHEDULE_ID, ...wanted });
  } catch (err) {
    if (!(err instanceof ScheduleAlreadyRunning)) throw err;
    await client.schedule.getHandle(ARCHIVE_SCHEDULE_ID).update((current) => ({
      ...current,
      spec: wanted.spec,
      action: { ...current.action, ...wanted.action },
      policies: { ...current.policies, ...wanted.policies },
    }));
  }
}
