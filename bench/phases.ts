// The bench's phases on one server, one function each, in the order bench/run.ts runs them:
// (a) the bare engine, (b) filing (before and now), (o) the open loop, (c) decisions, (e) one
// case's whole life and the worker's memory with many open, (d) the register's list.
import { join } from 'node:path';
import type { Client } from '@temporalio/client';
import { runBaseline, type BaselineResult } from './baseline';
import type { ComplaintStack } from './complaint-stack';
import { runDecisions, runFiling, type DecisionResult, type FiledCase, type FilingResult } from './filing';
import { runLifecycle, runOpenCases, type LifecycleResult, type OpenCasesResult } from './lifecycle';
import { runList, type ListResult } from './list';
import { runOpenLoop, type OpenLoopResult } from './open-loop';
import { runArchive, type ArchiveResult } from './archive';
import { runRegisterReads } from './register-reads';
import { seedCases } from './seed-cases';
import { registerSize } from './disk-size';
import type { BenchSettings } from './settings';
import { startChildWorker, type BenchServers } from './stack';
import { runWebhookBench, type WebhookBenchResult } from './webhooks';

/** What every phase may use: the servers, the clients, the complaint side, the settings. */
export interface PhaseContext {
  servers: BenchServers;
  /** The bare client (no data converter), for the engine alone. */
  client: Client;
  /** The client with the project's data converter, as the API's. */
  complaintClient: Client;
  stack: ComplaintStack;
  settings: BenchSettings;
  say: (line: string) => void;
}

export interface FilingPhaseResult {
  result: FilingResult;
  cases: FiledCase[];
}

/** (a) The bare engine: a trivial workflow on its own worker, before the complaint worker starts. */
export function baselinePhase(ctx: Omit<PhaseContext, 'stack' | 'complaintClient'>): Promise<BaselineResult> {
  const { servers, settings } = ctx;
  return runBaseline({
    client: ctx.client,
    workerEnv: servers.workerEnv,
    workDir: servers.workDir,
    n: settings.counts.baseline,
    concurrency: settings.concurrency,
    warmup: settings.counts.warmup,
    cores: settings.cores,
    say: ctx.say,
  });
}

/**
 * (b) before: the filing as it was before one Temporal call per filing (bench/before/), with a
 * worker that registers as before, in the same run.
 */
export async function filingBeforePhase(ctx: PhaseContext): Promise<FilingResult> {
  const { servers, stack, settings, say } = ctx;
  const queue = `${stack.taskQueue}-before`;
  say('(b) before: starting the worker and the API as they filed before the one-call filing (bench/before/)');
  const beforeWorker = await startChildWorker(
    'bench/before/worker.ts',
    {
      ...servers.workerEnv,
      DATABASE_URL: servers.databaseUrl,
      TEMPORAL_TASK_QUEUE: queue,
      DATA_DIR: servers.workDir,
      WORKFLOW_BUNDLE_PATH: stack.workflowBundle,
      MALLOC_ARENA_MAX: settings.mallocArenaMax,
    },
    join(servers.workDir, 'worker-before.log'),
    settings.workerNodeArgs,
  );
  const beforeApi = await stack.startApiProcess('bench/before/api.ts', queue, 'api-before');
  try {
    const { result } = await runFiling({
      api: beforeApi.client,
      intakeKey: stack.keys.intake,
      n: settings.counts.filing,
      concurrency: settings.concurrency,
      warmup: settings.counts.warmup,
      singleBody: settings.singleBody,
      sequential: settings.counts.sequentialFilings,
      workerPid: beforeWorker.pid,
      apiPid: beforeApi.pid,
      cores: settings.cores,
      say,
      label: 'before',
    });
    return result;
  } finally {
    await beforeApi.stop();
    await beforeWorker.stop();
  }
}

/** (b) POST /v1/complaints against the API process, N filings with `concurrency` in flight, then one at a time. */
export function filingPhase(ctx: PhaseContext): Promise<FilingPhaseResult> {
  const { stack, settings } = ctx;
  return runFiling({
    api: stack.apiProcess!.client,
    apiPid: stack.apiProcess!.pid,
    intakeKey: stack.keys.intake,
    n: settings.counts.filing,
    concurrency: settings.concurrency,
    warmup: settings.counts.warmup,
    singleBody: settings.singleBody,
    sequential: settings.counts.sequentialFilings,
    workerPid: stack.worker.pid,
    cores: settings.cores,
    say: ctx.say,
  });
}

