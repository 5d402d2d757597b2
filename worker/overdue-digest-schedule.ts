import { ScheduleAlreadyRunning, type Client, type ScheduleOptions } from '@temporalio/client';

export const OVERDUE_DIGEST_SCHEDULE_ID = 'overdue-head-digest';

/**
 * R1: at 09:00 in Almaty (04:00 UTC: Kazakhstan keeps UTC+5 all year, as domain/calendar.ts
 * counts it, without trusting the server's time-zone database), the start of the working day
 * after the night at whose 00:00 the day's terms ended. A run missed while the server was down is
 * made up within a day; one still retrying a gateway makes the next wait (it sends what is pending).
 */
const overdueDigestSchedule = (taskQueue: string) =>
  ({
    spec: { calendars: [{ hour: 4, minute: 0 }] },
    action: { type: 'startWorkflow' as const, workflowType: 'overdueDigestWorkflow', taskQueue, args: [] },
    policies: { overlap: 'SKIP' as const, catchupWindow: '1 day' },
  }) satisfies Omit<ScheduleOptions, 'scheduleId'>;

/** The daily digest's Schedule, one per namespace: created if missing, else brought to this definition. */
export async function ensureOverdueDigestSchedule(client: Client, taskQueue: string): Promise<void> {
  const wanted = overdueDigestSchedule(taskQueue);
  try {
    await client.schedule.create({ scheduleId: OVERDUE_DIGEST_SCHEDULE_ID, ...wanted });
  } catch (err) {
    if (!(err instanceof ScheduleAlreadyRunning)) throw err;
    await client.schedule.getHandle(OVERDUE_DIGEST_SCHEDULE_ID).update((current) => ({
      ...current,
      spec: wanted.spec,
      action: { ...current.action, ...wanted.action },
      policies: { ...current.policies, ...wanted.policies },
    }));
  }
}
