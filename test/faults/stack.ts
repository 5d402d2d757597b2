// The suite's servers (one PostgreSQL cluster, one Temporal dev server, both ours to break) and,
// per fault, a stack of its own: a fresh database, a task queue, the worker as a child process
// and the real API in this process on 127.0.0.1, reached with fetch and real API keys.
import { randomBytes } from 'node:crypto';
import { chmodSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client, Connection } from '@temporalio/client';
import pg from 'pg';
import { startApi } from '../../api/start-api';
import { createApiKey } from '../../db/api-keys';
import { findBody, headOf } from '../../db/bodies';
import type { Db } from '../../db/database';
import { freePort } from '../../db/embedded-postgres';
import { provisionIfMissing } from '../../platform/provision';
import { openRegister } from '../../platform/services';
import { stopStack } from '../../platform/stop-stack';
import { installCleanup, PostgresCluster, removeOnAbort, TemporalDevServer, WorkerProcess } from './processes';

export const say = (line: string) => process.stdout.write(`[faults] ${line}\n`);

/** The three bodies filings are spread over: a provider, the State Corporation, an akimat. */
export const BODIES = ['con-almaty', 'gov4c', 'akimat-almaty'] as const;
export type BodyId = (typeof BODIES)[number];

export interface SuiteEnv {
  dir: string;
  postgres: PostgresCluster;
  temporal: TemporalDevServer;
  /** Both servers up again (after a fault that broke one of them, or failed half-way). */
  ensureUp(): Promise<void>;
  /** Stops both servers; removes the directory, or with `keepLogs` everything in it but the logs. */
  close(keepLogs: boolean): Promise<void>;
}

export async function startSuiteEnv(): Promise<SuiteEnv> {
  installCleanup();
  await provisionIfMissing();
  const dir = mkdtempSync(join(tmpdir(), 'complaint-faults-'));
  chmodSync(dir, 0o755); // postgres runs as its own user and must reach its data directory
  removeOnAbort(dir);
  const postgres = new PostgresCluster(dir, join(dir, 'postgres.log'));
  const temporal = new TemporalDevServer(dir, await freePort());
  try {
    say(`servers in ${dir}`);
    await Promise.all([postgres.start(), temporal.start()]);
    say(`PostgreSQL on 127.0.0.1:${postgres.port}, Temporal dev server on ${temporal.address}`);
  } catch (err) {
    await temporal.kill9();
    await postgres.stop().catch(() => undefined);
    removeOnAbort(dir, false);
    rmSync(dir, { recursive: true, force: true });
    throw err;
  }
  return {
    dir,
    postgres,
    temporal,
    async ensureUp() {
      if (!postgres.isRunning) await postgres.start();
      if (!temporal.running) await temporal.start();
    },
    async close(keepLogs) {
      await temporal.stop().catch(() => temporal.kill9());
      await postgres.stop().catch(() => undefined);
      removeOnAbort(dir, false);
      if (!keepLogs) {
        rmSync(dir, { recursive: true, force: true });
        return;
      }
      // Keep the servers' and workers' logs for a failed run; drop the data (and the complaints in it).
      for (const entry of readdirSync(dir, { withFileTypes: true })) {
        const path = join(dir, entry.name);
        if (entry.isDirectory()) {
          for (const inner of readdirSync(path))
            if (!inner.endsWith('.log')) rmSync(join(path, inner), { recursive: true, force: true });
        } else if (!entry.name.endsWith('.log')) {
          rmSync(path, { force: true });
        }
      }
    },
  };
}

export interface Caller {
  id: string;
  key: string;
}

export interface FaultStack {
  name: string;
  dir: string;
  taskQueue: string;
  databaseUrl: string;
  db: Db;
  client: Client;
  worker: WorkerProcess;
  /** http://127.0.0.1:<port> */
  baseUrl: string;
  intake: Caller;
  auditor: Caller;
  officials: Record<BodyId, Caller>;
  /** Counts of the API's own error log lines by code (the lines carry no personal data). */
  apiErrors: Map<string, number>;
  close(): Promise<void>;
}

/** A fresh database in the cluster, migrated and seeded like `npm start` does it. */
async function createDatabase(env: SuiteEnv, name: string): Promise<string> {
  const admin = new pg.Client({ connectionString: env.postgres.url() });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  return env.postgres.url(name);
}

export async function startFaultStack(env: SuiteEnv, name: string): Promise<FaultStack> {
  const slug = name.replace(/[^a-z0-9]+/gi, '_').toLowerCase();
  const dir = join(env.dir, slug);
  mkdirSync(dir, { recursive: true });
  const databaseUrl = await createDatabase(env, `faults_${slug}_${randomBytes(3).toString('hex')}`);
  const stops = stopStack();
  const close = async () => void (await stops.stopAll());
  try {
    const db = await openRegister(databaseUrl, stops, { maxConnections: 20, demoBodies: true });

    const taskQueue = `faults-${slug}-${randomBytes(3).toString('hex')}`;
    const worker = new WorkerProcess(
      { temporalAddress: env.temporal.address, databaseUrl, dataDir: dir, taskQueue },
      join(dir, 'worker.log'),
    );
    stops.add(() => worker.stop());

    const connection = await Connection.connect({ address: env.temporal.address });
    stops.add(() => connection.close());
    const client = new Client({ connection, namespace: 'default' });

    const apiErrors = new Map<string, number>();
    const log = (line: Record<string, unknown>) => {
      if (line.level !== 'error') return;
      const what =
        line.msg === 'request'
          ? `HTTP ${line.status} ${line.method} ${line.route}`
          : `${line.error ?? 'error'} ${line.code ?? ''}`.trim();
      apiErrors.set(what, (apiErrors.get(what) ?? 0) + 1);
    };
    const api = await startApi({
      port: 0,
      host: '127.0.0.1',
      db,
      client,
      taskQueue,
      procedure: { appealWindowDays: 30 },
      log,
      // The suite files through one intake key far faster than any real office does.
      rateLimitPerMinute: 10_000_000,
    });
    api.server.keepAliveTimeout = 65_000;
    api.server.headersTimeout = 66_000;
    stops.add(() => {
      const stopped = api.stop();
      api.server.closeAllConnections();
      return stopped;
    });
    const baseUrl = `http://127.0.0.1:${api.port}`;

    const intake = await createApiKey(db, 'intake', null, 'fault suite');
    const auditor = await createApiKey(db, 'auditor', null, 'fault suite');
    const officials = {} as Record<BodyId, Caller>;
    for (const body of BODIES)
      officials[body] = await createApiKey(db, 'official', body, 'fault suite', headOf((await findBody(db, body))!));

    return {
      name,
      dir,
      taskQueue,
      databaseUrl,
      db,
      client,
      worker,
      baseUrl,
      intake,
      auditor,
      officials,
      apiErrors,
      close,
    };
  } catch (err) {
    await close();
    throw err;
  }
}
