// What npm start runs (under scripts/start.ts, which ends this process group whatever happens):
// the embedded default on one machine. Temporal dev server (SQLite file under ./data), embedded
// PostgreSQL (./data/pg), migrations, demo bodies and keys, the worker and the API.
// TEMPORAL_ADDRESS and DATABASE_URL switch to external services. Ctrl-C stops everything.
import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Server } from 'node:http';
import { Client, Connection } from '@temporalio/client';
import { NativeConnection, type Worker } from '@temporalio/worker';
import { transportFromConfig } from '../activities/transports-from-config';
import { createApp } from '../api/app';
import { originsFrom } from '../api/codec-cors';
import { TEMPORAL_UI_PATH } from '../api/temporal-ui-proxy';
import { listen } from '../api/listen';
import { createApiKey, type Role } from '../db/api-keys';
import { findBody, headOf } from '../db/bodies';
import { createDb, type Db } from '../db/database';
import { startEmbeddedPostgres, type RunningPostgres } from '../db/embedded-postgres';
import { migrateToLatest } from '../db/migrate';
import { seedCalendar, seedDemoBodies } from '../db/seed';
import { appealWindowOf, readConfig } from '../platform/config';
import { registerSearchAttributes } from '../platform/search-attribute-setup';
import { startDevServer } from '../platform/dev-server';
import { startTemporalUi, type RunningTemporalUi } from '../platform/temporal-ui';
import { dataConverterFrom } from '../platform/data-converter';
import { PAYLOAD_KEY_FILE, payloadKeysInDataDir } from '../platform/payload-key-file';
import { installWorkerRuntime } from '../worker/runtime';
import { readTemporalProfile } from '../platform/temporal-profile';
import { createComplaintWorker } from '../worker/worker';
import { ARCHIVE_SCHEDULE_ID, ensureArchiveSchedule } from '../worker/archive-schedule';
import { OVERDUE_DIGEST_SCHEDULE_ID, ensureOverdueDigestSchedule } from '../worker/overdue-digest-schedule';
import { provisionIfMissing } from '../platform/provision';
import { keepPrivate } from './private-data';
import { childrenOf, isRunning } from './process-tree';

const say = (line: string) => process.stdout.write(`[start] ${line}\n`);

/** What has been started so far, to stop in reverse order on Ctrl-C or a failed start. */
const started: Array<() => Promise<unknown>> = [];
let stopping = false;

/** Stops what has started, newest first, and exits: every way this process ends goes through here. */
async function stopAll(reason: string, exitCode: number): Promise<void> {
  if (stopping) return;
  stopping = true;
  say(`${reason}: stopping`);
  for (const stop of started.reverse()) await stop().catch((err) => say(`while stopping: ${err?.message ?? err}`));
  say('stopped');
  process.exit(exitCode);
}

process.on('SIGINT', () => void stopAll('SIGINT', 0));
process.on('SIGTERM', () => void stopAll('SIGTERM', 0));
// scripts/start.ts is gone (killed): nothing would stop this process group any more.
process.on('disconnect', () => void stopAll('npm start is gone', 1));
// An error no request or part caught ends npm start, never leaving a server behind.
process.on('uncaughtException', (err) => {
  process.stderr.write(`[start] uncaught error: ${err?.stack ?? err}\n`);
  void stopAll('uncaught error', 1);
});
process.on('unhandledRejection', (err) => {
  process.stderr.write(`[start] unhandled rejection: ${(err as Error)?.stack ?? err}\n`);
  void stopAll('uncaught error', 1);
});

/** A server this process started (the Temporal dev server, PostgreSQL) exiting stops the rest. */
function watchChildren(): void {
  const children = childrenOf(process.pid);
  const timer = setInterval(() => {
    if (children.some((pid) => !isRunning(pid))) void stopAll('a server of npm start exited', 1);
  }, 1000);
  timer.unref();
}

