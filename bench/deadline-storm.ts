// npm run bench:storm: the deadline storm. Terms are counted in days and end at 24:00 in Almaty,
// so every case registered on one day goes overdue at the same instant. BENCH_STORM_N open cases
// (default 200; 10 000 for the figure of SPEC's scale) are filed on one day at four bodies, then
// the clock jumps past their common end: measured in real time, until every case is marked
// overdue in the register and every complainant told (cabinet, e-mail, SMS sent), the API's reads
// meanwhile (a case, a body's list), and the heads' digest (R1: one message per body and channel).
//
// The Java time-skipping test server carries the jump (the dev server cannot move its clock, and
// real terms end at 19:00 UTC only); the worker is its own process (worker/worker.ts with the real
// activities, bench/storm-worker.ts), PostgreSQL is embedded, the API is the real createApp here.
import { randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, readdirSync, writeFileSync, chmodSync } from 'node:fs';
import type { Server } from 'node:http';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { createApp } from '../api/app';
import { fileComplaint } from '../api/complaint-client';
import { createApiKey, type Role } from '../db/api-keys';
import { headOf, listBodies } from '../db/bodies';
import { createDb } from '../db/database';
import { startEmbeddedPostgres } from '../db/embedded-postgres';
import { migrateToLatest } from '../db/migrate';
import { seedCalendar, seedDemoBodies } from '../db/seed';
import { provisionIfMissing } from '../platform/provision';
import { complaintWorkflowId } from '../workflows/complaint-messages';
import { portalComplaint } from '../test/support/complaints';
import { createTimeSkippingEnv, PINNED_START } from '../test/support/time-skipping';
import { cpuReport, cpuSnapshot } from './cpu';
import { FILING_BODIES } from './filing';
import { apiClient, expectStatus } from './http';
import { machine, renderTable, verdict, type Row } from './report';
import { startChildWorker } from './stack';
import { firstError, now, runConcurrently, sleep, summarise, type LatencySummary } from './stats';

const say = (line: string) => process.stdout.write(`[storm] ${line}\n`);

export interface StormResult {
  n: number;
  bodies: string[];
  deadlines: string[];
  filing: { perSecond: number; errors?: string };
  /** From the clock's jump past the common end, real time. */
  allMarkedOverdueS: number;
  allToldS: number;
  marksPerSecond: number;
  reads: { quiet: LatencySummary; duringStorm: LatencySummary; errors?: string };
  cpu: ReturnType<typeof cpuReport>;
  worker: { rssBeforeMiB: number; rssPeakMiB: number };
  /** Events of one storm case's history once overdue: the storm adds none per other case. */
  eventsPerCase: number;
  digest: {
    wallMs: number;
    bodies: number;
    cases: number;
    messages: number;
    /** Per-case alerts the storm would have sent before the digest (e-mail and SMS per case). */
    messagesPerCaseBefore: number;
    perBody: Record<string, number>;
  };
}

/**
 * The storm's progress, cheap enough to ask every half second: the run's database holds the
 * storm's cases only, so nothing is filtered by id (a list of 10 000 ids in every poll cost
 * PostgreSQL more than a case's own statements).
 */
async function countStorm(db: pg.Client): Promise<{ marked: number; told: number }> {
  const { rows } = await db.query(
    `SELECT
       (SELECT count(*) FROM complaints WHERE overdue) AS marked,
       (SELECT count(DISTINCT complaint_id) FROM notifications WHERE purpose = 'overdue_notice') AS queued,
       (SELECT count(DISTINCT complaint_id) FROM notifications
         WHERE purpose = 'overdue_notice' AND status <> 'sent') AS unsent`,
  );
  return { marked: Number(rows[0].marked), told: Number(rows[0].queued) - Number(rows[0].unsent) };
}

