// The restore drill: filings arrive through both API replicas; `npm run backup` takes a base
// backup while they do; filing and deciding go on; a moment T is noted; they go on; everything
// stops; `npm run restore -- <backup> --to T`; the cluster starts on it. Then every complaint
// acknowledged before T is there whole, none acknowledged after T is half there, reconcile finds
// 0 (or mends and then finds 0), numbers stay gap-free and unique with filings after the restore,
// and a case decided before T closes when its appeal window ends (its timer fired, R9, R13).
import { execFile } from 'node:child_process';
import { dirname, resolve } from 'node:path';
import { payloadKeysInDataDir } from '../../platform/payload-key-file';
import { reconcile } from '../../scripts/reconcile-run';
import { discrepancyLine } from '../../scripts/reconciliation';
import { check, seconds } from '../faults/context';
import { decideOverHttp, fileComplaintOverHttp, summariseAnswers, type Filing } from '../faults/http';
import { sleep, waitUntil } from '../faults/processes';
import { BODIES, type BodyId } from '../faults/stack';
import { rowOf, type FaultRow } from '../faults/table';
import { inspect, settleAndInspect, type Check } from '../faults/verify';
import { startTestCluster } from './harness';
import type { ClusterRow, ClusterRowContext } from './row';

const INTERVAL_MS = 300;
const repoRoot = resolve(__dirname, '..', '..');

/** An operator's command (scripts/<name>.ts) on the cluster's data; its output. */
function npmRun(name: string, args: string[], env: Record<string, string>): Promise<string> {
  return new Promise((done, fail) => {
    execFile(
      process.execPath,
      ['--import', 'tsx', resolve(repoRoot, 'scripts', `${name}.ts`), ...args],
      { env: { ...process.env, ...env }, timeout: 180_000 },
      (err, stdout, stderr) => (err ? fail(new Error(`npm run ${name}: ${stderr || err.message}`)) : done(stdout)),
    );
  });
}

