import { ScheduleAlreadyRunning, type Client } from '@temporalio/client';

export const ARCHIVE_SCHEDULE_ID = 'complaint-history-archiver';

/** Hourly run of the history archiver; created once, kept across restarts and replicas. */
export async function ensureArchiveSchedule(client: Client, taskQueue: string): Promise<void> {
  try {
    await client.schedule.create({
      scheduleId: ARCHIVE_SCHEDULE_ID,
      spec: { intervals: [{ every: '1 hour' }] },
      action: { type: 'startWorkflow', workflowType: 'historyArchiverWorkflow', taskQueue, args: [] },
      policies: { overlap: 'SKIP' },
    });
  } catch (err) {
    if (!(err instanceof ScheduleAlreadyRunning)) throw err;
  }
}