export async function runDeadlineStorm(n: number): Promise<StormResult> {
  await provisionIfMissing();
  const workDir = mkdtempSync(join(tmpdir(), 'complaints-storm-'));
  chmodSync(workDir, 0o755);
  const stops: Array<() => Promise<unknown>> = [];
  try {
    say('starting embedded PostgreSQL and the time-skipping test server');
    const postgres = await startEmbeddedPostgres({ dataDir: join(workDir, 'pg'), temporary: true });
    stops.unshift(() => postgres.stop());
    const env = await createTimeSkippingEnv(PINNED_START);
    stops.unshift(() => env.teardown());
    const db = createDb(postgres.url, 20);
    stops.unshift(() => db.destroy());
    await migrateToLatest(db);
    await seedCalendar(db);
    await seedDemoBodies(db);
    const raw = new pg.Client({ connectionString: postgres.url });
    await raw.connect();
    stops.unshift(() => raw.end());

    const taskQueue = `storm-${randomUUID().slice(0, 8)}`;
    const outbox = join(workDir, 'outbox');
    const bundle = process.env.WORKFLOW_BUNDLE_PATH ?? 'dist/workflow-bundle.js';
    const worker = await startChildWorker(
      'bench/storm-worker.ts',
      {
        TEMPORAL_ADDRESS: env.address,
        DATABASE_URL: postgres.url,
        TEMPORAL_TASK_QUEUE: taskQueue,
        STORM_OUTBOX: outbox,
        MALLOC_ARENA_MAX: process.env.MALLOC_ARENA_MAX ?? '2',
        ...(existsSync(bundle) ? { WORKFLOW_BUNDLE_PATH: bundle } : {}),
      },
      join(workDir, 'storm-worker.log'),
      (process.env.BENCH_WORKER_NODE_ARGS ?? '--max-semi-space-size=4').split(/\s+/).filter(Boolean),
    );
    stops.unshift(() => worker.stop());

    const app = createApp({
      db,
      client: env.client,
      taskQueue,
      procedure: { appealWindowDays: 30 },
      log: () => undefined,
      rateLimitPerMinute: Number.MAX_SAFE_INTEGER,
    });
    const server: Server = await new Promise((ok) => {
      const s = app.listen(0, '127.0.0.1', () => ok(s));
    });
    stops.unshift(() => new Promise((ok) => server.close(ok)));
    const api = apiClient(`http://127.0.0.1:${(server.address() as { port: number }).port}`, 16);
    stops.unshift(async () => api.close());
    const keys: Record<string, string> = {};
    for (const role of ['auditor'] as Role[]) keys[role] = (await createApiKey(db, role, null, 'bench')).key;
    for (const body of await listBodies(db))
      keys[`official:${body.id}`] = (await createApiKey(db, 'official', body.id, 'bench', headOf(body))).key;

    // One day's intake: every case received on the pinned Wednesday, so every term ends together.
    const receivedAt = new Date(await env.currentTimeMs());
    const bodies = FILING_BODIES;
    say(`filing ${n} complaints received ${receivedAt.toISOString()} at ${bodies.join(', ')} (32 in flight)`);
    const ids = Array.from({ length: n }, () => randomUUID());
    const filed = await runConcurrently(n, 32, (i) =>
      fileComplaint(env.client, {
        complaintId: ids[i],
        complaint: portalComplaint(bodies[i % bodies.length]),
        receivedAt,
        appealWindowDays: 30,
        taskQueue,
      }),
    );
    const receipts = filed.results.filter(Boolean);
    const deadlines = [...new Set(receipts.map((r) => r.deadline))];
    say(`filed ${receipts.length} in ${(filed.elapsedMs / 1000).toFixed(1)} s; terms end at ${deadlines.join(', ')}`);
    if (receipts.length === 0) throw new Error(`no complaint filed: ${firstError(filed.errors)}`);
    const stormIds = ids.filter((_, i) => filed.results[i]);

    // The API's reads, one lane per kind, throughout: a case by id, and a body's list as its official.
    const samples: { at: number; ms: number }[] = [];
    const readErrors: unknown[] = [];
    let reading = true;
    const lane = async (read: (i: number) => Promise<unknown>) => {
      for (let i = 0; reading; i++) {
        const t0 = now();
        try {
          await read(i);
          samples.push({ at: t0, ms: now() - t0 });
        } catch (err) {
          readErrors.push(err);
        }
        await sleep(20);
      }
    };
    const lanes = Promise.all([
      lane(async (i) =>
        expectStatus(
          await api.get(`/v1/complaints/${stormIds[(i * 7919) % stormIds.length]}`, keys.auditor),
          200,
          'GET a case',
        ),
      ),
      lane(async (i) => {
        const body = bodies[i % bodies.length];
        expectStatus(
          await api.get(`/v1/complaints?bodyId=${body}&status=under_review&limit=20`, keys[`official:${body}`]),
          200,
          'GET a body list',
        );
      }),
    ]);
    await sleep(5000);
    const quietUntil = now();

    const jumpMs = Date.parse(deadlines.sort().at(-1)!) - (await env.currentTimeMs()) + 60_000;
    const rssBeforeMiB = worker.memory().rssMiB;
    worker.resetPeak();
    const cpuBefore = cpuSnapshot([worker.pid]);
    say(`the clock jumps ${(jumpMs / 86_400_000).toFixed(2)} days, past the terms' end: the storm begins`);
    const stormStart = now();
    await env.sleep(jumpMs);
    let marked = 0;
    let told = 0;
    let allMarkedAt: number | undefined;
    const timeoutMs = Number(process.env.BENCH_STORM_TIMEOUT_S ?? 1800) * 1000;
    let lastSaid = 0;
    for (;;) {
      ({ marked, told } = await countStorm(raw));
      if (marked >= stormIds.length && allMarkedAt === undefined) allMarkedAt = now();
      if (told >= stormIds.length) break;
      if (now() - stormStart > timeoutMs)
        throw new Error(`after ${timeoutMs / 1000} s: ${marked} marked, ${told} told of ${stormIds.length}`);
      if (now() - lastSaid > 10_000) {
        say(`  ${((now() - stormStart) / 1000).toFixed(0)} s: ${marked} marked overdue, ${told} told`);
        lastSaid = now();
      }
      await sleep(500);
    }
    const allToldAt = now();
    const cpuAfter = cpuSnapshot([worker.pid]);
    reading = false;
    await lanes;
    const rssPeakMiB = worker.memory().peakMiB;
    const allMarkedOverdueS = Math.round(((allMarkedAt ?? allToldAt) - stormStart) / 100) / 10;
    const allToldS = Math.round((allToldAt - stormStart) / 100) / 10;
    say(`every case marked overdue after ${allMarkedOverdueS} s, every complainant told after ${allToldS} s`);

    const history = await env.client.workflow.getHandle(complaintWorkflowId(stormIds[0])).fetchHistory();

    say('the heads’ digest (overdueDigestWorkflow, as its Schedule starts it at 09:00 Almaty)');
    const d0 = now();
    await env.client.workflow.execute('overdueDigestWorkflow', {
      taskQueue,
      workflowId: `overdue-digest-${randomUUID()}`,
      args: [],
    });
    const digestMs = now() - d0;
    const { rows: digests } = await raw.query(
      `SELECT body_id, channel, case_count, status FROM head_digests ORDER BY body_id, channel`,
    );
    const messages = readdirSync(outbox).filter((f) => f.startsWith('digest-')).length;
    const perBody = Object.fromEntries(
      digests.filter((d) => d.channel === 'email').map((d) => [d.body_id as string, Number(d.case_count)]),
    );

    return {
      n: stormIds.length,
      bodies,
      deadlines,
      filing: {
        perSecond: Math.round((receipts.length / filed.elapsedMs) * 10_000) / 10,
        errors: firstError(filed.errors),
      },
      allMarkedOverdueS,
      allToldS,
      marksPerSecond: Math.round((stormIds.length / Math.max(0.1, allMarkedOverdueS)) * 10) / 10,
      reads: {
        quiet: summarise(samples.filter((s) => s.at < quietUntil).map((s) => s.ms)),
        duringStorm: summarise(samples.filter((s) => s.at >= stormStart && s.at <= allToldAt).map((s) => s.ms)),
        errors: firstError(readErrors),
      },
      cpu: cpuReport(cpuBefore, cpuAfter, stormIds.length, availableParallelism()),
      worker: { rssBeforeMiB, rssPeakMiB },
      eventsPerCase: history.events?.length ?? 0,
      digest: {
        wallMs: Math.round(digestMs),
        bodies: Object.keys(perBody).length,
        cases: Object.values(perBody).reduce((a, b) => a + b, 0),
        messages,
        messagesPerCaseBefore: 2 * stormIds.length,
        perBody,
      },
    };
  } finally {
    for (const stop of stops.splice(0)) await stop().catch((err) => say(`while stopping: ${err?.message ?? err}`));
  }
}