export const restoreDrillRow: ClusterRow = {
  name: 'restore drill: base backup, filing and deciding, restore to T, reconcile',
  budgetMs: 6 * 60_000,
  async run(ctx: ClusterRowContext, startedAt: number): Promise<FaultRow> {
    const checks: Check[] = [];
    const notes: string[] = [];
    const options = ctx.clusterOptions;
    const env = { DATA_DIR: dirname(options.dataDir), CLUSTER_PORT_BASE: String(options.portBase) };
    const until = Date.now() + 3 * 60_000;
    const filings: Array<Promise<Filing>> = [];
    const decisions: Array<Promise<{ id: string; bodyId: BodyId; ok: boolean; at: number }>> = [];
    let next = 0;
    const t = ctx.t;
    const stream = setInterval(() => {
      const k = next++;
      const bodyId = BODIES[k % BODIES.length];
      const filing = fileComplaintOverHttp(t.replica(k), `${ctx.runTag}-drill-${k}`, bodyId, {
        until,
        attemptTimeoutMs: 60_000,
      });
      filings.push(filing);
      // Every third acknowledged complaint is decided at once, through the other replica.
      if (k % 3 === 0)
        decisions.push(
          filing.then(async (f) => {
            if (!f.ok) return { id: f.expectedId, bodyId, ok: false, at: Date.now() };
            const d = await decideOverHttp(t.replica(k + 1), f.expectedId, bodyId, { until, attemptTimeoutMs: 60_000 });
            return { id: f.expectedId, bodyId, ok: d.ok, at: d.answers[d.answers.length - 1].endedAt };
          }),
        );
    }, INTERVAL_MS);
    let backupDir: string | undefined;
    let T = 0;
    try {
      await sleep(3_000);
      const out = await npmRun('backup', [], env);
      backupDir = /base backup in (\S+)/.exec(out)?.[1];
      notes.push(`npm run backup: ${seconds(Date.now() - startedAt - 3_000)} while filings went on`);
      await sleep(5_000);
      T = Date.now();
      await sleep(4_000);
    } finally {
      clearInterval(stream);
    }
    const filed = await Promise.all(filings);
    const decided = await Promise.all(decisions);
    for (const f of filed) ctx.expect(f.expectedId);
    const ackAt = (f: Filing) => f.answers[f.answers.length - 1].endedAt;
    const before = filed.filter((f) => f.ok && ackAt(f) < T);
    const after = filed.filter((f) => !(f.ok && ackAt(f) < T));
    const decidedBefore = decided.filter((d) => d.ok && d.at < T);
    notes.push(
      `${filed.length} filings (${summariseAnswers(filed.flatMap((f) => f.answers))}), ${before.length} acknowledged before T, ${decidedBefore.length} decisions before T`,
    );
    checks.push(check('a base backup was taken', !!backupDir, backupDir ?? 'no backup directory printed'));

    if (!backupDir) return rowOf(this.name, filed.length, undefined, checks, notes, startedAt);
    const stoppedAt = Date.now();
    await ctx.t.close();
    const to = new Date(T).toISOString();
    await npmRun('restore', [backupDir, '--to', to], env);
    ctx.t = await startTestCluster(options);
    notes.push(`stopped, restored to T and started again in ${seconds(Date.now() - stoppedAt)}`);
    const r = ctx.t;
    const deps = { db: r.db, client: r.client, taskQueue: r.cluster.taskQueue };

    // What the filings after T left: each whole or absent, never half (checked by the inspection).
    const present = await inspect(r.db, r.client, r.cluster.taskQueue, []);
    const afterThere = after.filter(
      (f) => present.register.has(f.expectedId) || present.temporal.has(`complaint-${f.expectedId}`),
    );
    for (const f of after) if (!afterThere.includes(f)) ctx.forget(f.expectedId);
    notes.push(`${afterThere.length} of ${after.length} filings acknowledged after T (or not at all) are there`);

    // Filings after the restore draw the next numbers: none twice, none skipped (the inspection's numbering).
    const resumed = await Promise.all(
      [0, 1, 2, 3, 4, 5].map((k) =>
        fileComplaintOverHttp(r.replica(k), `${ctx.runTag}-drill-after-${k}`, BODIES[k % BODIES.length], {
          until: Date.now() + 120_000,
          attemptTimeoutMs: 60_000,
        }),
      ),
    );
    for (const f of resumed) ctx.expect(f.expectedId);
    checks.push(
      check(
        'filings after the restore answered 201',
        resumed.every((f) => f.ok),
        `${resumed.length}`,
      ),
    );

    // R9, R13: a case decided before T closes when its window ends, its timer restored with it.
    const closedAll = await waitUntil(
      async () => {
        const rows = await r.db
          .selectFrom('complaints')
          .select('status')
          .where(
            'id',
            'in',
            decidedBefore.map((d) => d.id),
          )
          .execute();
        return rows.length === decidedBefore.length && rows.every((row) => row.status === 'closed');
      },
      (ctx.appealWindowSeconds + 90) * 1000,
      1_000,
    );
    checks.push(
      check(
        'cases decided before T closed after their appeal window',
        decidedBefore.length > 0 && closedAll,
        `${decidedBefore.length} decided before T`,
      ),
    );
    let reconciled = await reconcile(deps, { repair: true });
    notes.push(
      `reconcile after the restore (and the timers) found ${reconciled.found.length}, repaired ${reconciled.repaired.length}`,
    );
    for (const d of reconciled.found.slice(0, 5)) notes.push(`  ${discrepancyLine(d)}`);
    await waitUntil(
      async () => {
        if (reconciled.remaining.length === 0) return true;
        reconciled = await reconcile(deps, { repair: true });
        return reconciled.remaining.length === 0;
      },
      90_000,
      2_000,
    );
    checks.push(
      check(
        'reconcile: the register and Temporal agree',
        reconciled.remaining.length === 0,
        reconciled.remaining.map(discrepancyLine).slice(0, 3).join('; ') || '0 discrepancies',
      ),
    );

    // The operator's command, as the runbook has it, through the cluster's profile and payload keys.
    const command = await npmRun('reconcile', [], {
      ...r.cluster.clientEnv,
      DATABASE_URL: r.cluster.registerUrl,
      PAYLOAD_KEYS: payloadKeysInDataDir(options.dataDir).keys,
    }).catch((err: Error) => err.message);
    checks.push(
      check('npm run reconcile exits 0', /0 discrepancies/.test(command), command.trim().split('\n').pop() ?? ''),
    );

    const inspection = await settleAndInspect(r.db, r.client, r.cluster.taskQueue, ctx.expected(), 120_000);
    return rowOf(this.name, filed.length + resumed.length, inspection, checks, notes, startedAt);
  },
};
