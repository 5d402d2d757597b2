// One round of webhook dispatch: queue the events each subscription has not yet queued, then send
// the deliveries that are due (per subscription and complaint only the oldest), record each
// outcome, and schedule the next attempt of a failed one with backoff.
import { eventOf, webhookBody } from '../domain/complaint-events';
import type { WebhookAddressPolicy } from '../domain/webhook-address';
import { webhookHeaders } from '../domain/webhook-signature';
import type { Db } from '../db/database';
import { feedRowById } from '../db/event-feed';
import {
  leaseDueDeliveries,
  queueDeliveries,
  recordDelivered,
  recordFailed,
  type LeasedDelivery,
} from '../db/webhooks';
import { sendWebhook } from './webhook-sender';

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;

export interface DispatchOptions {
  policy: WebhookAddressPolicy;
  /** Waits after the 1st, 2nd, … failed attempt; the last repeats. */
  retryDelaysMs: readonly number[];
  /** A subscription failing this long is disabled. */
  disableAfterMs: number;
  timeoutMs: number;
  maxResponseBytes: number;
  /** Deliveries sent at once by one dispatcher. */
  concurrency: number;
}

/**
 * The schedule of Standard Webhooks' reference service (Svix), shortened to three days: a retry
 * within seconds, then minutes, then hours.
 */
export const DEFAULT_DISPATCH: Omit<DispatchOptions, 'policy'> = {
  retryDelaysMs: [5 * SECOND, 5 * MINUTE, 30 * MINUTE, 2 * HOUR, 5 * HOUR, 10 * HOUR],
  disableAfterMs: 72 * HOUR,
  timeoutMs: 10 * SECOND,
  maxResponseBytes: 64 * 1024,
  concurrency: 16,
};

export const retryDelay = (delays: readonly number[], attempts: number): number =>
  delays[Math.min(Math.max(attempts, 1), delays.length) - 1];

async function deliver(db: Db, d: LeasedDelivery, options: DispatchOptions): Promise<'delivered' | 'failed'> {
  const row = await feedRowById(db, d.eventId);
  const event = row && eventOf(row);
  if (!event) {
    // The timeline row is immutable and public kinds only are queued: this cannot happen unless the
    // register was edited by hand; recorded, not retried quickly.
    await recordFailed(db, d, {
      status: null,
      error: 'the event is no longer in the register',
      retryAt: new Date(Date.now() + options.disableAfterMs),
      disableAfterMs: options.disableAfterMs,
    });
    return 'failed';
  }
  const body = webhookBody(event);
  const result = await sendWebhook(d.url, webhookHeaders(d.secrets, event.id, new Date(), body), body, options);
  if (result.ok) {
    await recordDelivered(db, d, result.status);
    return 'delivered';
  }
  await recordFailed(db, d, {
    status: result.status,
    error: result.error,
    retryAt: new Date(Date.now() + retryDelay(options.retryDelaysMs, d.attempts)),
    disableAfterMs: options.disableAfterMs,
  });
  return 'failed';
}

export interface RoundResult {
  queued: number;
  delivered: number;
  failed: number;
}

/** One round; the dispatcher runs the next at once when this one had work, else after a pause. */
export async function dispatchWebhooks(db: Db, options: DispatchOptions): Promise<RoundResult> {
  const queued = await queueDeliveries(db, { pageSize: 500 });
  // The lease outlasts an attempt's timeout with room for recording it.
  const leased = await leaseDueDeliveries(db, options.concurrency, options.timeoutMs * 3);
  const outcomes = await Promise.all(leased.map((d) => deliver(db, d, options)));
  return {
    queued,
    delivered: outcomes.filter((o) => o === 'delivered').length,
    failed: outcomes.filter((o) => o === 'failed').length,
  };
}
