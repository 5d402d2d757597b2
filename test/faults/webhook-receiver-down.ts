// Faults 8 and 9: a webhook receiver is down for 60 s while 200 complaints are filed (and a
// quarter of them decided); in 9 the worker process is also SIGKILLed while it catches up after
// the receiver's return. The dispatcher in the worker process retries; in the end every event has
// reached the receiver, verified with the Standard Webhooks reference library, in order per
// complaint; a repeat is only ever the same webhook-id.
import { randomUUID } from 'node:crypto';
import type { FeedRow } from '../../db/event-feed';
import { createSubscription } from '../../db/webhooks';
import { newWebhookSecret } from '../../domain/webhook-signature';
import { startWebhookReceiver } from '../support/webhook-receiver';
import { allReceived, deliveryChecks, wholeFeed } from './webhook-checks';
import { check, range, scaled, seconds, type Fault, type FaultContext } from './context';
import { decideOverHttp, fileComplaintOverHttp, percentile, pool } from './http';
import { sleep, waitUntil } from './processes';
import { BODIES, startFaultStack } from './stack';
import { rowOf, type FaultRow } from './table';
import { settleAndInspect, type Check } from './verify';

/** The worker reads these at each start: the receiver is on loopback, and retries come within seconds. */
const WORKER_ENV = { WEBHOOK_ALLOW_LOOPBACK: 'true', WEBHOOK_RETRY_SECONDS: '1,2,5' } as const;

async function withWorkerEnv(start: () => Promise<void>): Promise<void> {
  const saved = Object.keys(WORKER_ENV).map((name) => [name, process.env[name]] as const);
  Object.assign(process.env, WORKER_ENV);
  try {
    await start();
  } finally {
    for (const [name, value] of saved) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  }
}

const webhookFault = (name: string, killWorker: boolean): Fault => ({
  name,
  planned: (scale) => scaled(200, scale, 20),
  budgetMs: () => 8 * 60_000,
  async run(ctx: FaultContext, startedAt: number): Promise<FaultRow> {
    const n = this.planned(ctx.scale);
    const outageMs = Math.max(10_000, Math.round(60_000 * ctx.scale));
    const checks: Check[] = [];
    const notes: string[] = [];
    const stack = await startFaultStack(ctx.env, 'webhook-receiver-down');
    ctx.onCleanup(() => stack.close());
    const receiver = await startWebhookReceiver();
    ctx.onCleanup(() => receiver.close());
    await withWorkerEnv(() => stack.worker.start());
    const secret = newWebhookSecret();
    receiver.secrets = [secret];
    await createSubscription(stack.db, {
      id: randomUUID(),
      ownerKeyId: stack.auditor.id,
      url: receiver.url,
      kinds: null,
      scope: { all: true },
      secret,
    });

    // Filings spread over the outage: it starts after the first tenth and lasts `outageMs`.
    const began = Date.now();
    const until = began + 5 * 60_000;
    const spacing = (outageMs * 1.1) / n;
    const outage = (async () => {
      await sleep(outageMs / 10);
      receiver.down = true;
      const downAt = Date.now();
      ctx.log(`receiver down with ${receiver.received.length} events received`);
      await sleep(outageMs);
      receiver.down = false;
      ctx.log(`receiver back after ${seconds(Date.now() - downAt)}; ${receiver.refusedWhileDown} attempts refused`);
      return Date.now();
    })();
    const filings = await pool(range(n), 8, async (i) => {
      await sleep(Math.max(0, began + i * spacing - Date.now()));
      const bodyId = BODIES[i % BODIES.length];
      const filing = await fileComplaintOverHttp(stack, `${ctx.runTag}-wh-${i}`, bodyId, {
        until,
        attemptTimeoutMs: 120_000,
      });
      if (filing.ok && i % 4 === 0)
        await decideOverHttp(stack, filing.expectedId, bodyId, { until, attemptTimeoutMs: 60_000 });
      return filing;
    });
    const backAt = await outage;
    if (killWorker) {
      // Mid-delivery: the backlog is being sent when the worker dies; its leases must lapse and
      // another worker send those deliveries again.
      const atReturn = receiver.received.length;
      await waitUntil(async () => receiver.received.length > atReturn + 5, 30_000, 10);
      const before = receiver.received.length;
      await stack.worker.kill9();
      ctx.log(`worker SIGKILLed ${seconds(Date.now() - backAt)} after the receiver's return, ${before} received`);
      await withWorkerEnv(() => stack.worker.start());
      notes.push(`worker SIGKILLed while catching up (${before} events received by then), a new one started`);
    }
    checks.push(
      check(
        'every filing answered 201',
        filings.every((f) => f.ok),
        `${filings.filter((f) => f.ok).length}/${n}`,
      ),
    );

    // Everything in the feed reaches the receiver.
    let feed: FeedRow[] = [];
    const delivered = await waitUntil(
      async () => {
        feed = await wholeFeed(stack.db, { all: true });
        return feed.length >= n && allReceived(receiver, feed);
      },
      180_000,
      500,
    );
    const lastAt = Math.max(...receiver.received.map((r) => r.at));
    checks.push(...deliveryChecks(receiver, feed, delivered));
    const types = new Map<string, number>();
    for (const e of feed) types.set(e.kind, (types.get(e.kind) ?? 0) + 1);
    notes.push(`events: ${[...types].map(([k, v]) => `${k} ${v}`).join(', ')}`);
    notes.push(`all delivered ${seconds(lastAt - backAt)} after the receiver came back`);
    const lags = receiver.received
      .filter((r) => r.at < backAt - outageMs || r.at > backAt + 60_000)
      .map((r) => r.at - Date.parse(r.timestamp));
    if (lags.length)
      notes.push(
        `lag event → verified receipt outside the outage: p50 ${seconds(percentile(lags, 50))}, p99 ${seconds(percentile(lags, 99))}`,
      );

    const inspection = await settleAndInspect(
      stack.db,
      stack.client,
      stack.taskQueue,
      filings.map((f) => f.expectedId),
      120_000,
    );
    await stack.worker.stop();
    return rowOf(this.name, n, inspection, checks, notes, startedAt);
  },
});

export const webhookReceiverDown = webhookFault('8. webhook receiver down 60 s during 200 filings', false);
export const webhookWorkerKilled = webhookFault(
  '9. webhook receiver down 60 s, then the worker SIGKILLed mid-delivery',
  true,
);
