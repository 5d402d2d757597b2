// A webhook receiver is down while complaints are filed through both API replicas (a quarter of
// them decided): the dispatchers of both workers share the outbox, retry, and in the end every
// event of the row's intake reaches the receiver, verified with the Standard Webhooks reference
// library, in order per complaint; a repeat is only ever the same webhook-id.
import { randomUUID } from 'node:crypto';
import { createApiKey } from '../../db/api-keys';
import type { FeedRow } from '../../db/event-feed';
import { createSubscription } from '../../db/webhooks';
import type { EventScope } from '../../db/event-feed';
import { newWebhookSecret } from '../../domain/webhook-signature';
import { check, seconds } from '../faults/context';
import { decideOverHttp, fileComplaintOverHttp, pool } from '../faults/http';
import { sleep, waitUntil } from '../faults/processes';
import { BODIES } from '../faults/stack';
import { rowOf, type FaultRow } from '../faults/table';
import { settleAndInspect, type Check } from '../faults/verify';
import { startWebhookReceiver } from '../support/webhook-receiver';
import { allReceived, deliveryChecks, wholeFeed } from '../faults/webhook-checks';
import type { ClusterRow, ClusterRowContext } from './row';

const filingsOf = (scale: number) => Math.max(20, Math.round(200 * scale));
const outageOf = (scale: number) => Math.max(10_000, Math.round(60_000 * scale));

export const webhookReceiverDownRow = (scale: number): ClusterRow => ({
  name: `webhook receiver down ${outageOf(scale) / 1000} s during ${filingsOf(scale)} filings through both replicas`,
  budgetMs: 8 * 60_000,
  async run(ctx: ClusterRowContext, startedAt: number): Promise<FaultRow> {
    const { t } = ctx;
    const n = filingsOf(scale);
    const outageMs = outageOf(scale);
    const checks: Check[] = [];
    const notes: string[] = [];
    // An intake of its own, so the subscription hears this row's complaints only.
    const intake = await createApiKey(t.db, 'intake', null, 'cluster webhook row');
    const scope: EventScope = { filedBy: intake.id };
    const receiver = await startWebhookReceiver();
    try {
      const secret = newWebhookSecret();
      receiver.secrets = [secret];
      await createSubscription(t.db, {
        id: randomUUID(),
        ownerKeyId: intake.id,
        url: receiver.url,
        kinds: null,
        scope,
        secret,
      });
      const began = Date.now();
      const until = began + 5 * 60_000;
      const spacing = (outageMs * 1.1) / n;
      const outage = (async () => {
        await sleep(outageMs / 10);
        receiver.down = true;
        ctx.log(`receiver down with ${receiver.received.length} events received`);
        await sleep(outageMs);
        receiver.down = false;
        ctx.log(`receiver back; ${receiver.refusedWhileDown} attempts refused meanwhile`);
        return Date.now();
      })();
      const filings = await pool(
        Array.from({ length: n }, (_, i) => i),
        8,
        async (i) => {
          await sleep(Math.max(0, began + i * spacing - Date.now()));
          const bodyId = BODIES[i % BODIES.length];
          const filing = await fileComplaintOverHttp({ ...t.replica(i), intake }, `${ctx.runTag}-wh-${i}`, bodyId, {
            until,
            attemptTimeoutMs: 120_000,
          });
          if (filing.ok && i % 4 === 0)
            await decideOverHttp(t.replica(i + 1), filing.expectedId, bodyId, { until, attemptTimeoutMs: 60_000 });
          return filing;
        },
      );
      for (const f of filings) ctx.expect(f.expectedId);
      const backAt = await outage;
      checks.push(
        check(
          'every filing answered 201',
          filings.every((f) => f.ok),
          `${filings.filter((f) => f.ok).length}/${n}`,
        ),
      );

      let feed: FeedRow[] = [];
      const delivered = await waitUntil(
        async () => {
          feed = await wholeFeed(t.db, scope);
          return feed.length >= n && allReceived(receiver, feed);
        },
        180_000,
        500,
      );
      checks.push(...deliveryChecks(receiver, feed, delivered));
      if (receiver.received.length)
        notes.push(
          `all delivered ${seconds(Math.max(...receiver.received.map((r) => r.at)) - backAt)} after the receiver came back`,
        );
      const inspection = await settleAndInspect(t.db, t.client, t.cluster.taskQueue, ctx.expected(), 180_000);
      return rowOf(this.name, n, inspection, checks, notes, startedAt);
    } finally {
      await receiver.close();
    }
  },
});
