// worker/main.ts itself, with Worker options from BENCH_WORKER_OPTIONS (JSON) laid over its own,
// to measure a tuning (maxCachedWorkflows, maxConcurrentActivityTaskExecutions, …) before proposing
// it. The benchmark runs plain worker/main.ts unless BENCH_WORKER_OPTIONS is set.
import { Worker, type WorkerOptions } from '@temporalio/worker';

const overrides = JSON.parse(process.env.BENCH_WORKER_OPTIONS ?? '{}') as Partial<WorkerOptions>;
const create = Worker.create.bind(Worker);
Worker.create = (options: WorkerOptions) => create({ ...options, ...overrides });

// BENCH_WORKER_MEMLOG=1: the process's memory every 5 s on stderr (the worker log), to tell a
// live heap from one V8 has not collected yet.
if (process.env.BENCH_WORKER_MEMLOG) {
  const mib = (x: number) => Math.round(x / 2 ** 20);
  setInterval(() => {
    const m = process.memoryUsage();
    process.stderr.write(
      `[memory] rss=${mib(m.rss)} heapUsed=${mib(m.heapUsed)} heapTotal=${mib(m.heapTotal)} external=${mib(m.external)} arrayBuffers=${mib(m.arrayBuffers)} MiB\n`,
    );
  }, 5000).unref();
}

// eslint-disable-next-line @typescript-eslint/no-require-imports
require('../worker/main');
