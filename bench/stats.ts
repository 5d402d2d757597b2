// Small measuring tools of the benchmark: percentiles, a fixed-concurrency runner, a clock.
import { performance } from 'node:perf_hooks';

export const now = () => performance.now();

/** The p-th percentile (0–100) of the samples, nearest rank; NaN when there are none. */
export function percentile(samples: number[], p: number): number {
  if (samples.length === 0) return Number.NaN;
  const sorted = [...samples].sort((a, b) => a - b);
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1];
}

export interface LatencySummary {
  count: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
  mean: number;
}

export function summarise(samples: number[]): LatencySummary {
  const round = (x: number) => Math.round(x * 100) / 100;
  return {
    count: samples.length,
    p50: round(percentile(samples, 50)),
    p95: round(percentile(samples, 95)),
    p99: round(percentile(samples, 99)),
    max: round(samples.length ? Math.max(...samples) : Number.NaN),
    mean: round(samples.length ? samples.reduce((a, b) => a + b, 0) / samples.length : Number.NaN),
  };
}

export interface RunResult<T> {
  results: T[];
  latencies: number[];
  elapsedMs: number;
  errors: unknown[];
}

/**
 * Runs task(0..n-1) with `concurrency` in flight at all times; each task is timed alone.
 * Errors are collected, not thrown, so one failure does not hide the figures (they are reported).
 */
export async function runConcurrently<T>(
  n: number,
  concurrency: number,
  task: (i: number) => Promise<T>,
): Promise<RunResult<T>> {
  const results: T[] = new Array(n);
  const latencies: number[] = [];
  const errors: unknown[] = [];
  let next = 0;
  const started = now();
  const lane = async () => {
    for (;;) {
      const i = next++;
      if (i >= n) return;
      const t0 = now();
      try {
        results[i] = await task(i);
        latencies.push(now() - t0);
      } catch (err) {
        errors.push(err);
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, n) }, lane));
  return { results, latencies, elapsedMs: now() - started, errors };
}

export const sleep = (ms: number) => new Promise<void>((ok) => setTimeout(ok, ms));

/** Polls until `probe` is true or `timeoutMs` passes; returns the time it took. */
export async function waitUntil(probe: () => Promise<boolean>, timeoutMs: number, everyMs = 5): Promise<number> {
  const t0 = now();
  for (;;) {
    if (await probe()) return now() - t0;
    if (now() - t0 > timeoutMs) throw new Error(`condition not met within ${timeoutMs} ms`);
    await sleep(everyMs);
  }
}

export function firstError(errors: unknown[]): string | undefined {
  if (errors.length === 0) return undefined;
  const e = errors[0] as Error;
  return `${errors.length} failed; first: ${e?.message ?? String(e)}`;
}
