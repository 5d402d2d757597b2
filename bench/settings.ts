// What one `npm run bench` measures and how much of it, read once from the environment: BENCH_N
// (default 2000) scales every count down for a quick run.
import { availableParallelism } from 'node:os';

const env = (name: string, fallback: number) => (process.env[name] ? Number(process.env[name]) : fallback);

export interface BenchSettings {
  N: number;
  scale: number;
  concurrency: number;
  counts: BenchCounts;
  singleBody: boolean;
  workerOptions?: string;
  workerNodeArgs: string[];
  mallocArenaMax: string;
  cores: number;
  /** How long (e) waits after filing before it reads the worker's settled memory (BENCH_SETTLE_S). */
  openCasesSettleMs: number;
}

export interface BenchCounts {
  baseline: number;
  filing: number;
  warmup: number;
  decisions: number;
  listRows: number;
  listRequestsPerQuery: number;
  openCases: number;
  /** Closed cases the archive phase (h) walks. */
  archiveCases: number;
  sequentialFilings: number;
  decisionConcurrency: number;
  openLoop: number;
}

export function readBenchSettings(): BenchSettings {
  const N = env('BENCH_N', 2000);
  const scale = N / 2000;
  const concurrency = env('BENCH_CONCURRENCY', 32);
  const counts: BenchCounts = {
    baseline: N,
    filing: N,
    warmup: Math.min(64, Math.max(8, Math.round(N / 20))),
    decisions: Math.max(10, Math.round(200 * scale)),
    listRows: env('BENCH_LIST_CASES', Math.round(100_000 * scale)),
    // BENCH_LIST_REQUESTS: requests per filter set; with more, a set's p99 is not one outlier.
    listRequestsPerQuery: env('BENCH_LIST_REQUESTS', Math.max(20, Math.round(100 * Math.min(1, scale * 4)))),
    openCases: env('BENCH_OPEN_CASES', Math.round(10_000 * scale)),
    archiveCases: env('BENCH_ARCHIVE_CASES', Math.max(10, Math.round(2_000 * scale))),
    sequentialFilings: Math.max(20, Math.round(N / 20)),
    decisionConcurrency: env('BENCH_DECISION_CONCURRENCY', 8),
    openLoop: Math.max(20, Math.round(N / 4)),
  };
  return {
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
    openCasesSettleMs: env('BENCH_SETTLE_S', 15) * 1000,
  };
}