async function main(): Promise<void> {
  const config = readConfig();
  // Before anything Temporal: the dev server's start would otherwise create the default runtime.
  const workerMetrics = config.WORKER_METRICS_ADDRESS ?? '127.0.0.1:9464';
  installWorkerRuntime(workerMetrics);
  const dataDir = resolve(config.DATA_DIR);
  mkdirSync(dataDir, { recursive: true });
  keepPrivate(dataDir);
  // Encryption on by default: a key of its own in the data directory unless PAYLOAD_KEYS is set.
  if (!config.PAYLOAD_KEYS) {
    const { keys, created } = payloadKeysInDataDir(dataDir);
    config.PAYLOAD_KEYS = keys;
    say(
      `${created ? 'generated a payload key into' : 'payload key from'} ${join(dataDir, PAYLOAD_KEY_FILE)} (keep it with the data)`,
    );
  }
  const dataConverter = dataConverterFrom(config);
  const stops = started;

  // The Temporal connection profile (TEMPORAL_ADDRESS, TLS, API key or a temporal.toml profile).
  const profile = readTemporalProfile();
  let connectionOptions = profile.connectionOptions;
  let temporalAddress = profile.address;
  const uiOrigins = originsFrom(config.TEMPORAL_UI_ORIGIN);
  let temporalUi: RunningTemporalUi | undefined;
  if (!temporalAddress) {
    await provisionIfMissing();
    say(`starting the Temporal dev server (${join(dataDir, 'temporal.db')})`);
    // The dev server creates its SQLite file (IINs, e-mails in every history) under umask 077: 0600.
    const umask = process.umask(0o077);
    const temporal = await startDevServer({
      dbFilename: join(dataDir, 'temporal.db'),
      port: config.TEMPORAL_PORT,
      httpPort: config.TEMPORAL_HTTP_PORT,
    }).finally(() => process.umask(umask));
    stops.push(() => temporal.teardown());
    temporalAddress = temporal.address;
    connectionOptions = { address: temporalAddress };
    keepPrivate(dataDir);
    say(`Temporal at ${temporalAddress}`);
    // Its UI, read-only, for auditors through the API (api/temporal-ui-proxy.ts).
    temporalUi = await startTemporalUi({
      temporalAddress,
      port: config.TEMPORAL_UI_PORT ?? 8233,
      publicPath: TEMPORAL_UI_PATH,
      codecEndpoint: `${TEMPORAL_UI_PATH}/codec`,
      configDir: join(dataDir, 'temporal-ui'),
    });
    if (temporalUi) stops.push(temporalUi.stop);
    else say('no Temporal UI: its server is not provisioned (npm run provision builds it)');
  }

  let databaseUrl = config.DATABASE_URL;
  if (!databaseUrl) {
    say(`starting embedded PostgreSQL (${join(dataDir, 'pg')})`);
    const postgres: RunningPostgres = await startEmbeddedPostgres({ dataDir: join(dataDir, 'pg') });
    stops.push(() => postgres.stop());
    databaseUrl = postgres.url;
    say(`PostgreSQL on port ${postgres.port}`);
  }

  const db: Db = createDb(databaseUrl);
  stops.push(() => db.destroy());
  say('migrating the database');
  await migrateToLatest(db);
  await seedCalendar(db);
  await seedDemoBodies(db);

  const nativeConnection = await NativeConnection.connect(connectionOptions);
  const connection = await Connection.connect(connectionOptions);
  stops.push(() => connection.close());
  await registerSearchAttributes(connection, profile.namespace);
  const client = new Client({ connection, namespace: profile.namespace, dataConverter });

  say('starting the worker (bundling workflows)');
  const worker: Worker = await createComplaintWorker({
    connection: nativeConnection,
    namespace: profile.namespace,
    taskQueue: config.TEMPORAL_TASK_QUEUE,
    db,
    transport: transportFromConfig({ ...config, dataDir }),
    temporal: client,
    dataConverter,
  });
  const running = worker.run();
  running.catch((err) => {
    process.stderr.write(`[start] the worker failed: ${err?.stack ?? err}\n`);
    void stopAll('the worker failed', 1);
  });
  // The SDK's runtime also stops workers on SIGINT; shut down only one still running.
  stops.push(async () => {
    if (worker.getState() === 'RUNNING') worker.shutdown();
    await running;
    await nativeConnection.close();
  });
  // The same hourly archiver as worker/main.ts: the dev server deletes a closed history a day after closing.
  await ensureArchiveSchedule(client, config.TEMPORAL_TASK_QUEUE);
  say(`history archive: Schedule ${ARCHIVE_SCHEDULE_ID}, hourly`);
  await ensureOverdueDigestSchedule(client, config.TEMPORAL_TASK_QUEUE);
  say(`heads' overdue digest: Schedule ${OVERDUE_DIGEST_SCHEDULE_ID}, daily at 09:00 Almaty`);

  const app = createApp({
    db,
    client,
    taskQueue: config.TEMPORAL_TASK_QUEUE,
    ...appealWindowOf(config),
    rateLimitPerMinute: config.RATE_LIMIT_PER_MINUTE,
    metricsFrom: config.METRICS_FROM,
    trustProxy: config.TRUST_PROXY,
    temporalUiOrigins: uiOrigins,
    temporalUi: temporalUi && {
      upstream: temporalUi.upstream,
      hosts: config.TEMPORAL_UI_HOSTS.split(',').filter((h) => h.trim()),
    },
    // The auditor's case page links here: npm start's UI, or the first origin TEMPORAL_UI_ORIGIN names.
    temporalUiUrl: temporalUi ? TEMPORAL_UI_PATH : uiOrigins[0],
  });
  const server: Server = await listen(app, config.PORT);
  stops.push(() => new Promise((ok) => server.close(ok)));
  const port = (server.address() as { port: number }).port;

  // Demo keys, new on every start: printed, and written to data/demo-keys.env for the README's curl session.
  const demo: Array<[string, Role, string | null]> = [
    ['INTAKE_KEY', 'intake', null],
    ['OFFICIAL_KEY', 'official', 'akimat-almaty'],
    ['QCB_OFFICIAL_KEY', 'official', 'qcb-almaty'],
    ['PORTAL_KEY', 'portal', null],
    ['AUDITOR_KEY', 'auditor', null],
    ['ADMIN_KEY', 'admin', null],
  ];
  const lines: string[] = [];
  say('demo API keys (new on every start; also in data/demo-keys.env):');
  for (const [name, role, bodyId] of demo) {
    // An official's key is issued to a person: the demo gives it to the body's head.
    const body = bodyId ? await findBody(db, bodyId) : undefined;
    const person = body ? headOf(body) : null;
    const { key } = await createApiKey(db, role, bodyId, 'demo', person);
    lines.push(`${name}=${key}`);
    say(`  ${role.padEnd(8)} ${bodyId ? `(${bodyId}, ${person?.surname} ${person?.initials}) ` : ''}${key}`);
  }
  writeFileSync(join(dataDir, 'demo-keys.env'), `${lines.join('\n')}\nAPI=http://localhost:${port}/v1\n`, {
    mode: 0o600,
  });
  chmodSync(join(dataDir, 'demo-keys.env'), 0o600); // also when it was there before
  say(`worker metrics at http://${workerMetrics}/metrics`);
  say(`API at http://localhost:${port}/v1 — health at http://localhost:${port}/healthz`);
  say(`pages at http://localhost:${port}/app (sign in with a key above; the portal's with a complainant IIN)`);
  if (temporalUi)
    say(`Temporal UI at http://localhost:${port}${TEMPORAL_UI_PATH}/ (read-only; auditors and administrators sign in)`);
  watchChildren();
}

main().catch(async (err) => {
  process.stderr.write(`[start] FAILED: ${err?.stack ?? err}\n`);
  // Stop what had started, so a failed start leaves no server behind.
  await stopAll('failed to start', 1);
});
