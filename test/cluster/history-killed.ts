// 100 decided complaints wait on their appeal-window timers (90 s) when the history service
// process, owner of every shard and every timer, is SIGKILLed; it is started again 5 s later with
// the same configuration. Every workflow must still complete as `closed`, in Temporal and in the
// register; the workers and API replicas are not restarted.
import { randomUUID } from 'node:crypto';
import { fileComplaint } from '../../api/complaint-client';
import { check, countComplaints, range, scaled, seconds } from '../faults/context';
import { portalComplaint } from '../support/complaints';
import { decideOverHttp, pool, summariseAnswers } from '../faults/http';
import { sleep } from '../faults/processes';
import { BODIES, type BodyId } from '../faults/stack';
import { rowOf, type FaultRow } from '../faults/table';
import { settleAndInspect, workflowIdOf, type Check } from '../faults/verify';
import type { ClusterRow, ClusterRowContext } from './row';

const windowSeconds = (scale: number) => Math.max(30, Math.round(90 * scale));

export const historyKilledRow = (scale: number): ClusterRow => ({
  name: `history service SIGKILLed and restarted while ${scaled(100, scale, 6)} complaints wait on timers`,
  budgetMs: (windowSeconds(scale) + 300) * 1000,
  async run(ctx: ClusterRowContext, startedAt: number): Promise<FaultRow> {
    const { t } = ctx;
    const m = scaled(100, scale, 6);
    const windowS = windowSeconds(scale);
    const checks: Check[] = [];
    const notes: string[] = [];
    const history = t.cluster.services.history;

    // Filed through the client: the replicas' appeal window is not this row's. Electronic
    // complaints, whose answer is delivered when recorded: every window starts with its decision.
    const cases = range(m).map((i) => ({ id: randomUUID(), bodyId: BODIES[i % BODIES.length] as BodyId }));
    for (const c of cases) ctx.expect(c.id);
    const fileUntil = Date.now() + 2 * 60_000;
    const filed = await pool(cases, 20, async (c) => {
      for (let attempt = 1; ; attempt++) {
        try {
          await fileComplaint(t.client, {
            complaintId: c.id,
            complaint: portalComplaint(c.bodyId),
            receivedAt: new Date(),
            filedBy: t.intake.id,
            appealWindowDays: windowS / 86_400,
            taskQueue: t.cluster.taskQueue,
          });
          return true;
        } catch {
          if (Date.now() > fileUntil) return false;
          await sleep(500 * attempt);
        }
      }
    });
    const notFiled = filed.filter((ok) => !ok).length;
    checks.push(check('every complaint filed', notFiled === 0, `${m - notFiled}/${m} filed`));

    let firstDecision = 0;
    const decideUntil = Date.now() + 2 * 60_000;
    const decisions = await pool(cases, 20, async (c, i) => {
      const call = await decideOverHttp(t.replica(i), c.id, c.bodyId, { until: decideUntil, attemptTimeoutMs: 60_000 });
      if (call.ok && !firstDecision) firstDecision = Date.now();
      return call;
    });
    const undecided = decisions.filter((d) => !d.ok);
    checks.push(
      check(
        'every complaint decided (both replicas)',
        undecided.length === 0,
        undecided.length
          ? `${undecided.length} not decided: ${summariseAnswers(undecided.flatMap((d) => d.answers))}`
          : `${m} decided`,
      ),
    );

    const ids = new Set<string>(cases.map((c) => c.id));
    const closedBefore = (
      await t.db.selectFrom('complaints').select(['id', 'status']).where('status', '=', 'closed').execute()
    ).filter((r) => ids.has(r.id)).length;
    const sinceFirst = Date.now() - (firstDecision || Date.now());
    checks.push(
      check(
        'all timers pending when history was killed',
        closedBefore === 0 && sinceFirst < windowS * 1000 - 5_000,
        `${closedBefore} closed; first timer due in ${seconds(windowS * 1000 - sinceFirst)}`,
      ),
    );
    await history.kill9();
    const killedAt = Date.now();
    ctx.log(`history service SIGKILLed with ${m} timers pending (window ${windowS} s); restarting in 5 s`);
    await sleep(5_000);
    await t.cluster.startService('history');
    notes.push(`history listening again ${seconds(Date.now() - killedAt)} after the kill`);

    const deadline = Math.max(Date.now(), (firstDecision || Date.now()) + windowS * 1000) + 180_000;
    const inspection = await settleAndInspect(
      t.db,
      t.client,
      t.cluster.taskQueue,
      ctx.expected(),
      deadline - Date.now(),
      (i) =>
        cases.every(
          (c) =>
            i.register.get(c.id)?.status === 'closed' && i.temporal.get(workflowIdOf(c.id))?.status === 'COMPLETED',
        ),
    );
    const notClosed = cases.filter((c) => inspection.register.get(c.id)?.status !== 'closed').length;
    const notCompleted = cases.filter(
      (c) => inspection.temporal.get(workflowIdOf(c.id))?.status !== 'COMPLETED',
    ).length;
    checks.push(
      check(
        'every workflow completed and every case closed in the register',
        notClosed === 0 && notCompleted === 0,
        `${m - notCompleted}/${m} completed, ${m - notClosed}/${m} closed, within ${seconds(Date.now() - killedAt)} of the kill`,
      ),
    );
    const restarted = [...t.cluster.workers.map((w) => w.starts), ...t.cluster.apis.map((a) => a.process.starts)];
    checks.push(
      check(
        'workers and API replicas rode it out',
        t.cluster.workers.every((w) => w.running) && t.cluster.apis.every((a) => a.process.running),
        `process starts: ${restarted.join(', ')}`,
      ),
    );
    notes.push(`${await countComplaints(t.db, 'closed')} closed cases in the register`);
    return rowOf(this.name, m, inspection, checks, notes, startedAt);
  },
});