export function stormRows(r?: StormResult): Row[] {
  const n = r?.n ?? Number(process.env.BENCH_STORM_N ?? 200);
  return [
    {
      figure: `(s) storm: every case marked overdue, ${n} terms ending together`,
      value: r?.allMarkedOverdueS,
      unit: 's',
      target: { bound: 'max', value: 600 },
    },
    {
      figure: `(s) storm: every complainant told, ${n} cases`,
      value: r?.allToldS,
      unit: 's',
      target: { bound: 'max', value: 600 },
    },
    { figure: '(s) storm: overdue marks per second', value: r?.marksPerSecond, unit: '/s' },
    { figure: '(s) storm: API read p50 during it', value: r?.reads.duringStorm.p50, unit: 'ms' },
    {
      figure: '(s) storm: API read p99 during it',
      value: r?.reads.duringStorm.p99,
      unit: 'ms',
      target: { bound: 'max', value: 250 },
    },
    { figure: '(s) storm: API read p99 before it (quiet)', value: r?.reads.quiet.p99, unit: 'ms' },
    { figure: '(s) storm: CPU per case, worker', value: r?.cpu.msPerOperation.worker, unit: 'ms' },
    { figure: '(s) storm: CPU per case, PostgreSQL', value: r?.cpu.msPerOperation.postgres, unit: 'ms' },
    {
      figure: '(s) storm: CPU per case, test server and bench (API reads)',
      value: r ? Math.round((r.cpu.msPerOperation.bench + r.cpu.msPerOperation.temporal) * 100) / 100 : undefined,
      unit: 'ms',
    },
    { figure: '(s) storm: other work on the machine, per case', value: r?.cpu.msPerOperation.other, unit: 'ms' },
    { figure: '(s) storm: worker RSS peak during it', value: r?.worker.rssPeakMiB, unit: 'MiB' },
    { figure: '(s) storm: events in a storm case history', value: r?.eventsPerCase, unit: '' },
    {
      figure: "(s) storm: heads' digest messages (one per body and channel)",
      value: r?.digest.messages,
      unit: '',
      target: { bound: 'max', value: 2 * (r?.bodies.length ?? 4) },
    },
    { figure: '(s) storm: cases named in the digests', value: r?.digest.cases, unit: '' },
    { figure: "(s) storm: the heads' digest, wall time", value: r?.digest.wallMs, unit: 'ms' },
  ];
}

