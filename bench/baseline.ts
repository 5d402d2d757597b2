// (a) The engine's limit: a bare client.workflow.start of a trivial workflow with one trivial
// activity, 32 in flight, with its own worker (a child process) on its own task queue.
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import type { Client, WorkflowHandle } from '@temporalio/client';
import type { baselineWorkflow } from './baseline-workflow';
import { cpuReport, cpuSnapshot, type CpuReport } from './cpu';
import { startChildWorker } from './stack';
import { firstError, now, runConcurrently, summarise, type LatencySummary } from './stats';

export interface BaselineResult {
  n: number;
  concurrency: number;
  /** Start-only loop: starts per second, and per second until every one of them completed. */
  startOnly: { startsPerSecond: number; completedPerSecond: number; startLatencyMs: LatencySummary; cpu: CpuReport };
  /** Start and wait for the result in each of the 32 lanes: workflows started+completed per second. */
  startAndComplete: { perSecond: number; latencyMs: LatencySummary; cpu: CpuReport };
  workerRssMiB: number;
  /**
   * The bare worker's own CPU per workflow (start+complete loop): what the TypeScript SDK's worker
   * costs with nothing of ours in it, the floor our worker, API and PostgreSQL are measured against.
   */
  workerCpuMsPerWorkflow: number;
  errors?: string;
}

export async function runBaseline(opts: {
  client: Client;
  workerEnv: Record<string, string>;
  workDir: string;
  n: number;
  concurrency: number;
  warmup: number;
  cores: number;
  say: (l: string) => void;
}): Promise<BaselineResult> {
  const { client, n, concurrency, say } = opts;
  const taskQueue = `bench-baseline-${randomUUID()}`;
  const worker = await startChildWorker(
    'bench/baseline-worker.ts',
    { ...opts.workerEnv, TEMPORAL_TASK_QUEUE: taskQueue },
    join(opts.workDir, 'baseline-worker.log'),
  );
  try {
    const start = (i: number, phase: string) =>
      client.workflow.start<typeof baselineWorkflow>('baselineWorkflow', {
        taskQueue,
        workflowId: `baseline-${phase}-${i}-${randomUUID()}`,
        args: [`${phase}-${i}`],
      });
    say(`(a) warm-up: ${opts.warmup} workflows`);
    await runConcurrently(opts.warmup, concurrency, (i) => start(i, 'warmup').then((h) => h.result()));

    say(`(a) start-only loop: ${n} workflows, ${concurrency} in flight`);
    const cpu0 = cpuSnapshot([worker.pid]);
    const t0 = now();
    const started = await runConcurrently<WorkflowHandle>(n, concurrency, (i) => start(i, 'start'));
    await Promise.all(started.results.filter(Boolean).map((h) => h.result()));
    const allDone = now() - t0;
    const cpu1 = cpuSnapshot([worker.pid]);

    say(`(a) start+complete loop: ${n} workflows, ${concurrency} in flight`);
    const executed = await runConcurrently(n, concurrency, (i) => start(i, 'exec').then((h) => h.result()));
    const cpu2 = cpuSnapshot([worker.pid]);

    const errors = [...started.errors, ...executed.errors];
    const startAndCompleteCpu = cpuReport(cpu1, cpu2, executed.latencies.length, opts.cores);
    return {
      n,
      concurrency,
      startOnly: {
        startsPerSecond: rate(started.latencies.length, started.elapsedMs),
        completedPerSecond: rate(started.latencies.length, allDone),
        startLatencyMs: summarise(started.latencies),
        cpu: cpuReport(cpu0, cpu1, started.latencies.length, opts.cores),
      },
      startAndComplete: {
        perSecond: rate(executed.latencies.length, executed.elapsedMs),
        latencyMs: summarise(executed.latencies),
        cpu: startAndCompleteCpu,
      },
      workerRssMiB: worker.memory().rssMiB,
      workerCpuMsPerWorkflow: startAndCompleteCpu.msPerOperation.worker,
      ...(errors.length ? { errors: firstError(errors) } : {}),
    };
  } finally {
    await worker.stop();
  }
}

export const rate = (count: number, ms: number) => Math.round((count / (ms / 1000)) * 10) / 10;
