// PostgreSQL, Temporal's persistence and visibility and the register alike, stops for 30 s while
// filings keep arriving through both API replicas (one every 250 ms). Each filing is retried with
// its Idempotency-Key until 201; afterwards every one has completed, once.
import { check, seconds } from '../faults/context';
import { fileComplaintOverHttp, summariseAnswers, type Filing } from '../faults/http';
import { sleep } from '../faults/processes';
import { BODIES } from '../faults/stack';
import { rowOf, type FaultRow } from '../faults/table';
import { settleAndInspect, type Check } from '../faults/verify';
import type { ClusterRow, ClusterRowContext } from './row';

const outageMs = (scale: number) => Math.max(5_000, Math.round(30_000 * scale));
const INTERVAL_MS = 250;
const PRE_MS = 3_000;
const POST_MS = 3_000;

export const postgresOutageRow = (scale: number): ClusterRow => ({
  name: `PostgreSQL stopped ${outageMs(scale) / 1000} s while filings continue`,
  budgetMs: outageMs(scale) + 7 * 60_000,
  async run(ctx: ClusterRowContext, startedAt: number): Promise<FaultRow> {
    const { t } = ctx;
    const outage = outageMs(scale);
    const checks: Check[] = [];
    const notes: string[] = [];
    if (!t.cluster.postgres.embedded)
      throw new Error('PostgreSQL is external (DATABASE_URL): the outage row needs the embedded one');
    const until = Date.now() + outage + 5 * 60_000;
    const filings: Array<Promise<Filing>> = [];
    let next = 0;
    const stream = setInterval(() => {
      const k = next++;
      filings.push(
        fileComplaintOverHttp(t.replica(k), `${ctx.runTag}-pg-${k}`, BODIES[k % BODIES.length], {
          until,
          attemptTimeoutMs: 150_000,
        }),
      );
    }, INTERVAL_MS);
    let stopAt = 0;
    let upAt = 0;
    try {
      await sleep(PRE_MS);
      stopAt = Date.now();
      await t.cluster.postgres.stop();
      ctx.log(`PostgreSQL stopped (${seconds(Date.now() - stopAt)} to shut down); down for ${seconds(outage)}`);
      await sleep(Math.max(0, stopAt + outage - Date.now()));
      await t.cluster.postgres.start();
      upAt = Date.now();
      ctx.log('PostgreSQL started again on the same data directory and port');
      await sleep(POST_MS);
    } finally {
      clearInterval(stream);
    }
    const results = await Promise.all(filings);
    for (const f of results) ctx.expect(f.expectedId);
    const failed = results.filter((f) => !f.ok);
    checks.push(
      check(
        'every filing answered 201 in the end (same Idempotency-Key)',
        failed.length === 0,
        failed.length
          ? `${failed.length} never got 201: ${summariseAnswers(failed.flatMap((f) => f.answers))}`
          : `${results.length} × 201`,
      ),
    );
    const during = results.flatMap((f) =>
      f.answers.filter((a) => a.status !== 201 && a.startedAt >= stopAt && a.startedAt <= upAt),
    );
    notes.push(`answers other than 201 during the outage: ${summariseAnswers(during)}`);
    const lastAnswer = Math.max(...results.map((f) => f.answers[f.answers.length - 1].endedAt));
    notes.push(`the last filing answered ${seconds(lastAnswer - upAt)} after PostgreSQL was back`);
    const down = [
      ...Object.values(t.cluster.services),
      ...t.cluster.workers,
      ...t.cluster.apis.map((a) => a.process),
    ].filter((p) => !p.running);
    checks.push(
      check(
        'every Temporal service, worker and API replica rode out the outage',
        down.length === 0,
        down.length ? `exited: ${down.map((p) => p.name).join(', ')}` : 'all still running',
      ),
    );
    const inspection = await settleAndInspect(t.db, t.client, t.cluster.taskQueue, ctx.expected(), 180_000);
    return rowOf(this.name, results.length, inspection, checks, notes, startedAt);
  },
});