/** (w) (b)'s filings again with one webhook subscriber: throughput against (b), and delivery lag. */
export function webhookPhase(ctx: PhaseContext): Promise<WebhookBenchResult> {
  const { stack, settings } = ctx;
  return runWebhookBench({
    db: stack.db,
    api: stack.apiProcess!.client,
    apiPid: stack.apiProcess!.pid,
    intakeKey: stack.keys.intake,
    intakeKeyId: stack.keyIds.intake,
    n: settings.counts.filing,
    concurrency: settings.concurrency,
    warmup: settings.counts.warmup,
    singleBody: settings.singleBody,
    workerPid: stack.worker.pid,
    cores: settings.cores,
    say: ctx.say,
  });
}

/** (o) Arrivals at half the filing throughput just measured on this server. */
export function openLoopPhase(ctx: PhaseContext, filingPerSecond: number): Promise<OpenLoopResult> {
  return runOpenLoop({
    api: ctx.stack.apiProcess!.client,
    intakeKey: ctx.stack.keys.intake,
    perSecond: filingPerSecond / 2,
    n: ctx.settings.counts.openLoop,
    singleBody: ctx.settings.singleBody,
    say: ctx.say,
  });
}

/** (c) Decisions on cases filed in (b), each by its body's official. */
export function decisionPhase(ctx: PhaseContext, filed: FilingPhaseResult): Promise<DecisionResult> {
  return runDecisions({
    api: ctx.stack.api,
    officialKeys: ctx.stack.officialKeys,
    cases: filed.cases.slice(0, ctx.settings.counts.decisions),
    concurrency: ctx.settings.counts.decisionConcurrency,
    say: ctx.say,
  });
}

/** (e) One case through its whole life on the API whose appeal window is seconds. */
export function lifecyclePhase(ctx: PhaseContext): Promise<LifecycleResult> {
  const { stack } = ctx;
  return runLifecycle({
    api: stack.shortWindowApi,
    client: ctx.complaintClient,
    keys: stack.keys,
    appealWindowSeconds: stack.appealWindowSeconds,
    say: ctx.say,
  });
}

/** (e) The worker's memory with `counts.openCases` cases open (those filed before count). */
export function openCasesPhase(ctx: PhaseContext, alreadyOpen: number): Promise<OpenCasesResult> {
  const { stack, settings } = ctx;
  return runOpenCases({
    client: ctx.complaintClient,
    taskQueue: stack.taskQueue,
    worker: stack.worker,
    rssIdleMiB: stack.rssIdleMiB,
    alreadyOpen,
    target: settings.counts.openCases,
    concurrency: settings.concurrency,
    settleMs: settings.openCasesSettleMs,
    cores: settings.cores,
    say: ctx.say,
    temporalStoreBytes: () => ctx.servers.temporalStoreBytes(),
    api: stack.api,
    intakeKey: stack.keys.intake,
    officialKeys: stack.officialKeys,
    oneAtATime: Math.min(20, Math.max(3, Math.round(settings.counts.openCases / 100))),
  });
}

/** (d) GET /v1/complaints over `counts.listRows` seeded cases. */
export async function listPhase(ctx: PhaseContext): Promise<ListResult> {
  const { servers, stack, settings, say } = ctx;
  say(`(d) seeding ${settings.counts.listRows} cases with INSERT … SELECT generate_series`);
  const t0 = Date.now();
  await seedCases(servers.databaseUrl, settings.counts.listRows, stack.keyIds.intake);
  say(`(d) seeded in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  const register = await registerSize(servers.databaseUrl);
  say(`(d) register: ${register.cases} cases, ${register.bytesPerCase} bytes on disk per case`);
  const list = await runList({
    register,
    api: stack.api,
    keys: stack.keys,
    rows: settings.counts.listRows,
    requestsPerQuery: settings.counts.listRequestsPerQuery,
    explainUrl: process.env.BENCH_EXPLAIN ? servers.databaseUrl : undefined,
    workerPid: stack.worker.pid,
    cores: settings.cores,
    say,
  });
  const reads = await runRegisterReads({
    api: stack.api,
    keys: stack.keys,
    officialKeys: stack.officialKeys,
    runs: Math.max(5, Math.round(settings.counts.listRequestsPerQuery / 5)),
    explainUrl: process.env.BENCH_EXPLAIN ? servers.databaseUrl : undefined,
    say,
  });
  return { ...list, reads };
}

/** (h) The archiver's walk over `counts.archiveCases` cases closed through the short-window API. */
export function archivePhase(ctx: PhaseContext): Promise<ArchiveResult> {
  const { stack, settings, servers } = ctx;
  return runArchive({
    api: stack.shortWindowApi,
    intakeKey: stack.keys.intake,
    officialKeys: stack.officialKeys,
    db: stack.db,
    client: ctx.complaintClient,
    databaseUrl: servers.databaseUrl,
    cases: settings.counts.archiveCases,
    concurrency: settings.concurrency,
    appealWindowSeconds: stack.appealWindowSeconds,
    say: ctx.say,
  });
}
