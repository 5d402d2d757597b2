// npm start: the embedded default on one machine. Temporal dev server (SQLite file under ./data),
// embedded PostgreSQL (./data/pg), migrations, demo bodies and keys, the worker and the API.
// TEMPORAL_ADDRESS and DATABASE_URL switch to external services. Ctrl-C stops everything.
import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Server } from 'node:http';
import { Client, Connection } from '@temporalio/client';
import { NativeConnection, type Worker } from '@temporalio/worker';
import { transportFromConfig } from '../activities/transports-from-config';
import { createApp } from '../api/app';
import { originsFrom } from '../api/codec-cors';
import { startUiCodecServer } from '../api/ui-codec-server';
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
import { dataConverterFrom } from '../platform/data-converter';
import { PAYLOAD_KEY_FILE, payloadKeysInDataDir } from '../platform/payload-key-file';
import { installWorkerRuntime } from '../worker/runtime';
import { readTemporalProfile } from '../platform/temporal-profile';
import { createComplaintWorker } from '../worker/worker';
import { ARCHIVE_SCHEDULE_ID, ensureArchiveSchedule } from '../worker/archive-schedule';
import { provisionIfMissing } from '../platform/provision';
import { keepPrivate } from './private-data';

const say = (line: string) => process.stdout.write(`[start] ${line}\n`);

/** What has been started so far, to stop in reverse order on Ctrl-C or a failed start. */
const started: Array<() => Promise<unknown>> = [];

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
  let stopping = false;
  const stopAll = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    say(`${signal}: stopping`);
    for (const stop of stops.reverse()) await stop().catch((err) => say(`while stopping: ${err?.message ?? err}`));
    say('stopped');
    process.exit(0);
  };
  process.on('SIGINT', () => void stopAll('SIGINT'));
  process.on('SIGTERM', () => void stopAll('SIGTERM'));

  // The Temporal connection profile (TEMPORAL_ADDRESS, TLS, API key or a temporal.toml profile).
  const profile = readTemporalProfile();
  let connectionOptions = profile.connectionOptions;
  let temporalAddress = profile.address;
  let uiOrigins = originsFrom(config.TEMPORAL_UI_ORIGIN);
  if (!temporalAddress) {
    await provisionIfMissing();
    const uiPort = config.TEMPORAL_UI_PORT ?? 8233;
    say(`starting the Temporal dev server (${join(dataDir, 'temporal.db')})`);
    if (uiOrigins.length === 0) uiOrigins = [`http://localhost:${uiPort}`, `http://127.0.0.1:${uiPort}`];
    // The dev UI sends no credential: its codec listens on loopback only (api/ui-codec-server.ts).
    const codec = await startUiCodecServer({
      codecs: dataConverter.payloadCodecs ?? [],
      uiOrigins,
      port: config.UI_CODEC_PORT,
    });
    stops.push(() => codec.close());
    say(`codec for the Temporal UI at ${codec.url} (loopback only)`);
    // The dev server creates its SQLite file (IINs, e-mails in every history) under umask 077: 0600.
    const umask = process.umask(0o077);
    const temporal = await startDevServer({
      dbFilename: join(dataDir, 'temporal.db'),
      port: config.TEMPORAL_PORT,
      uiPort,
      uiIp: config.TEMPORAL_UI_IP,
      uiCodecEndpoint: codec.url,
    }).finally(() => process.umask(umask));
    stops.push(() => temporal.teardown());
    temporalAddress = temporal.address;
    connectionOptions = { address: temporalAddress };
    keepPrivate(dataDir);
    say(
      `Temporal at ${temporalAddress}, UI at http://${config.TEMPORAL_UI_IP}:${uiPort} (no login: ${config.TEMPORAL_UI_IP === '127.0.0.1' ? 'this machine only' : 'reachable from the network'})`,
    );
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
  // The SDK's runtime also stops workers on SIGINT; shut down only one still running.
  stops.push(async () => {
    if (worker.getState() === 'RUNNING') worker.shutdown();
    await running;
    await nativeConnection.close();
  });
  // The same hourly archiver as worker/main.ts: the dev server deletes a closed history a day after closing.
  await ensureArchiveSchedule(client, config.TEMPORAL_TASK_QUEUE);
  say(`history archive: Schedule ${ARCHIVE_SCHEDULE_ID}, hourly`);

  const app = createApp({
    db,
    client,
    taskQueue: config.TEMPORAL_TASK_QUEUE,
    ...appealWindowOf(config),
    rateLimitPerMinute: config.RATE_LIMIT_PER_MINUTE,
    metricsFrom: config.METRICS_FROM,
    trustProxy: config.TRUST_PROXY,
    temporalUiOrigins: uiOrigins,
    // The auditor's case page links here: the dev UI, or the first origin TEMPORAL_UI_ORIGIN names.
    temporalUiUrl: uiOrigins[0],
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
}

main().catch(async (err) => {
  process.stderr.write(`[start] FAILED: ${err?.stack ?? err}\n`);
  // Stop what had started, so a failed start leaves no server behind.
  for (const stop of started.reverse()) await stop().catch(() => undefined);
  process.exit(1);
});
