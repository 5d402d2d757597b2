// The servers of one benchmark run, one of two kinds: `dev`, the Temporal dev server on a SQLite
// file with the WAL pragmas (as npm start runs it) and embedded PostgreSQL in a temporary
// directory; `cluster`, npm run cluster's Temporal (four processes on PostgreSQL, mutual TLS)
// without its workers and API replicas, the bench bringing its own as on the dev server.
// BENCH_TEMPORAL_ADDRESS (or a Temporal profile) and DATABASE_URL point a `dev` run at external
// servers instead. Workers run as child processes.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import {
  chmodSync,
  copyFileSync,
  createWriteStream,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import pg from 'pg';
import type { ConnectionOptions } from '@temporalio/client';
import { startCluster } from '../cluster/cluster';
import { freePortBase } from '../cluster/ports';
import { temporalDatabasesBytes, temporalFileBytes } from './disk-size';
import { startEmbeddedPostgres } from '../db/embedded-postgres';
import { provisionIfMissing } from '../platform/provision';
import { provisionTemporalServer } from '../platform/provision/temporal-server';
import { startDevServer } from '../platform/dev-server';
import { stopStack } from '../platform/stop-stack';
import { readTemporalProfile } from '../platform/temporal-profile';

export type ServerKind = 'dev' | 'cluster';

export interface BenchServers {
  kind: ServerKind;
  temporalAddress: string;
  /** How this process connects (TLS on the cluster). */
  connectionOptions: ConnectionOptions;
  /** What a child worker needs in its environment to connect the same way. */
  workerEnv: Record<string, string>;
  temporalKind: string;
  /** A database of the run's own, created for it. */
  databaseUrl: string;
  postgresKind: string;
  workDir: string;
  /** Temporal's store on disk in bytes, where the bench can read it (not an external server). */
  temporalStoreBytes(): Promise<number | undefined>;
  stop(): Promise<void>;
}

