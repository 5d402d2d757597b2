// Fault 4: 1000 filings at once through the API, spread over three bodies: 1000 cases, each body's
// incoming numbers exactly 1..n.
import { check, range, scaled, seconds, type Fault, type FaultContext } from './context';
import { fileComplaintOverHttp, percentile, summariseAnswers } from './http';
import { BODIES, startFaultStack } from './stack';
import { rowOf, type FaultRow } from './table';
import { settleAndInspect, type Check } from './verify';

export const concurrentFilings: Fault = {
  name: '4. 1000 concurrent filings across three bodies',
  planned: (scale) => scaled(1000, scale, 30),
  budgetMs: () => 8 * 60_000,
  async run(ctx: FaultContext, startedAt: number): Promise<FaultRow> {
    const n = this.planned(ctx.scale);
    const checks: Check[] = [];
    const notes: string[] = [];
    const stack = await startFaultStack(ctx.env, 'concurrent-filings');
    ctx.onCleanup(() => stack.close());
    await stack.worker.start();

    const began = Date.now();
    const until = began + 5 * 60_000;
    const filings = await Promise.all(
      range(n).map((i) =>
        fileComplaintOverHttp(stack, `${ctx.runTag}-cc-${i}`, BODIES[i % BODIES.length], {
          until,
          attemptTimeoutMs: 180_000,
        }),
      ),
    );
    const took = Date.now() - began;
    const failed = filings.filter((f) => !f.ok);
    const retried = filings.filter((f) => f.answers.length > 1);
    checks.push(
      check(
        `every filing answered 201`,
        failed.length === 0,
        failed.length
          ? `${failed.length} never got 201: ${summariseAnswers(failed.flatMap((f) => f.answers))}`
          : `${n} × 201 in ${seconds(took)}; ${retried.length} needed a retry${retried.length ? ` (${summariseAnswers(retried.flatMap((f) => f.answers.slice(0, -1)))})` : ''}`,
      ),
    );
    const latencies = filings
      .filter((f) => f.ok)
      .map((f) => f.answers[f.answers.length - 1].endedAt - f.answers[f.answers.length - 1].startedAt);
    notes.push(
      `${(n / (took / 1000)).toFixed(0)} filings/s; answer time p50 ${seconds(percentile(latencies, 50))}, p99 ${seconds(percentile(latencies, 99))}`,
    );

    const expected = filings.map((f) => f.expectedId);
    const inspection = await settleAndInspect(stack.db, stack.client, stack.taskQueue, expected, 120_000);
    checks.push(
      check(
        `${n} cases in Postgres and ${n} workflows`,
        inspection.registerRows === n && inspection.workflows === n,
        `${inspection.registerRows} in Postgres, ${inspection.workflows} workflows`,
      ),
    );
    const perBody = BODIES.map((b) => `${b} ${filings.filter((f) => f.bodyId === b).length}`).join(', ');
    notes.push(`filed per body: ${perBody}`);
    if (stack.apiErrors.size)
      notes.push(`API error log: ${[...stack.apiErrors].map(([k, v]) => `${k} ×${v}`).join(', ')}`);
    await stack.worker.stop();
    return rowOf(this.name, n, inspection, checks, notes, startedAt);
  },
};
