// A rolling restart under load: filings arrive at a steady rate through a balancer that sends each
// to a replica whose /readyz answers 200 (polled as a load balancer would); every API replica and
// then every worker is stopped with SIGTERM and started again, one at a time. Every request is
// answered 201 at its first attempt: 0 failed, 0 lost, 0 duplicated.
import { check, seconds } from '../faults/context';
import { complaintFor } from '../faults/http';
import { sleep, waitUntil } from '../faults/processes';
import { BODIES } from '../faults/stack';
import { rowOf, type FaultRow } from '../faults/table';
import { settleAndInspect, type Check } from '../faults/verify';
import type { ClusterRow, ClusterRowContext } from './row';

const INTERVAL_MS = 250;
const PROBE_MS = 200;
/** Longer than a registration takes: the worker's SIGTERM grace (worker/main.ts) is 20 s. */
const WORKER_STOP_MS = 40_000;

interface Answer {
  replica: number;
  status: number | string;
  id?: string;
}

export const rollingRestartRow: ClusterRow = {
  name: 'rolling restart: every API replica and worker SIGTERMed and started again under steady filing',
  budgetMs: 6 * 60_000,
  async run(ctx: ClusterRowContext, startedAt: number): Promise<FaultRow> {
    const { t } = ctx;
    const apis = t.cluster.apis;
    const checks: Check[] = [];
    const notes: string[] = [];
    const ready = apis.map(() => true);
    const saw503 = apis.map(() => false);
    let probing = true;
    const probes = apis.map(async (api, i) => {
      while (probing) {
        try {
          const res = await fetch(`${api.url}/readyz`, { signal: AbortSignal.timeout(1_000) });
          ready[i] = res.status === 200;
          if (res.status === 503) saw503[i] = true;
        } catch {
          ready[i] = false;
        }
        await sleep(PROBE_MS);
      }
    });

    const answers: Array<Promise<Answer>> = [];
    let next = 0;
    let turn = 0;
    const file = async (k: number): Promise<Answer> => {
      // The balancer: the next replica in turn that its probe saw ready.
      const candidates = apis.map((_, i) => i).filter((i) => ready[i]);
      const replica = candidates.length ? candidates[turn++ % candidates.length] : turn++ % apis.length;
      try {
        const res = await fetch(`${apis[replica].url}/v1/complaints`, {
          method: 'POST',
          headers: {
            Authorization: `Bearer ${t.intake.key}`,
            'Content-Type': 'application/json',
            'Idempotency-Key': `${ctx.runTag}-rolling-${k}`,
          },
          body: JSON.stringify(complaintFor(BODIES[k % BODIES.length])),
          signal: AbortSignal.timeout(120_000),
        });
        const body = (await res.json().catch(() => undefined)) as { id?: string } | undefined;
        return { replica, status: res.status, id: body?.id };
      } catch (err) {
        return { replica, status: (err as Error).name };
      }
    };
    const stream = setInterval(() => answers.push(file(next++)), INTERVAL_MS);
    try {
      await sleep(2_000);
      for (const [i, api] of apis.entries()) {
        const began = Date.now();
        await api.process.stop(30_000);
        const code = await api.process.waitForExit();
        await t.cluster.startApi(i);
        await waitUntil(() => ready[i], 60_000, 100);
        notes.push(`api-${i + 1}: drained and exited ${code}, back and ready in ${seconds(Date.now() - began)}`);
      }
      for (const [i, worker] of t.cluster.workers.entries()) {
        const began = Date.now();
        await worker.stop(WORKER_STOP_MS);
        const stoppedIn = Date.now() - began;
        const code = await worker.waitForExit();
        // The signal reaches the group: tsx's wrapper may report it (143) while the worker inside
        // shut down; what counts is that it stopped within the grace and nothing was lost or failed.
        checks.push(
          check(
            `worker-${i + 1} stopped on SIGTERM within its grace`,
            (code === 0 || code === 143) && stoppedIn < WORKER_STOP_MS,
            `exit ${code} after ${seconds(stoppedIn)}`,
          ),
        );
        await t.cluster.startWorker(i);
        notes.push(`worker-${i + 1}: polling again ${seconds(Date.now() - began)} after its SIGTERM`);
      }
      await sleep(2_000);
    } finally {
      clearInterval(stream);
    }
    const all = await Promise.all(answers);
    probing = false;
    await Promise.all(probes);
    for (const a of all) if (a.id) ctx.expect(a.id);
    const failed = all.filter((a) => a.status !== 201);
    const byStatus = new Map<string, number>();
    for (const a of failed) byStatus.set(String(a.status), (byStatus.get(String(a.status)) ?? 0) + 1);
    checks.push(
      check(
        'every request answered 201 at its first attempt',
        failed.length === 0,
        failed.length ? [...byStatus].map(([s, n]) => `${s} ×${n}`).join(', ') : `${all.length} × 201`,
      ),
    );
    checks.push(
      check(
        'each replica answered /readyz 503 while draining',
        saw503.every(Boolean),
        saw503.map((s, i) => `api-${i + 1} ${s ? 'yes' : 'no'}`).join(', '),
      ),
    );
    const inspection = await settleAndInspect(t.db, t.client, t.cluster.taskQueue, ctx.expected(), 180_000);
    return rowOf(this.name, all.length, inspection, checks, notes, startedAt);
  },
};