export async function startServers(kind: ServerKind, say: (line: string) => void): Promise<BenchServers> {
  const workDir = mkdtempSync(join(tmpdir(), 'complaints-bench-'));
  chmodSync(workDir, 0o755); // postgres runs as its own user and must reach its data directory
  const stops = stopStack((err) => say(`while stopping: ${(err as Error)?.message ?? err}`));

  let temporalAddress: string | undefined;
  let connectionOptions: ConnectionOptions;
  let workerEnv: Record<string, string>;
  let temporalKind: string;
  let clusterDatabaseUrl: string | undefined;
  let temporalStoreBytes = async (): Promise<number | undefined> => undefined;
  if (kind === 'cluster') {
    await provisionTemporalServer();
    say("starting the Temporal cluster (npm run cluster's Temporal: four processes on PostgreSQL, mutual TLS)");
    const cluster = await startCluster({
      dataDir: join(workDir, 'cluster'),
      portBase: await freePortBase(),
      workers: 0,
      apiReplicas: 0,
      log: (l) => say(`  ${l}`),
    });
    stops.add(() => cluster.stop());
    temporalAddress = cluster.temporalAddress;
    connectionOptions = readTemporalProfile(cluster.clientEnv).connectionOptions;
    workerEnv = { ...cluster.clientEnv, TEMPORAL_ADDRESS: '' };
    clusterDatabaseUrl = cluster.registerUrl;
    temporalStoreBytes = () => temporalDatabasesBytes(cluster.registerUrl);
    temporalKind =
      'Temporal server v1.29.1 from its Go module: frontend, history, matching, worker as four processes, 4 shards, PostgreSQL (persistence and SQL visibility), mutual TLS';
  } else {
    const profile = readTemporalProfile({ ...process.env, TEMPORAL_ADDRESS: process.env.BENCH_TEMPORAL_ADDRESS ?? '' });
    temporalAddress = profile.address;
    temporalKind = `external ${temporalAddress}`;
    connectionOptions = profile.connectionOptions;
    workerEnv = { TEMPORAL_ADDRESS: temporalAddress ?? '' };
  }
  if (!temporalAddress) {
    await provisionIfMissing();
    const dbFilename = join(workDir, 'temporal.db');
    say(`starting the Temporal dev server (SQLite ${dbFilename}, WAL)`);
    const temporal = await startDevServer({ dbFilename });
    stops.add(() => temporal.teardown());
    temporalAddress = temporal.address;
    connectionOptions = { address: temporalAddress };
    workerEnv = { TEMPORAL_ADDRESS: temporalAddress };
    temporalKind = 'dev server (temporal CLI), SQLite file, journal_mode=wal synchronous=normal';
    temporalStoreBytes = async () => temporalFileBytes(workDir);
  }

  let baseUrl = clusterDatabaseUrl ?? process.env.DATABASE_URL;
  let postgresKind = clusterDatabaseUrl ? "the cluster's embedded PostgreSQL" : 'external';
  if (!baseUrl) {
    say('starting embedded PostgreSQL');
    const postgres = await startEmbeddedPostgres({ dataDir: join(workDir, 'pg'), temporary: true });
    stops.add(() => postgres.stop());
    baseUrl = postgres.url;
    postgresKind = 'embedded-postgres (default settings, max_connections=200)';
  }
  // A database of its own: 100 000 seeded cases must not land in anyone's working database.
  const name = `bench_${randomBytes(5).toString('hex')}`;
  const admin = new pg.Client({ connectionString: baseUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  const version = (await admin.query('SHOW server_version')).rows[0].server_version as string;
  await admin.end();
  postgresKind = `PostgreSQL ${version}, ${postgresKind}`;
  const url = new URL(baseUrl);
  url.pathname = `/${name}`;
  stops.add(async () => {
    if (process.env.BENCH_KEEP_DB) return;
    const c = new pg.Client({ connectionString: baseUrl });
    await c.connect();
    await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await c.end();
  });

  return {
    kind,
    temporalAddress,
    connectionOptions,
    workerEnv,
    temporalKind,
    databaseUrl: url.toString(),
    postgresKind,
    workDir,
    temporalStoreBytes,
    async stop() {
      await stops.stopAll();
      if (process.env.BENCH_KEEP_LOGS) {
        const logs = mkdtempSync(join(tmpdir(), 'complaints-bench-logs-'));
        for (const f of readdirSync(workDir).filter((f) => f.endsWith('.log')))
          copyFileSync(join(workDir, f), join(logs, f));
        say(`worker logs kept in ${logs}`);
      }
      rmSync(workDir, { recursive: true, force: true });
    },
  };
}

export interface ChildWorker {
  pid: number;
  /** Resident set size and its peak (VmRSS, VmHWM from /proc), in MiB. */
  memory(): { rssMiB: number; peakMiB: number };
  /** Resets the peak (VmHWM) so the next reading is the peak of what follows. */
  resetPeak(): void;
  stop(): Promise<void>;
}

/**
 * Starts a worker script as `node --import tsx <script>` (`node <script>` for .js): the process itself, not a tsx wrapper,
 * so /proc/<pid>/status is the worker's. Resolves once it polls its task queue.
 */
export function startChildWorker(
  script: string,
  env: Record<string, string>,
  logFile: string,
  nodeArgs: string[] = [],
  /** What the process prints once it serves: the worker's line, or the API's. */
  readyLine = '[worker] polling',
): Promise<ChildWorker> {
  const loader = script.endsWith('.ts') ? ['--import', 'tsx'] : []; // compiled JavaScript runs as it is
  const child: ChildProcess = spawn(process.execPath, [...nodeArgs, ...loader, resolve(script)], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const log = createWriteStream(logFile);
  child.stderr!.pipe(log);
  return new Promise((ok, fail) => {
    const timer = setTimeout(() => fail(new Error(`${script} did not start within 120 s (see ${logFile})`)), 120_000);
    child.on('exit', (code) => {
      clearTimeout(timer);
      fail(new Error(`${script} exited with ${code} (see ${logFile})`));
    });
    let seen = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      log.write(chunk);
      seen += chunk.toString();
      if (!seen.includes(readyLine)) return;
      seen = '';
      clearTimeout(timer);
      child.removeAllListeners('exit');
      const exited = new Promise<void>((done) => child.on('exit', () => done()));
      ok({
        pid: child.pid!,
        memory: () => procMemory(child.pid!),
        resetPeak: () => {
          try {
            writeFileSync(`/proc/${child.pid}/clear_refs`, '5');
          } catch {
            /* not permitted: peak since start */
          }
        },
        async stop() {
          if (child.exitCode === null) child.kill('SIGTERM');
          const killer = setTimeout(() => child.kill('SIGKILL'), 15_000);
          await exited;
          clearTimeout(killer);
          log.end();
        },
      });
    });
  });
}

function procMemory(pid: number): { rssMiB: number; peakMiB: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kib = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? Number.NaN);
  return { rssMiB: Math.round(kib('VmRSS') / 102.4) / 10, peakMiB: Math.round(kib('VmHWM') / 102.4) / 10 };
}
