// One of the two complaint workers is SIGKILLed while 200 filings are in flight through both API
// replicas; it is NOT restarted: the other worker must finish every registration (the dead
// worker's workflow tasks time out and move to it). Every filing answers 201 with its
// Idempotency-Key; nothing lost, duplicated or half-made. The worker is started again afterwards,
// for the rows that follow.
import { check, countComplaints, range, scaled, seconds } from '../faults/context';
import { fileComplaintOverHttp, summariseAnswers, type Filing } from '../faults/http';
import { waitUntil } from '../faults/processes';
import { BODIES } from '../faults/stack';
import { rowOf, type FaultRow } from '../faults/table';
import { settleAndInspect, type Check } from '../faults/verify';
import type { ClusterRow, ClusterRowContext } from './row';

export const workerKilledRow = (scale: number): ClusterRow => ({
  name: `one of two workers SIGKILLed while ${scaled(200, scale, 10)} filings are in flight`,
  budgetMs: 6 * 60_000,
  async run(ctx: ClusterRowContext, startedAt: number): Promise<FaultRow> {
    const { t } = ctx;
    const n = scaled(200, scale, 10);
    const checks: Check[] = [];
    const notes: string[] = [];
    const [victim, survivor] = t.cluster.workers;
    const before = await countComplaints(t.db);
    const until = Date.now() + 4 * 60_000;
    let answered = 0;
    const done = Promise.all(
      range(n).map(async (i) => {
        const f = await fileComplaintOverHttp(t.replica(i), `${ctx.runTag}-wk-${i}`, BODIES[i % BODIES.length], {
          until,
          attemptTimeoutMs: 120_000,
        });
        answered++;
        return f;
      }),
    );
    const reached = await waitUntil(
      async () => (await countComplaints(t.db)) - before >= Math.ceil(n / 10),
      120_000,
      20,
    );
    await victim.kill9();
    const killedAt = Date.now();
    const registeredAtKill = (await countComplaints(t.db)) - before;
    ctx.log(
      `${victim.name} SIGKILLed with ${registeredAtKill}/${n} registered, ${n - answered} filings unanswered; ${survivor.name} carries on alone`,
    );
    checks.push(
      check(
        'the kill hit filings in flight',
        reached && answered < n && registeredAtKill < n,
        `${registeredAtKill}/${n} registered and ${n - answered} unanswered at the kill`,
      ),
    );
    const filings: Filing[] = await done;
    for (const f of filings) ctx.expect(f.expectedId);
    const failed = filings.filter((f) => !f.ok);
    const retried = filings.filter((f) => f.answers.length > 1);
    checks.push(
      check(
        'every filing answered 201 (retried with its Idempotency-Key)',
        failed.length === 0,
        failed.length
          ? `${failed.length} never got 201: ${summariseAnswers(failed.flatMap((f) => f.answers))}`
          : `${n} × 201; ${retried.length} needed a retry`,
      ),
    );
    const lastAnswer = Math.max(...filings.map((f) => f.answers[f.answers.length - 1].endedAt));
    notes.push(`the last filing answered ${seconds(lastAnswer - killedAt)} after the kill`);
    checks.push(
      check(
        'the killed worker was not restarted meanwhile',
        !victim.running && survivor.running && survivor.starts === 1,
        `${victim.name} ${victim.running ? 'running' : 'down'}, ${survivor.name} ${survivor.running ? 'running' : 'down'}`,
      ),
    );
    const inspection = await settleAndInspect(t.db, t.client, t.cluster.taskQueue, ctx.expected(), 120_000);
    await t.cluster.startWorker(0);
    notes.push(`${victim.name} started again after the row`);
    return rowOf(this.name, n, inspection, checks, notes, startedAt);
  },
});