/** bench/results.json keeps the other phases' figures: the storm's are laid in under `deadlineStorm`. */
function writeResults(out: string, section: unknown): void {
  const existing = existsSync(out) ? JSON.parse(readFileSync(out, 'utf8')) : {};
  writeFileSync(out, `${JSON.stringify({ ...existing, deadlineStorm: section }, null, 2)}\n`);
}

async function main(): Promise<void> {
  const n = Number(process.env.BENCH_STORM_N ?? 200);
  const loadBefore = loadavg();
  const m = machine();
  let result: StormResult | undefined;
  let failure: string | undefined;
  try {
    result = await runDeadlineStorm(n);
  } catch (err) {
    failure = (err as Error)?.stack ?? String(err);
    say(`FAILED: ${(err as Error)?.message ?? err}`);
  }
  const rows = stormRows(result);
  const out = process.env.BENCH_RESULTS ?? join(__dirname, 'results.json');
  writeResults(out, {
    machine: { ...m, loadAverageBefore: loadBefore, loadAverageAfter: loadavg() },
    setup: {
      n,
      temporal: 'Java time-skipping test server (@temporalio/testing 1.24), clock pinned to 2026-12-02',
      postgres: 'embedded-postgres',
      worker: 'bench/storm-worker.ts (worker/worker.ts, real activities, file transport), its own process',
    },
    table: rows.map((r) => ({ ...r, verdict: verdict(r) })),
    result,
    failure,
  });
  process.stdout.write(`\n${renderTable(rows)}\n\n`);
  say(`results in ${out} (deadlineStorm)`);
  if (failure) process.exitCode = 1;
}

if (require.main === module)
  main().then(
    () => process.exit(process.exitCode ?? 0),
    (err) => {
      process.stderr.write(`[storm] FAILED: ${err?.stack ?? err}\n`);
      process.exit(1);
    },
  );
