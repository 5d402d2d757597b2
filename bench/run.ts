// npm run bench: the performance figures of SPEC "Quality bars", in one process and one run, on
// each server of BENCH_SERVERS (dev: the Temporal dev server; cluster: npm run cluster's Temporal
// on PostgreSQL with mutual TLS), each with its own PostgreSQL database. BENCH_N (default 2000)
// scales every count down for a quick run; it prints one table, the servers side by side, and
// writes bench/results.json.
import { existsSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { availableParallelism, loadavg } from 'node:os';
import { join } from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { createApp } from '../api/app';
import { createApiKey, type Role } from '../db/api-keys';
import { headOf, listBodies } from '../db/bodies';
import { createDb } from '../db/database';
import { migrateToLatest } from '../db/migrate';
import { seedCalendar, seedDemoBodies } from '../db/seed';
import { readConfig } from '../platform/config';
import { dataConverterFrom } from '../platform/data-converter';
import { registerSearchAttributes } from '../platform/search-attribute-setup';
import { runBaseline, type BaselineResult } from './baseline';
import { runDecisions, runFiling, type DecisionResult, type FilingResult } from './filing';
import { apiClient } from './http';
import { runLifecycle, runOpenCases, type LifecycleResult, type OpenCasesResult } from './lifecycle';
import { runList, type ListResult } from './list';
import { machine, renderSideBySide, renderTable, verdict, type Row } from './report';
import { temporalServerProvisioned } from '../platform/provision/temporal-server';
import { seedCases } from './seed-cases';
import { registerSize, temporalFileBytes } from './disk-size';
import { runOpenLoop, type OpenLoopResult } from './open-loop';
import { startChildWorker, startServers, type ServerKind } from './stack';
import { sleep } from './stats';

const say = (line: string) => process.stdout.write(`[bench] ${line}\n`);
const env = (name: string, fallback: number) => (process.env[name] ? Number(process.env[name]) : fallback);

interface Settings {
  N: number;
  scale: number;
  concurrency: number;
  counts: Record<string, number>;
  singleBody: boolean;
  workerOptions?: string;
  workerNodeArgs: string[];
  mallocArenaMax: string;
  cores: number;
}

interface ServerRun {
  kind: ServerKind;
  rows: Row[];
  report: Record<string, unknown>;
  failed: boolean;
}

/** Every phase of the bench on one kind of server; the rows of its table and its report. */
async function benchOn(
  kind: ServerKind,
  only: Set<string>,
  settings: Settings,
  say: (line: string) => void,
): Promise<ServerRun> {
  const { N, scale, concurrency, counts, singleBody, workerOptions, workerNodeArgs, mallocArenaMax, cores } = settings;
  const loadBefore = loadavg();
  const servers = await startServers(kind, say);
  const cleanups: Array<() => Promise<unknown>> = [() => servers.stop()];
  const cleanUp = async () => {
    for (const cleanup of cleanups.splice(0))
      await cleanup().catch((err) => say(`while stopping: ${err?.message ?? err}`));
  };
  const onSignal = (signal: string) => {
    say(`${signal}: stopping the servers and the worker`);
    void cleanUp().then(() => process.exit(130));
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
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

  try {
    const db = createDb(servers.databaseUrl, 20);
    cleanups.unshift(() => db.destroy());
    await migrateToLatest(db);
    await seedCalendar(db);
    await seedDemoBodies(db);
    const connection = await Connection.connect(servers.connectionOptions);
    cleanups.unshift(() => connection.close());
    await registerSearchAttributes(connection, 'default');
    // The bare engine for (a); the complaint stack with the project's converter (PAYLOAD_KEYS turns
    // on the AES-GCM codec in the worker, which inherits this environment, and here alike).
    const client = new Client({ connection });
    const dataConverter = dataConverterFrom(readConfig());
    const complaintClient = new Client({ connection, dataConverter });

    const baseline = !only.has('a')
      ? undefined
      : await phase<BaselineResult>('a_baseline', () =>
          runBaseline({
            client,
            workerEnv: servers.workerEnv,
            workDir: servers.workDir,
            n: counts.baseline,
            concurrency,
            warmup: counts.warmup,
            cores,
            say,
          }),
        );

    // The complaint worker as its own process, as the Dockerfile runs it: the output of `npm run
    // build` (compiled worker/main.ts and the prebuilt workflow bundle). BENCH_WORKER_OPTIONS runs
    // bench/complaint-worker.ts instead, to try Worker options; BENCH_WORKER_SCRIPT any entry point.
    const taskQueue = `bench-complaints-${Date.now()}`;
    const workerScript =
      process.env.BENCH_WORKER_SCRIPT ?? (workerOptions ? 'bench/complaint-worker.ts' : 'dist/worker/main.js');
    const workflowBundle = process.env.WORKFLOW_BUNDLE_PATH ?? 'dist/workflow-bundle.js';
    for (const built of [workerScript, workflowBundle]) {
      if (!existsSync(built))
        throw new Error(`${built} is missing: run \`npm run build\` first (\`npm run bench\` does)`);
    }
    say(
      `starting the complaint worker (${workerScript}, ${workflowBundle} ${workerOptions ?? ''} ${workerNodeArgs.join(' ')})`,
    );
    const worker = await startChildWorker(
      workerScript,
      {
        ...servers.workerEnv,
        DATABASE_URL: servers.databaseUrl,
        TEMPORAL_TASK_QUEUE: taskQueue,
        DATA_DIR: servers.workDir,
        WORKFLOW_BUNDLE_PATH: workflowBundle,
        MALLOC_ARENA_MAX: mallocArenaMax,
        ...(workerOptions ? { BENCH_WORKER_OPTIONS: workerOptions } : {}),
      },
      join(servers.workDir, 'complaint-worker.log'),
      workerNodeArgs,
    );
    cleanups.unshift(() => worker.stop());
    await sleep(2000);
    const rssIdleMiB = worker.memory().rssMiB;

    const errorLines: string[] = [];
    const log = (line: Record<string, unknown>) => {
      if (Number(line.status) >= 500 || line.level === 'error') errorLines.push(JSON.stringify(line));
    };
    const listen = async (appealWindowDays: number) => {
      // No per-key rate limit: one intake key files all N complaints, and the limit is not what is measured.
      const app = createApp({
        db,
        client: complaintClient,
        taskQueue,
        appealWindowDays,
        log,
        rateLimitPerMinute: Number.MAX_SAFE_INTEGER,
      });
      const server: Server = await new Promise((ok) => {
        const s = app.listen(0, '127.0.0.1', () => ok(s));
      });
      cleanups.unshift(() => new Promise((ok) => server.close(ok)));
      return apiClient(`http://127.0.0.1:${(server.address() as { port: number }).port}`, concurrency * 2);
    };
    const api = await listen(30);
    // The API as its own process for (b) and (o), as it runs in production (dist/api/main.js), so
    // its CPU is counted apart from the load generator's; `before` is the filing as it was before
    // one Temporal call per filing (bench/before/), with a worker that registers as before, in the same run.
    const startApi = async (script: string, queue: string, label: string) => {
      const port = await freePort();
      const child = await startChildWorker(
        script,
        {
          ...servers.workerEnv,
          DATABASE_URL: servers.databaseUrl,
          TEMPORAL_TASK_QUEUE: queue,
          PORT: String(port),
          APPEAL_WINDOW_DAYS: '30',
          RATE_LIMIT_PER_MINUTE: String(1_000_000_000),
          MALLOC_ARENA_MAX: mallocArenaMax,
        },
        join(servers.workDir, `${label}.log`),
        (process.env.BENCH_API_NODE_ARGS ?? '').split(/\s+/).filter(Boolean),
        '[api] listening',
      );
      const client = apiClient(`http://127.0.0.1:${port}`, concurrency * 2);
      const stop = async () => {
        client.close();
        await child.stop();
      };
      cleanups.unshift(stop);
      return { client, pid: child.pid, stop };
    };
    const apiProcess =
      only.has('b') || only.has('o') ? await startApi('dist/api/main.js', taskQueue, 'api') : undefined;
    const appealWindowSeconds = 3;
    const shortWindowApi = await listen(appealWindowSeconds / 86_400);

    const keys: Record<string, string> = {};
    for (const role of ['intake', 'portal', 'auditor'] as Role[])
      keys[role] = (await createApiKey(db, role, null, 'bench')).key;
    for (const body of await listBodies(db))
      keys[`official:${body.id}`] = (await createApiKey(db, 'official', body.id, 'bench', headOf(body))).key;
    const officialKeys = Object.fromEntries(
      Object.entries(keys)
        .filter(([k]) => k.startsWith('official:'))
        .map(([k, v]) => [k.slice(9), v]),
    );

    const before =
      !only.has('b') || process.env.BENCH_BEFORE === '0'
        ? undefined
        : await phase<FilingResult>('b_filing_before', async () => {
            const queue = `${taskQueue}-before`;
            say('(b) before: starting the worker and the API as they filed before the one-call filing (bench/before/)');
            const beforeWorker = await startChildWorker(
              'bench/before/worker.ts',
              {
                ...servers.workerEnv,
                DATABASE_URL: servers.databaseUrl,
                TEMPORAL_TASK_QUEUE: queue,
                DATA_DIR: servers.workDir,
                WORKFLOW_BUNDLE_PATH: workflowBundle,
                MALLOC_ARENA_MAX: mallocArenaMax,
              },
              join(servers.workDir, 'worker-before.log'),
              workerNodeArgs,
            );
            const beforeApi = await startApi('bench/before/api.ts', queue, 'api-before');
            try {
              const { result } = await runFiling({
                api: beforeApi.client,
                intakeKey: keys.intake,
                n: counts.filing,
                concurrency,
                warmup: counts.warmup,
                singleBody,
                sequential: counts.sequentialFilings,
                workerPid: beforeWorker.pid,
                apiPid: beforeApi.pid,
                cores,
                say,
                label: 'before',
              });
              return result;
            } finally {
              await beforeApi.stop();
              await beforeWorker.stop();
            }
          });

    const filing = !only.has('b')
      ? undefined
      : await phase<{ result: FilingResult; cases: { id: string; bodyId: string }[] }>('b_filing', () =>
          runFiling({
            api: apiProcess!.client,
            apiPid: apiProcess!.pid,
            intakeKey: keys.intake,
            n: counts.filing,
            concurrency,
            warmup: counts.warmup,
            singleBody,
            sequential: counts.sequentialFilings,
            workerPid: worker.pid,
            cores,
            say,
          }),
        );
    if (filing) results.b_filing = { ...filing.result, workerRssMiB: worker.memory().rssMiB };

    // (o) at half the filing throughput just measured on this server.
    const openLoop =
      !filing || !only.has('o') || !filing.result.perSecond
        ? undefined
        : await phase<OpenLoopResult>('o_open_loop', () =>
            runOpenLoop({
              api: apiProcess!.client,
              intakeKey: keys.intake,
              perSecond: filing.result.perSecond / 2,
              n: counts.openLoop,
              singleBody,
              say,
            }),
          );

    const decisions =
      !filing || !only.has('c')
        ? undefined
        : await phase<DecisionResult>('c_decision', () =>
            runDecisions({
              api,
              officialKeys,
              cases: filing.cases.slice(0, counts.decisions),
              concurrency: counts.decisionConcurrency,
              say,
            }),
          );
    const lifecycle = !only.has('e')
      ? undefined
      : await phase<LifecycleResult>('e_lifecycle', () =>
          runLifecycle({ api: shortWindowApi, client: complaintClient, keys, appealWindowSeconds, say }),
        );
    const alreadyOpen = filing ? filing.cases.length + counts.warmup + counts.sequentialFilings : 0;
    const open = !only.has('e')
      ? undefined
      : await phase<OpenCasesResult>('e_open_cases', () =>
          runOpenCases({
            client: complaintClient,
            taskQueue,
            worker,
            rssIdleMiB,
            alreadyOpen,
            target: counts.openCases,
            concurrency,
            settleMs: 15_000,
            cores,
            say,
            temporalDbBytes: () => temporalFileBytes(servers.workDir),
          }),
        );

    const list = !only.has('d')
      ? undefined
      : await phase<ListResult>('d_list', async () => {
          say(`(d) seeding ${counts.listRows} cases with INSERT … SELECT generate_series`);
          const t0 = Date.now();
          await seedCases(servers.databaseUrl, counts.listRows);
          say(`(d) seeded in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
          const register = await registerSize(servers.databaseUrl);
          say(`(d) register: ${register.cases} cases, ${register.bytesPerCase} bytes on disk per case`);
          return runList({
            register,
            api,
            keys,
            rows: counts.listRows,
            requestsPerQuery: counts.listRequestsPerQuery,
            explainUrl: process.env.BENCH_EXPLAIN ? servers.databaseUrl : undefined,
            workerPid: worker.pid,
            cores,
            say,
          });
        });
    api.close();
    shortWindowApi.close();

    const ratio = (a?: number, b?: number) => (a && b ? Math.round((a / b) * 100) / 100 : undefined);
    const filed = filing?.result;
    // CPU of this run's own processes (server, database, worker, API and load) per operation: on a
    // shared machine, the ratio of these is the (b)/(a) the machine would give the bench alone.
    const ours = (cpu?: { msPerOperation: Record<string, number> }) =>
      cpu ? Math.round((cpu.msPerOperation.machineBusy - cpu.msPerOperation.other) * 10) / 10 : undefined;
    const ownCpu = (cpu?: { msPerOperation: Record<string, number> }) =>
      cpu
        ? Math.round((cpu.msPerOperation.api + cpu.msPerOperation.worker + cpu.msPerOperation.postgres) * 10) / 10
        : undefined;
    const cpuA = ours(baseline?.startAndComplete.cpu);
    const cpuB = ours(filed?.cpu);
    const rows: Row[] = [
      {
        figure: '(a) baseline start+complete, 32 in flight',
        value: baseline?.startAndComplete.perSecond,
        unit: 'wf/s',
      },
      { figure: '(a) baseline start-only loop: starts', value: baseline?.startOnly.startsPerSecond, unit: 'wf/s' },
      {
        figure: '(a) baseline start-only loop: all completed',
        value: baseline?.startOnly.completedPerSecond,
        unit: 'wf/s',
      },
      { figure: '(b) POST /v1/complaints throughput', value: filed?.perSecond, unit: '/s' },
      {
        figure: '(b)/(a) vs start+complete',
        value: ratio(filed?.perSecond, baseline?.startAndComplete.perSecond),
        unit: '',
        target: { bound: 'min', value: 0.8 },
      },
      // Starting alone waits for nothing; a filing waits for its registration: information only.
      {
        figure: '(b)/(a) vs start-only starts',
        value: ratio(filed?.perSecond, baseline?.startOnly.startsPerSecond),
        unit: '',
      },
      { figure: "(a) CPU per workflow, this run's processes", value: cpuA, unit: 'ms' },
      { figure: '(a) CPU per workflow: baseline worker', value: baseline?.workerCpuMsPerWorkflow, unit: 'ms' },
      {
        figure: '(b) CPU per filing: API + worker + PostgreSQL over (a) baseline worker',
        value: ratio(ownCpu(filed?.cpu), baseline?.workerCpuMsPerWorkflow),
        unit: '',
        target: { bound: 'max', value: 2 },
      },
      { figure: "(b) CPU per filing, this run's processes", value: cpuB, unit: 'ms' },
      { figure: '(b)/(a) by CPU cost (machine to itself)', value: ratio(cpuA, cpuB), unit: '' },
      // The filing's own processes (API, worker, PostgreSQL), and the Temporal server
      // apart, before (bench/before/) and after, in this same run.
      { figure: '(b) CPU per filing: API + worker + PostgreSQL, before', value: ownCpu(before?.cpu), unit: 'ms' },
      { figure: '(b) CPU per filing: API + worker + PostgreSQL', value: ownCpu(filed?.cpu), unit: 'ms' },
      ...(['api', 'worker', 'postgres', 'temporal'] as const).flatMap((part) => [
        { figure: `(b) CPU per filing: ${part}, before`, value: before?.cpu.msPerOperation[part], unit: 'ms' },
        { figure: `(b) CPU per filing: ${part}`, value: filed?.cpu.msPerOperation[part], unit: 'ms' },
      ]),
      { figure: '(b) POST p50, one at a time, before', value: before?.sequential.latencyMs.p50, unit: 'ms' },
      { figure: '(b) other work on the machine, per filing', value: filed?.cpu.msPerOperation.other, unit: 'ms' },
      // The bare engine's own latency with 32 in flight: the floor under (b)'s.
      { figure: '(a) baseline start p99, 32 in flight', value: baseline?.startOnly.startLatencyMs.p99, unit: 'ms' },
      {
        figure: '(a) baseline start+complete p99, 32 in flight',
        value: baseline?.startAndComplete.latencyMs.p99,
        unit: 'ms',
      },
      { figure: '(b) POST p50, 32 in flight', value: filed?.latencyMs.p50, unit: 'ms' },
      { figure: '(b) POST p95, 32 in flight', value: filed?.latencyMs.p95, unit: 'ms' },
      {
        figure: '(b) POST p99, 32 in flight',
        value: filed?.latencyMs.p99,
        unit: 'ms',
        target: { bound: 'max', value: 150 },
      },
      { figure: '(o) open loop: arrivals/s (half of (b))', value: openLoop?.targetPerSecond, unit: '/s' },
      { figure: '(o) open loop: POST p50', value: openLoop?.latencyMs.p50, unit: 'ms' },
      {
        figure: '(o) open loop: POST p99',
        value: openLoop?.latencyMs.p99,
        unit: 'ms',
        target: { bound: 'max', value: 150 },
      },
      { figure: '(b) POST p50, one at a time', value: filed?.sequential.latencyMs.p50, unit: 'ms' },
      {
        figure: '(b) POST p99, one at a time',
        value: filed?.sequential.latencyMs.p99,
        unit: 'ms',
        target: { bound: 'max', value: 150 },
      },
      { figure: '(c) decision round trip p50', value: decisions?.roundTripMs.p50, unit: 'ms' },
      { figure: '(c) decision round trip p99', value: decisions?.roundTripMs.p99, unit: 'ms' },
      { figure: '(c) decision until GET shows decided p50', value: decisions?.visibleMs.p50, unit: 'ms' },
      { figure: '(c) decision until GET shows decided p99', value: decisions?.visibleMs.p99, unit: 'ms' },
      { figure: `(d) GET /v1/complaints p50 (${counts.listRows} cases)`, value: list?.all.p50, unit: 'ms' },
      {
        figure: `(d) GET /v1/complaints p99 (${counts.listRows} cases)`,
        value: list?.all.p99,
        unit: 'ms',
        target: { bound: 'max', value: 20 },
      },
      { figure: '(d) register on disk per case (whole database)', value: list?.register?.bytesPerCase, unit: 'B' },
      ...Object.entries(list?.byQuery ?? {}).map(([name, s]) => ({
        figure: `(d)   p99 ${name}`,
        value: s.p99,
        unit: 'ms',
      })),
      {
        figure: '(e) events in a full-lifecycle history',
        value: lifecycle?.events,
        unit: '',
        target: { bound: 'max', value: 60 },
      },
      { figure: '(e) events after the last decision', value: lifecycle?.eventsAfterLastDecision, unit: '' },
      {
        figure: `(e) worker RSS, ${open?.openCases ?? counts.openCases} open cases (settled)`,
        value: open?.rssSettledMiB,
        unit: 'MiB',
        target: { bound: 'max', value: 300 },
      },
      { figure: '(e) worker RSS peak (VmHWM)', value: open?.peakMiB, unit: 'MiB' },
      { figure: '(e) Temporal database growth per open case', value: open?.temporalBytesPerOpenCase, unit: 'B' },
      { figure: '(e) worker RSS idle at start', value: rssIdleMiB, unit: 'MiB' },
    ];
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
        workerScript,
        workflowBundle,
        workerOptions: workerOptions ? JSON.parse(workerOptions) : 'defaults of worker/worker.ts',
        workerNodeArgs,
        mallocArenaMax,
        temporal: servers.temporalKind,
        postgres: servers.postgresKind,
      },
      table: shown.map((r) => ({ ...r, verdict: verdict(r) })),
      results,
      failures,
      serverErrors: errorLines.slice(0, 20),
      plans: list?.plans,
    };
    if (errorLines.length) say(`${errorLines.length} server errors; first: ${errorLines[0]}`);
    for (const [name, value] of Object.entries(results)) {
      const errors = (value as { errors?: string; startOnly?: unknown })?.errors;
      if (errors) say(`${name}: requests failed, figures count only the others: ${errors}`);
    }
    return { kind, rows: shown, report, failed: Object.keys(failures).length > 0 };
  } finally {
    await cleanUp();
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
}

/** A port nothing listens on now, for a child API. */
function freePort(): Promise<number> {
  return new Promise((ok, fail) => {
    const probe = createServer();
    probe.on('error', fail);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => ok(port));
    });
  });
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
    process.env.BENCH_ONLY ?? (kind === 'cluster' ? (process.env.BENCH_CLUSTER_ONLY ?? 'a,b,o,c') : 'a,b,o,c,d,e');
  return new Set(raw.split(',').map((x) => x.trim()));
}

async function main(): Promise<void> {
  const N = env('BENCH_N', 2000);
  const scale = N / 2000;
  const concurrency = env('BENCH_CONCURRENCY', 32);
  const counts = {
    baseline: N,
    filing: N,
    warmup: Math.min(64, Math.max(8, Math.round(N / 20))),
    decisions: Math.max(10, Math.round(200 * scale)),
    listRows: env('BENCH_LIST_CASES', Math.round(100_000 * scale)),
    listRequestsPerQuery: Math.max(20, Math.round(100 * Math.min(1, scale * 4))),
    openCases: env('BENCH_OPEN_CASES', Math.round(10_000 * scale)),
    sequentialFilings: Math.max(20, Math.round(N / 20)),
    decisionConcurrency: env('BENCH_DECISION_CONCURRENCY', 8),
    openLoop: Math.max(20, Math.round(N / 4)),
  };
  const settings: Settings = {
    N,
    scale,
    concurrency,
    counts,
    singleBody: process.env.BENCH_SINGLE_BODY === '1',
    workerOptions: process.env.BENCH_WORKER_OPTIONS,
    // The worker's memory settings of the Dockerfile (NODE_OPTIONS, MALLOC_ARENA_MAX) unless given.
    workerNodeArgs: (process.env.BENCH_WORKER_NODE_ARGS ?? '--max-semi-space-size=4').split(/\s+/).filter(Boolean),
    mallocArenaMax: process.env.MALLOC_ARENA_MAX ?? '2',
    cores: availableParallelism(),
  };
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
