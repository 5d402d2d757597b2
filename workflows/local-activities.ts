// The workflow's writes to the register and its deliveries, as local activities: one marker event
// each in the history instead of three plus a workflow task (a full lifecycle stays small).
import { proxyLocalActivities } from '@temporalio/workflow';
import type { ComplaintActivities } from '../activities';

/** Short, idempotent register writes. */
export const writes = proxyLocalActivities<ComplaintActivities>({
  startToCloseTimeout: '30 seconds',
  // Postgres or a mail server may be down for a while: keep retrying, never give up on a complaint.
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '1 minute' },
});

// Deliveries reach mail servers and gateways that may be out for days: after a few quick tries the
// retries wait on Temporal timers, at most an hour apart (a notice leaves within the hour after
// the server is back), so the case's timers (the R12 clock) keep running meanwhile, a long outage
// does not hold a workflow task open and a history gains a few events an hour, not hundreds.
export const deliveries = proxyLocalActivities<Pick<ComplaintActivities, 'deliverNotifications'>>({
  startToCloseTimeout: '30 seconds',
  localRetryThreshold: '10 seconds',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '1 hour' },
});
