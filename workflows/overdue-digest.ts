// Run by a Temporal Schedule once a day (worker/overdue-digest-schedule.ts): the heads of bodies
// told of their cases gone overdue, one message per body and channel (R1). No case workflow waits
// for it, and its history is a few events whatever the number of cases.
import { proxyActivities } from '@temporalio/workflow';
import type { ComplaintActivities } from '../activities';
import { now } from './clock';

const { sendOverdueDigests } = proxyActivities<Pick<ComplaintActivities, 'sendOverdueDigests'>>({
  startToCloseTimeout: '10 minutes',
  // A mail server or gateway out for the day: retried at most an hour apart until the next day's
  // run, which takes over whatever is still pending.
  scheduleToCloseTimeout: '20 hours',
  retry: { initialInterval: '10 seconds', backoffCoefficient: 2, maximumInterval: '1 hour' },
});

export async function overdueDigestWorkflow(): Promise<Awaited<ReturnType<ComplaintActivities['sendOverdueDigests']>>> {
  return sendOverdueDigests({ at: now() });
}
