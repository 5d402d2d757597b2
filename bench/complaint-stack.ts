// The complaint side of one server's bench run, beside its Temporal and PostgreSQL (bench/stack.ts):
// the worker as its own process, as the Dockerfile runs it (the output of `npm run build`); the
// API in this process, twice (the 30-day appeal window, and a 3-second one for the lifecycle); the
// API as its own process for (b) and (o); one API key per role and per body's official.
import { existsSync } from 'node:fs';
import { createServer } from 'node:http';
import { join } from 'node:path';
import type { Client } from '@temporalio/client';
import { startApi } from '../api/start-api';
import { createApiKey, type Role } from '../db/api-keys';
import { headOf, listBodies } from '../db/bodies';
import type { Db } from '../db/database';
import type { StopStack } from '../platform/stop-stack';
import { apiClient, type ApiClient } from './http';
import type { BenchSettings } from './settings';
import { startChildWorker, type BenchServers, type ChildWorker } from './stack';
import { sleep } from './stats';

/** The appeal window of the lifecycle's API: the whole life of a case in seconds. */
const APPEAL_WINDOW_SECONDS = 3;

export interface ApiProcess {
  client: ApiClient;
  pid: number;
  stop(): Promise<void>;
}

export interface ComplaintStack {
  /** The register the worker and the APIs write. */
  db: Db;
  taskQueue: string;
  workerScript: string;
  workflowBundle: string;
  worker: ChildWorker;
  /** The worker's resident memory before any case. */
  rssIdleMiB: number;
  /** The API in this process, with the tests' 30-day appeal window. */
  api: ApiClient;
  /** The API in this process with an appeal window of `appealWindowSeconds`. */
  shortWindowApi: ApiClient;
  appealWindowSeconds: number;
  /** The API as its own process (dist/api/main.js), when (b) or (o) runs. */
  apiProcess?: ApiProcess;
  /** Starts another API process (`script`) on `queue`, its log named `label`. */
  startApiProcess(script: string, queue: string, label: string): Promise<ApiProcess>;
  keys: Record<string, string>;
  /** The ids of the intake, portal and auditor keys (a webhook subscription is its key's). */
  keyIds: Record<string, string>;
  /** Each body's official key, by body id. */
  officialKeys: Record<string, string>;
  /** The in-process APIs' error lines (no personal data: the API never logs any). */
  errorLines: string[];
}

export async function startComplaintStack(opts: {
  servers: BenchServers;
  db: Db;
  /** The client with the project's data converter. */
  client: Client;
  only: Set<string>;
  settings: BenchSettings;
  stops: StopStack;
  say: (line: string) => void;
}): Promise<ComplaintStack> {
  const { servers, db, only, settings, stops, say } = opts;
  const { concurrency, workerOptions, workerNodeArgs, mallocArenaMax } = settings;
  // BENCH_WORKER_OPTIONS runs bench/complaint-worker.ts instead, to try Worker options;
  // BENCH_WORKER_SCRIPT any entry point.
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
      // (w)'s receiver listens on loopback.
      WEBHOOK_ALLOW_LOOPBACK: 'true',
      MALLOC_ARENA_MAX: mallocArenaMax,
      ...(workerOptions ? { BENCH_WORKER_OPTIONS: workerOptions } : {}),
    },
    join(servers.workDir, 'complaint-worker.log'),
    workerNodeArgs,
  );
  stops.add(() => worker.stop());
  await sleep(2000);
  const rssIdleMiB = worker.memory().rssMiB;

  const errorLines: string[] = [];
  const log = (line: Record<string, unknown>) => {
    if (Number(line.status) >= 500 || line.level === 'error') errorLines.push(JSON.stringify(line));
  };
  const inProcessApi = async (appealWindowDays: number) => {
    const api = await startApi({
      port: 0,
      host: '127.0.0.1',
      db,
      client: opts.client,
      taskQueue,
      procedure: { appealWindowDays },
      log,
      // No per-key rate limit: one intake key files all N complaints, and the limit is not what is measured.
      rateLimitPerMinute: Number.MAX_SAFE_INTEGER,
    });
    stops.add(() => api.stop());
    return apiClient(`http://127.0.0.1:${api.port}`, concurrency * 2);
  };
  const api = await inProcessApi(30);
  // The API as its own process for (b) and (o), as it runs in production (dist/api/main.js), so
  // its CPU is counted apart from the load generator's.
  const startApiProcess = async (script: string, queue: string, label: string): Promise<ApiProcess> => {
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
    stops.add(stop);
    return { client, pid: child.pid, stop };
  };
  const apiProcess =
    only.has('b') || only.has('o') ? await startApiProcess('dist/api/main.js', taskQueue, 'api') : undefined;
  const shortWindowApi = await inProcessApi(APPEAL_WINDOW_SECONDS / 86_400);

  const keys: Record<string, string> = {};
  const keyIds: Record<string, string> = {};
  for (const role of ['intake', 'portal', 'auditor'] as Role[]) {
    const made = await createApiKey(db, role, null, 'bench');
    keys[role] = made.key;
    keyIds[role] = made.id;
  }
  for (const body of await listBodies(db))
    keys[`official:${body.id}`] = (await createApiKey(db, 'official', body.id, 'bench', headOf(body))).key;
  const officialKeys = Object.fromEntries(
    Object.entries(keys)
      .filter(([k]) => k.startsWith('official:'))
      .map(([k, v]) => [k.slice(9), v]),
  );
  return {
    db,
    taskQueue,
    workerScript,
    workflowBundle,
    worker,
    rssIdleMiB,
    api,
    shortWindowApi,
    appealWindowSeconds: APPEAL_WINDOW_SECONDS,
    apiProcess,
    startApiProcess,
    keys,
    keyIds,
    officialKeys,
    errorLines,
  };
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
