// `npm run test:cluster` (CI with WITH_CLUSTER=1): the production topology under test. First
// `npm run cluster` itself, Ctrl-C'd; then the same data directory started again by the harness,
// and rows on it: the HTTP lifecycle across both API replicas, the CLI's search-attribute query
// over mutual TLS, and the faults (a worker, the history service, PostgreSQL), each a row of the
// fault suite's table. CLUSTER_SCALE (default 1) scales the counts down; CLUSTER_ONLY=2,4 picks rows.
import { randomBytes } from 'node:crypto';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { provisionTemporalServer } from '../../platform/provision/temporal-server';
import { provisionIfMissing } from '../../platform/provision';
import { killAllManaged } from '../../cluster/processes';
import { check } from '../faults/context';
import { failedRow, formatDetails, formatTable, writeResults, type FaultRow } from '../faults/table';
import { cliQueryRow } from './cli-query';
import { npmRunClusterThenCtrlC } from './ctrl-c';
import { startTestCluster, testPortBase, type TestCluster } from './harness';
import { historyKilledRow } from './history-killed';
import { lifecycleRow } from './lifecycle';
import { postgresOutageRow } from './postgres-outage';
import { restoreDrillRow } from './restore-drill';
import { rollingRestartRow } from './rolling-restart';
import { webhookReceiverDownRow } from './webhook-receiver-down';
import type { ClusterRow, ClusterRowContext } from './row';
import { workerKilledRow } from './worker-killed';

const say = (line: string) => process.stdout.write(`[cluster-tests] ${line}\n`);
export const RESULTS_FILE = resolve(__dirname, '..', '..', '.cluster-results.json');
const APPEAL_WINDOW_SECONDS = 20;

function withTimeout<T>(work: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not finish within ${Math.round(ms / 1000)} s`)), ms);
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}

async function main(): Promise<number> {
  const scale = Number(process.env.CLUSTER_SCALE ?? 1);
  const only = (process.env.CLUSTER_ONLY ?? '')
    .split(',')
    .map(Number)
    .filter((n) => n > 0);
  const began = Date.now();
  await provisionIfMissing();
  await provisionTemporalServer();
  const dir = mkdtempSync(join(tmpdir(), 'complaint-cluster-'));
  chmodSync(dir, 0o755); // postgres runs as its own user and must reach its data directory
  const portBase = await testPortBase();
  say(`cluster in ${dir}, ports from ${portBase}, CLUSTER_SCALE=${scale}`);
  const rows: FaultRow[] = [];
  const onSignal = () => {
    killAllManaged();
    rmSync(dir, { recursive: true, force: true });
    process.exit(130);
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);

  // 1. npm run cluster, then Ctrl-C.
  let startedAt = Date.now();
  const first = await npmRunClusterThenCtrlC(dir, portBase, say).catch((err) => ({
    checks: [check('npm run cluster ran', false, String(err?.message ?? err))],
    notes: [] as string[],
    complaintId: undefined,
    auditorKey: undefined,
  }));
  const ctrlCName = 'npm run cluster: up, a filing, Ctrl-C leaves nothing running';

  let t: TestCluster | undefined;
  let ctx: ClusterRowContext | undefined;
  const expected = new Set<string>();
  let keepDir = false;
  try {
    startedAt = Date.now();
    const clusterOptions = {
      dataDir: join(dir, 'cluster'),
      portBase,
      log: (line: string) => say(`  ${line}`),
      appEnv: {
        APPEAL_WINDOW_DAYS: String(APPEAL_WINDOW_SECONDS / 86_400),
        RATE_LIMIT_PER_MINUTE: '10000000',
        LOG_LEVEL: 'warn',
        // The webhook row's receiver listens on loopback, and retries come within seconds.
        WEBHOOK_ALLOW_LOOPBACK: 'true',
        WEBHOOK_RETRY_SECONDS: '1,2,5',
      },
    };
    t = await startTestCluster(clusterOptions);
    say(`cluster started again on the same data in ${Math.round((Date.now() - startedAt) / 1000)} s`);
    if (first.complaintId) {
      expected.add(first.complaintId);
      const read = await fetch(`${t.cluster.apis[1 % t.cluster.apis.length].url}/v1/complaints/${first.complaintId}`, {
        headers: { Authorization: `Bearer ${first.auditorKey}` },
      });
      first.checks.push(
        check(
          'after a restart on the same data the complaint is still there',
          read.status === 200,
          String(read.status),
        ),
      );
    }
    const ok = first.checks.every((c) => c.ok);
    rows.push({
      fault: ctrlCName,
      complaints: first.complaintId ? 1 : 0,
      lost: 0,
      duplicates: 0,
      halfMade: 0,
      result: ok ? 'pass' : 'fail',
      seconds: Math.round((startedAt - began) / 100) / 10,
      checks: first.checks,
      notes: first.notes,
    });

    ctx = {
      t,
      clusterOptions,
      runTag: randomBytes(4).toString('hex'),
      appealWindowSeconds: APPEAL_WINDOW_SECONDS,
      expect: (id) => {
        expected.add(id);
      },
      expected: () => [...expected],
      forget: (id) => {
        expected.delete(id);
      },
      log: (line) => say(`  ${line}`),
      shared: {},
    };
    const all: ClusterRow[] = [
      lifecycleRow,
      cliQueryRow,
      workerKilledRow(scale),
      historyKilledRow(scale),
      postgresOutageRow(scale),
      restoreDrillRow,
      rollingRestartRow,
      webhookReceiverDownRow(scale),
    ];
    for (const [i, row] of all.entries()) {
      if (only.length && !only.includes(i + 2)) continue;
      const rowStarted = Date.now();
      say(`${row.name}`);
      let result: FaultRow;
      try {
        result = await withTimeout(row.run(ctx, rowStarted), row.budgetMs, row.name);
      } catch (err) {
        result = failedRow(row.name, 0, err, rowStarted);
      }
      if (result.result === 'fail') keepDir = true;
      rows.push(result);
      say(
        `${result.result === 'pass' ? 'PASS' : 'FAIL'} ${row.name} (${result.seconds} s): lost ${result.lost}, duplicates ${result.duplicates}, half-made ${result.halfMade}`,
      );
    }
  } catch (err) {
    keepDir = true;
    rows.push(failedRow('the cluster harness', 0, err, startedAt));
  } finally {
    // The restore drill starts the cluster anew: close the one running now.
    await (ctx?.t ?? t)?.close().catch(() => undefined);
    killAllManaged();
  }
  const seconds = Math.round((Date.now() - began) / 1000);
  writeResults(RESULTS_FILE, rows, { scale, startedAt: new Date(began).toISOString(), seconds });
  process.stdout.write(`\n${formatDetails(rows)}\n\n${formatTable(rows)}\n\n`);
  if (keepDir) say(`logs of the failed run kept in ${join(dir, 'cluster', 'logs')}`);
  else rmSync(dir, { recursive: true, force: true });
  const failed = rows.filter((r) => r.result !== 'pass').length;
  say(`cluster: ${rows.length - failed} passed, ${failed} failed in ${seconds} s (rows in ${RESULTS_FILE})`);
  return failed;
}

if (require.main === module) {
  main().then(
    (failed) => process.exit(failed > 0 ? 1 : 0),
    (err) => {
      process.stderr.write(`[cluster-tests] could not run: ${err?.stack ?? err}\n`);
      killAllManaged();
      process.exit(1);
    },
  );
}
