// Fault 2: 100 decided complaints wait on their appeal-window timers (90 s here, so they fire
// within the test) when the Temporal dev server is SIGKILLed; it comes back 5 s later on the same
// SQLite file and port. Every workflow must still complete as `closed`, in Temporal and in Postgres.
import { randomUUID } from 'node:crypto';
import { fileComplaint } from '../../api/complaint-client';
import { check, countComplaints, range, scaled, seconds, type Fault, type FaultContext } from './context';
import { portalComplaint } from '../support/complaints';
import { decideOverHttp, pool, summariseAnswers } from './http';
import { sleep, waitUntil } from './processes';
import { BODIES, startFaultStack, type BodyId } from './stack';
import { rowOf, type FaultRow } from './table';
import { settleAndInspect, workflowIdOf, type Check } from './verify';

const windowSeconds = (scale: number) => Math.max(30, Math.round(90 * scale));

export const temporalRestarted: Fault = {
  name: '2. Temporal dev server SIGKILLed and restarted while timers wait',
  planned: (scale) => scaled(100, scale, 6),
  budgetMs: (scale) => (windowSeconds(scale) + 300) * 1000,
  async run(ctx: FaultContext, startedAt: number): Promise<FaultRow> {
    const m = this.planned(ctx.scale);
    const windowS = windowSeconds(ctx.scale);
    const checks: Check[] = [];
    const notes: string[] = [];
    const stack = await startFaultStack(ctx.env, 'temporal-restarted');
    ctx.onCleanup(() => stack.close());
    await stack.worker.start();

    // File through the client with a window of seconds. Electronic complaints: their answer is
    // delivered when recorded, so every appeal-window timer starts with its decision (a paper
    // answer's window waits for the post room).
    const cases = range(m).map((i) => ({ id: randomUUID(), bodyId: BODIES[i % BODIES.length] as BodyId }));
    const fileUntil = Date.now() + 2 * 60_000;
    const filed = await pool(cases, 20, async (c) => {
      for (let attempt = 1; ; attempt++) {
        try {
          await fileComplaint(stack.client, {
            complaintId: c.id,
            complaint: portalComplaint(c.bodyId),
            receivedAt: new Date(),
            filedBy: stack.intake.id,
            appealWindowDays: windowS / 86_400,
            taskQueue: stack.taskQueue,
          });
          return true;
        } catch {
          if (Date.now() > fileUntil) return false;
          await sleep(500 * attempt);
        }
      }
    });
    const notFiled = filed.filter((ok) => !ok).length;
    checks.push(
      check('every complaint filed (fileComplaint, same id on retry)', notFiled === 0, `${m - notFiled}/${m} filed`),
    );

    // Decide them all: each now waits on its appeal-window timer.
    let firstDecision = 0;
    const decideUntil = Date.now() + 2 * 60_000;
    const decisions = await pool(cases, 20, async (c) => {
      const call = await decideOverHttp(stack, c.id, c.bodyId, { until: decideUntil, attemptTimeoutMs: 60_000 });
      if (call.ok && !firstDecision) firstDecision = Date.now();
      return call;
    });
    const lastDecision = Date.now();
    const undecided = decisions.filter((d) => !d.ok);
    checks.push(
      check(
        'every complaint decided',
        undecided.length === 0,
        undecided.length
          ? `${undecided.length} not decided: ${summariseAnswers(undecided.flatMap((d) => d.answers))}`
          : `${m} decided in ${seconds(lastDecision - firstDecision)}`,
      ),
    );
    await waitUntil(async () => (await countComplaints(stack.db, 'decided')) === m, 30_000, 250);

    // Kill -9 the server while every timer is pending.
    const closedBeforeKill = await countComplaints(stack.db, 'closed');
    const sinceFirstDecision = Date.now() - (firstDecision || Date.now());
    checks.push(
      check(
        'all timers pending when the server was killed',
        closedBeforeKill === 0 && sinceFirstDecision < windowS * 1000 - 5_000,
        `${closedBeforeKill} closed; first timer due in ${seconds(windowS * 1000 - sinceFirstDecision)}`,
      ),
    );
    await ctx.env.temporal.kill9();
    const killedAt = Date.now();
    ctx.log(`Temporal dev server SIGKILLed with ${m} timers pending (window ${windowS} s); restarting in 5 s`);
    await sleep(5_000);
    await ctx.env.temporal.start();
    notes.push(`server back ${seconds(Date.now() - killedAt)} after the kill, same SQLite file and port`);
    let workerRestarts = 0;
    if (!stack.worker.running) {
      workerRestarts++;
      await stack.worker.start();
    }

    // Bounded wait until every workflow completed as closed (restarting a worker that gave up).
    const deadline = Math.max(Date.now(), (firstDecision || Date.now()) + windowS * 1000) + 150_000;
    const ids = cases.map((c) => c.id);
    const inspection = await settleAndInspect(
      stack.db,
      stack.client,
      stack.taskQueue,
      ids,
      deadline - Date.now(),
      (i) => {
        if (!stack.worker.running) {
          workerRestarts++;
          void stack.worker.start().catch(() => undefined);
        }
        return ids.every(
          (id) => i.register.get(id)?.status === 'closed' && i.temporal.get(workflowIdOf(id))?.status === 'COMPLETED',
        );
      },
    );
    notes.push(
      workerRestarts
        ? `worker restarted ${workerRestarts} time(s) after the server came back`
        : 'the worker rode out the outage without a restart',
    );
    const results = await Promise.all(
      ids.map(async (id) => {
        try {
          const state = await Promise.race([
            stack.client.workflow.getHandle(workflowIdOf(id)).result(),
            sleep(15_000).then(() => undefined),
          ]);
          return state?.status ?? 'no result';
        } catch {
          return 'failed';
        }
      }),
    );
    const notClosedWf = results.filter((s) => s !== 'closed').length;
    checks.push(
      check(
        'every workflow completed with status closed',
        notClosedWf === 0,
        `${m - notClosedWf}/${m} completed as closed, all within ${seconds(Date.now() - killedAt)} of the kill`,
      ),
    );
    const notClosedPg = ids.filter((id) => inspection.register.get(id)?.status !== 'closed').length;
    checks.push(
      check('Postgres shows every case closed', notClosedPg === 0, `${m - notClosedPg}/${m} closed in the register`),
    );
    await stack.worker.stop();
    return rowOf(this.name, m, inspection, checks, notes, startedAt);
  },
};
