// Where one filing's milliseconds go, one at a time: `POST /v1/complaints` against the deployed API
// and worker processes on a dev server, each filing's time split by its own history's event times
// (the server's clock, the same machine's): into the API and the start, the wait for a worker to
// take the workflow task, the worker's task (the registration's local activity inside it), and
// the way back. `npm run bench:latency` (BENCH_SEQUENTIAL, default 60; writes bench/latency-results.json or
// BENCH_RESULTS).
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { temporal } from '@temporalio/proto';
import { createApiKey } from '../db/api-keys';
import { connectTemporal, openRegister } from '../platform/services';
import { stopStack } from '../platform/stop-stack';
import { complaintWorkflowId } from '../workflows/complaint-messages';
import { complaintFor } from './filing';
import { apiClient, expectStatus } from './http';
import { startChildWorker, startServers } from './stack';
import { sleep, summarise } from './stats';

const EventType = temporal.api.enums.v1.EventType;
type EventType = temporal.api.enums.v1.EventType;
const say = (line: string) => process.stdout.write(`[latency] ${line}\n`);
const ms = (t: { seconds?: unknown; nanos?: number | null } | null | undefined) =>
  Number(t?.seconds ?? 0) * 1000 + (t?.nanos ?? 0) / 1e6;

async function main(): Promise<void> {
  const n = Number(process.env.BENCH_SEQUENTIAL ?? 60);
  const servers = await startServers('dev', say);
  const stops = stopStack();
  stops.add(() => servers.stop());
  try {
    const db = await openRegister(servers.databaseUrl, stops, { maxConnections: 5, demoBodies: true });
    const client = await connectTemporal(
      { connectionOptions: servers.connectionOptions, namespace: 'default' },
      undefined,
      stops,
    );
    const taskQueue = `latency-${Date.now()}`;
    const env = {
      ...servers.workerEnv,
      DATABASE_URL: servers.databaseUrl,
      TEMPORAL_TASK_QUEUE: taskQueue,
      DATA_DIR: servers.workDir,
      MALLOC_ARENA_MAX: '2',
    };
    const worker = await startChildWorker(
      process.env.BENCH_WORKER_SCRIPT ?? 'dist/worker/main.js',
      { ...env, WORKFLOW_BUNDLE_PATH: 'dist/workflow-bundle.js' },
      join(servers.workDir, 'worker.log'),
      ['--max-semi-space-size=4', ...(process.env.BENCH_WORKER_NODE_ARGS ?? '').split(/\s+/).filter(Boolean)],
    );
    stops.add(() => worker.stop());
    const port = 30_000 + Math.floor(Math.random() * 20_000);
    const api = await startChildWorker(
      'dist/api/main.js',
      { ...env, PORT: String(port), RATE_LIMIT_PER_MINUTE: '1000000000' },
      join(servers.workDir, 'api.log'),
      (process.env.BENCH_API_NODE_ARGS ?? '').split(/\s+/).filter(Boolean),
      '[api] listening',
    );
    stops.add(() => api.stop());
    const http = apiClient(`http://127.0.0.1:${port}`, 4);
    stops.add(async () => http.close());
    const { key } = await createApiKey(db, 'intake', null, 'latency');
    await sleep(1000);

    const parts: Record<string, number[]> = { total: [], toStarted: [], toWorker: [], workerTask: [], back: [] };
    for (let i = -10; i < n; i++) {
      const sent = Date.now();
      const res = await http.post('/v1/complaints', key, complaintFor(i, false), {
        'idempotency-key': `latency-${taskQueue}-${i}`,
      });
      const answered = Date.now();
      const { id } = expectStatus<{ id: string }>(res, 201, 'POST /v1/complaints');
      if (i < 0) continue; // warm-up
      const { events } = await client.workflow.getHandle(complaintWorkflowId(id)).fetchHistory();
      const at = (type: EventType) => ms(events?.find((e) => e.eventType === type)?.eventTime);
      const started = at(EventType.EVENT_TYPE_WORKFLOW_EXECUTION_STARTED);
      const taskStarted = at(EventType.EVENT_TYPE_WORKFLOW_TASK_STARTED);
      const taskCompleted = at(EventType.EVENT_TYPE_WORKFLOW_TASK_COMPLETED);
      if (i === n - 1)
        for (const e of events ?? [])
          say(`  ${(ms(e.eventTime) - started).toFixed(1).padStart(7)} ms ${EventType[e.eventType ?? 0]}`);
      parts.total.push(answered - sent);
      parts.toStarted.push(started - sent);
      parts.toWorker.push(taskStarted - started);
      parts.workerTask.push(taskCompleted - taskStarted);
      parts.back.push(answered - taskCompleted);
    }
    const summary = Object.fromEntries(Object.entries(parts).map(([k, v]) => [k, summarise(v)]));
    for (const [k, v] of Object.entries(summary)) say(`${k.padEnd(11)} p50 ${v.p50} ms, p95 ${v.p95} ms`);
    writeFileSync(
      process.env.BENCH_RESULTS ?? 'bench/latency-results.json',
      JSON.stringify({ n, at: new Date().toISOString(), summary }, null, 2),
    );
  } finally {
    await stops.stopAll();
  }
}

main().catch((err) => {
  say(`FAILED: ${err?.stack ?? err}`);
  process.exit(1);
});
