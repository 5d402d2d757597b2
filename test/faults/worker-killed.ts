// Fault 1: the worker process is SIGKILLed while ~50 filings are in flight through POST
// /v1/complaints (a new worker takes over; the client retries with the same Idempotency-Key until
// 201), and again while half of the cases are being decided. Every case must be in Postgres and
// in Temporal, incoming numbers unique and gap-free per body, every decision recorded once.
import { sql } from 'kysely';
import { getCase } from '../../workflows/complaint-messages';
import { check, countComplaints, range, scaled, seconds, type Fault, type FaultContext } from './context';
import { decideOverHttp, fileComplaintOverHttp, summariseAnswers, type Filing } from './http';
import { sleep, waitUntil } from './processes';
import { BODIES, startFaultStack } from './stack';
import { rowOf, type FaultRow } from './table';
import { settleAndInspect, workflowIdOf, type Check } from './verify';

export const workerKilled: Fault = {
  name: '1. worker SIGKILLed mid-registration and mid-review',
  planned: (scale) => scaled(50, scale, 6),
  budgetMs: () => 7 * 60_000,
  async run(ctx: FaultContext, startedAt: number): Promise<FaultRow> {
    const n = this.planned(ctx.scale);
    const checks: Check[] = [];
    const notes: string[] = [];
    const stack = await startFaultStack(ctx.env, 'worker-killed');
    ctx.onCleanup(() => stack.close());
    await stack.worker.start();

    // --- mid-registration -------------------------------------------------------------------
    const until = Date.now() + 4 * 60_000;
    let answered = 0;
    const filingsDone = Promise.all(
      range(n).map(async (i) => {
        const f = await fileComplaintOverHttp(stack, `${ctx.runTag}-wk-${i}`, BODIES[i % BODIES.length], {
          until,
          attemptTimeoutMs: 120_000,
        });
        answered++;
        return f;
      }),
    );
    const threshold = Math.max(1, Math.ceil(n / 10));
    const reached = await waitUntil(async () => (await countComplaints(stack.db)) >= threshold, 60_000, 20);
    await stack.worker.kill9();
    const killedAt = Date.now();
    const registeredAtKill = await countComplaints(stack.db);
    const pendingAtKill = n - answered;
    ctx.log(
      `worker SIGKILLed with ${registeredAtKill}/${n} registered, ${pendingAtKill} filings unanswered; starting a new worker`,
    );
    checks.push(
      check(
        'the kill hit filings in flight',
        reached && pendingAtKill > 0 && registeredAtKill < n,
        `${registeredAtKill}/${n} registered and ${pendingAtKill} filings unanswered when the worker was killed`,
      ),
    );
    await stack.worker.start();
    notes.push(`registration: new worker polling ${seconds(Date.now() - killedAt)} after the kill`);
    const filings: Filing[] = await filingsDone;
    const failedFilings = filings.filter((f) => !f.ok);
    const retried = filings.filter((f) => f.answers.length > 1);
    checks.push(
      check(
        'every filing answered 201 (retried with its Idempotency-Key)',
        failedFilings.length === 0,
        failedFilings.length
          ? `${failedFilings.length} never got 201: ${summariseAnswers(failedFilings.flatMap((f) => f.answers))}`
          : `${n} × 201; ${retried.length} needed a retry (${summariseAnswers(retried.flatMap((f) => f.answers.slice(0, -1)))})`,
      ),
    );
    const slowest = Math.max(...filings.map((f) => f.answers[f.answers.length - 1].endedAt - f.answers[0].startedAt));
    notes.push(`registration: slowest filing took ${seconds(slowest)} from first attempt to 201`);
    const receiptIds = new Set(filings.filter((f) => f.ok).map((f) => f.body!.id));
    checks.push(
      check(
        'one complaint per Idempotency-Key',
        receiptIds.size === filings.filter((f) => f.ok).length,
        `${receiptIds.size} distinct ids for ${filings.filter((f) => f.ok).length} receipts`,
      ),
    );

    // --- mid-review: decide half of them while the worker is killed again ---------------------
    const decidedFilings = filings.filter((f) => f.ok).filter((_, i) => i % 2 === 0);
    const decideUntil = Date.now() + 4 * 60_000;
    let decisionsAnswered = 0;
    const decisionsDone = Promise.all(
      decidedFilings.map(async (f) => {
        const call = await decideOverHttp(stack, f.expectedId, f.bodyId, {
          until: decideUntil,
          attemptTimeoutMs: 120_000,
        });
        decisionsAnswered++;
        return call;
      }),
    );
    const decidedThreshold = Math.max(1, Math.ceil(decidedFilings.length / 10));
    const decidedReached = await waitUntil(
      async () => (await countComplaints(stack.db, 'decided')) >= decidedThreshold,
      60_000,
      20,
    );
    await stack.worker.kill9();
    const killed2At = Date.now();
    const decidedAtKill = await countComplaints(stack.db, 'decided');
    const pendingDecisions = decidedFilings.length - decisionsAnswered;
    ctx.log(
      `worker SIGKILLed with ${decidedAtKill}/${decidedFilings.length} decisions recorded, ${pendingDecisions} unanswered; starting a new worker`,
    );
    checks.push(
      check(
        'the second kill hit decisions in flight',
        decidedReached && pendingDecisions > 0 && decidedAtKill < decidedFilings.length,
        `${decidedAtKill}/${decidedFilings.length} decisions recorded and ${pendingDecisions} unanswered when the worker was killed`,
      ),
    );
    await sleep(250);
    await stack.worker.start();
    notes.push(`review: new worker polling ${seconds(Date.now() - killed2At)} after the kill`);
    const decisions = await decisionsDone;
    const failedDecisions = decisions.filter((d) => !d.ok);
    checks.push(
      check(
        'every decision answered 200 (a retry may find it already taken: 409)',
        failedDecisions.length === 0,
        failedDecisions.length
          ? `${failedDecisions.length} failed: ${summariseAnswers(failedDecisions.flatMap((d) => d.answers))}`
          : `${decisions.length} decisions; answers ${summariseAnswers(decisions.flatMap((d) => d.answers))}`,
      ),
    );

    // --- after things settle ----------------------------------------------------------------
    const decidedIds = new Set(decidedFilings.map((f) => f.expectedId));
    const expected = filings.map((f) => f.expectedId);
    const inspection = await settleAndInspect(stack.db, stack.client, stack.taskQueue, expected, 120_000, (i) =>
      expected.every((id) => {
        const want = decidedIds.has(id) ? 'decided' : 'under_review';
        return i.register.get(id)?.status === want && i.temporal.get(workflowIdOf(id))?.caseStatus === want;
      }),
    );
    const wrongRegister = expected.filter(
      (id) => inspection.register.get(id)?.status !== (decidedIds.has(id) ? 'decided' : 'under_review'),
    );
    checks.push(
      check(
        'register: the decided half decided, the rest under review',
        wrongRegister.length === 0,
        `${wrongRegister.length} of ${expected.length} cases in the wrong status`,
      ),
    );
    const states = await Promise.all(
      expected.map(async (id) => {
        try {
          return (await stack.client.workflow.getHandle(workflowIdOf(id)).query(getCase)).status;
        } catch {
          return 'unqueryable';
        }
      }),
    );
    const wrongWorkflow = expected.filter((id, i) => states[i] !== (decidedIds.has(id) ? 'decided' : 'under_review'));
    checks.push(
      check(
        'workflows (getCase): the decided half decided, the rest under review',
        wrongWorkflow.length === 0,
        `${wrongWorkflow.length} of ${expected.length} workflows in the wrong state`,
      ),
    );
    const events = await stack.db
      .selectFrom('complaint_events')
      .select(['complaint_id', sql<number>`count(*)::int`.as('n')])
      .where('kind', '=', 'decided')
      .groupBy('complaint_id')
      .execute();
    const eventCounts = new Map(events.map((e) => [e.complaint_id, Number(e.n)]));
    const badEvents = expected.filter((id) => (eventCounts.get(id) ?? 0) !== (decidedIds.has(id) ? 1 : 0));
    checks.push(
      check(
        'timeline: exactly one decision event per decided case',
        badEvents.length === 0,
        `${badEvents.length} cases with a missing or extra decision event`,
      ),
    );
    notes.push(`worker started ${stack.worker.starts} times`);
    await stack.worker.stop();
    return rowOf(this.name, n, inspection, checks, notes, startedAt);
  },
};
