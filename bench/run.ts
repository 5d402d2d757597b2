// npm run bench: the performance figures of SPEC "Quality bars", in one process and one run, on
// each server of BENCH_SERVERS (dev: the Temporal dev server; cluster: npm run cluster's Temporal
// on PostgreSQL with mutual TLS), each with its own PostgreSQL database. BENCH_N (default 2000)
// scales every count down for a quick run; it prints one table, the servers side by side, and
// writes bench/results.json. The phases are bench/phases.ts; their figures bench/figures.ts.
import { writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { Client } from '@temporalio/client';
import { readConfig } from '../platform/config';
import { dataConverterFrom } from '../platform/data-converter';
import { temporalServerProvisioned } from '../platform/provision/temporal-server';
import { connectTemporal, openRegister } from '../platform/services';
import { stopStack } from '../platform/stop-stack';
import { startComplaintStack } from './complaint-stack';
import { figureRows } from './figures';
import {
  baselinePhase,
  decisionPhase,
  filingBeforePhase,
  filingPhase,
  lifecyclePhase,
  listPhase,
  archivePhase,
  openCasesPhase,
  openLoopPhase,
  webhookPhase,
  type PhaseContext,
} from './phases';
import { machine, renderSideBySide, renderTable, verdict, type Row } from './report';
import { readBenchSettings, type BenchSettings } from './settings';
import { startServers, type ServerKind } from './stack';

const say = (line: string) => process.stdout.write(`[bench] ${line}\n`);

interface ServerRun {
  kind: ServerKind;
  rows: Row[];
  report: Record<string, unknown>;
  failed: boolean;
}

/** Runs phases by name, keeping each one's result or, when it fails, its error: one failed phase never stops the others. */
function phaseRecorder(say: (line: string) => void) {
  const results: Record<string, unknown> = {};
  const failures: Record<string, string> = {};
  const phase = async <T>(name: string, run: () => Promise<T>): Promise<T | undefined> => {
    try {
      const value = await run();
      results[name] = value;
      return value;
    } catch (err) {
      failures[name] = (err as Error)?.stack ?? String(err);
      say(`${name} FAILED: ${(err as Error)?.message ?? err}`);
      return undefined;
    }
  };
  return { results, failures, phase };
}

/** Every phase of the bench on one kind of server; the rows of its table and its report. */
async function benchOn(
  kind: ServerKind,
  only: Set<string>,
  settings: BenchSettings,
  say: (line: string) => void,
): Promise<ServerRun> {
  const { N, scale, concurrency, counts, singleBody, workerOptions, workerNodeArgs, mallocArenaMax } = settings;
  const loadBefore = loadavg();
  const servers = await startServers(kind, say);
  const stops = stopStack((err) => say(`while stopping: ${(err as Error)?.message ?? err}`));
  stops.add(() => servers.stop());
  const onSignal = (signal: string) => {
    say(`${signal}: stopping the servers and the worker`);
    void stops.stopAll().then(() => process.exit(130));
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  const { results, failures, phase } = phaseRecorder(say);

  try {
    const db = await openRegister(servers.databaseUrl, stops, { maxConnections: 20, demoBodies: true });
    // The bare engine for (a); the complaint stack with the project's converter (PAYLOAD_KEYS turns
    // on the AES-GCM codec in the worker, which inherits this environment, and here alike).
    const dataConverter = dataConverterFrom(readConfig());
    const complaintClient = await connectTemporal(
      { connectionOptions: servers.connectionOptions, namespace: 'default' },
      dataConverter,
      stops,
    );
    const client = new Client({ connection: complaintClient.connection });

    const baseline = !only.has('a')
      ? undefined
      : await phase('a_baseline', () => baselinePhase({ servers, client, settings, say }));

    const stack = await startComplaintStack({ servers, db, client: complaintClient, only, settings, stops, say });
    const ctx: PhaseContext = { servers, client, complaintClient, stack, settings, say };
    const before =
      !only.has('b') || process.env.BENCH_BEFORE === '0'
        ? undefined
        : await phase('b_filing_before', () => filingBeforePhase(ctx));
    const filing = !only.has('b') ? undefined : await phase('b_filing', () => filingPhase(ctx));
    if (filing) results.b_filing = { ...filing.result, workerRssMiB: stack.worker.memory().rssMiB };
    const openLoop =
      !filing || !only.has('o') || !filing.result.perSecond
        ? undefined
        : await phase('o_open_loop', () => openLoopPhase(ctx, filing.result.perSecond));
    const webhooks = !filing || !only.has('w') ? undefined : await phase('w_webhooks', () => webhookPhase(ctx));
    const decisions =
      !filing || !only.has('c') ? undefined : await phase('c_decision', () => decisionPhase(ctx, filing));
    const lifecycle = !only.has('e') ? undefined : await phase('e_lifecycle', () => lifecyclePhase(ctx));
    const alreadyOpen = filing ? filing.cases.length + counts.warmup + counts.sequentialFilings : 0;
    const open = !only.has('e') ? undefined : await phase('e_open_cases', () => openCasesPhase(ctx, alreadyOpen));
    // Before (d): its seeded cases are closed in the register without a workflow to archive.
    const archive = !only.has('h') ? undefined : await phase('h_archive', () => archivePhase(ctx));
    const list = !only.has('d') ? undefined : await phase('d_list', () => listPhase(ctx));
    stack.api.close();
    stack.shortWindowApi.close();

    const rows = figureRows(
      {
        baseline,
        before,
        filed: filing?.result,
        openLoop,
        decisions,
        lifecycle,
        open,
        list,
        webhooks,
        archive,
        rssIdleMiB: stack.rssIdleMiB,
      },
      counts,
    );
    const shown = rows.filter((r) => only.has(r.figure.slice(1, 2)));
    const report = {
      machine: { loadAverageBefore: loadBefore, loadAverageAfter: loadavg() },
      setup: {
        N,
        scale,
        concurrency,
        counts,
        singleBody,
        only: [...only],
        payloadCodec: dataConverter.payloadCodecs?.length ? 'AES-256-GCM' : 'none',
        workerScript: stack.workerScript,
        workflowBundle: stack.workflowBundle,
        workerOptions: workerOptions ? JSON.parse(workerOptions) : 'defaults of worker/worker.ts',
        workerNodeArgs,
        mallocArenaMax,
        temporal: servers.temporalKind,
        postgres: servers.postgresKind,
      },
      table: shown.map((r) => ({ ...r, verdict: verdict(r) })),
      results,
      failures,
      serverErrors: stack.errorLines.slice(0, 20),
      plans: list ? { ...list.plans, ...list.reads?.plans } : undefined,
    };
    if (stack.errorLines.length) say(`${stack.errorLines.length} server errors; first: ${stack.errorLines[0]}`);
    for (const [name, value] of Object.entries(results)) {
      const errors = (value as { errors?: string; startOnly?: unknown })?.errors;
      if (errors) say(`${name}: requests failed, figures count only the others: ${errors}`);
    }
    return { kind, rows: shown, report, failed: Object.keys(failures).length > 0 };
  } finally {
    await stops.stopAll();
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
}

/** BENCH_SERVERS, else both kinds when the real server is provisioned, else the dev server. */
function serverKinds(): ServerKind[] {
  const raw = process.env.BENCH_SERVERS ?? (temporalServerProvisioned() ? 'dev,cluster' : 'dev');
  const kinds = raw
    .split(',')
    .map((k) => k.trim())
    .filter(Boolean);
  for (const k of kinds)
    if (k !== 'dev' && k !== 'cluster') throw new Error(`BENCH_SERVERS: unknown server ${k} (dev, cluster)`);
  return kinds as ServerKind[];
}

/**
 * Phases per server: BENCH_ONLY for all; otherwise all on the dev server and on the cluster the
 * ones that measure Temporal (a, b, o, c): the list (d) and the worker's memory (e) are the same
 * code against the same PostgreSQL whichever server runs (BENCH_CLUSTER_ONLY to change).
 */
function phasesFor(kind: ServerKind): Set<string> {
  const raw =
    process.env.BENCH_ONLY ?? (kind === 'cluster' ? (process.env.BENCH_CLUSTER_ONLY ?? 'a,b,o,c') : 'a,b,o,c,d,e,w,h');
  return new Set(raw.split(',').map((x) => x.trim()));
}

async function main(): Promise<void> {
  const settings = readBenchSettings();
  const { N, scale, concurrency, counts } = settings;
  const kinds = serverKinds();
  const machineAtStart = machine(); // the commit measured is the one checked out now, not at the end
  say(
    `N=${N} (scale ${scale}), ${concurrency} in flight, servers ${kinds.join(', ')}; counts ${JSON.stringify(counts)}`,
  );
  const runs: ServerRun[] = [];
  for (const kind of kinds) {
    say(`--- ${kind} ---`);
    runs.push(await benchOn(kind, phasesFor(kind), settings, (line) => say(`[${kind}] ${line}`)));
  }
  // One table for CI's check: each server's rows, named by server when there are several.
  const named = (run: ServerRun) =>
    run.rows.map((r) => ({
      ...r,
      figure: kinds.length > 1 ? `[${run.kind}] ${r.figure}` : r.figure,
      verdict: verdict(r),
    }));
  const report = {
    machine: machineAtStart,
    servers: kinds,
    table: runs.flatMap(named),
    byServer: Object.fromEntries(runs.map((r) => [r.kind, r.report])),
    // The first server's figures at the top too, where single-server readers (the Flowable peer's
    // summarise.py) look for them.
    results: runs[0]?.report.results,
  };
  const out = process.env.BENCH_RESULTS ?? join(__dirname, 'results.json');
  writeFileSync(out, `${JSON.stringify(report, null, 2)}\n`);
  process.stdout.write(
    `\n${runs.length > 1 ? renderSideBySide(runs.map((r) => ({ name: r.kind, rows: r.rows }))) : renderTable(runs[0].rows)}\n\n`,
  );
  for (const run of runs) {
    const plans = (run.report as { plans?: Record<string, string> }).plans;
    if (plans)
      for (const [name, plan] of Object.entries(plans))
        process.stdout.write(`-- plan (${run.kind}): ${name}\n${plan}\n\n`);
  }
  say(`results in ${out}`);
  if (runs.some((r) => r.failed)) process.exitCode = 1;
}

main().then(
  () => process.exit(process.exitCode ?? 0),
  (err) => {
    process.stderr.write(`[bench] FAILED: ${err?.stack ?? err}\n`);
    process.exit(1);
  },
);
