// What npm start runs (under scripts/start.ts, which ends this process group whatever happens):
// the embedded default on one machine. Temporal dev server (SQLite file under ./data), embedded
// PostgreSQL (./data/pg), migrations, demo bodies and keys, the worker and the API.
// TEMPORAL_ADDRESS and DATABASE_URL switch to external services. Ctrl-C stops everything.
import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { transportFromConfig } from '../activities/transports-from-config';
import { TEMPORAL_UI_PATH } from '../api/temporal-ui-proxy';
import { apiSettingsFrom, startApi } from '../api/start-api';
import { createApiKey, type Role } from '../db/api-keys';
import { findBody, headOf } from '../db/bodies';
import { startEmbeddedPostgres, type RunningPostgres } from '../db/embedded-postgres';
import { readConfig, webhookPolicyOf, webhookRetryDelaysOf } from '../platform/config';
import { originsFrom } from '../api/codec-cors';
import { oidcSettingsFrom } from '../api/oidc/settings';
import { DEFAULT_DISPATCH } from '../activities/webhook-dispatch';
import { startWebhookDispatcher } from '../worker/webhook-dispatcher';
import { startDevServer } from '../platform/dev-server';
import { startTemporalUi, type RunningTemporalUi } from '../platform/temporal-ui';
import { dataConverterFrom } from '../platform/data-converter';
import { PAYLOAD_KEY_FILE, payloadKeysInDataDir } from '../platform/payload-key-file';
import { connectTemporal, openRegister } from '../platform/services';
import { stopStack } from '../platform/stop-stack';
import { installWorkerRuntime } from '../worker/runtime';
import { readTemporalProfile } from '../platform/temporal-profile';
import { startWorker } from '../worker/start-worker';
import { ARCHIVE_SCHEDULE_ID } from '../worker/archive-schedule';
import { OVERDUE_DIGEST_SCHEDULE_ID } from '../worker/overdue-digest-schedule';
import { provisionIfMissing } from '../platform/provision';
import { keepPrivate } from './private-data';
import { childrenOf, isRunning } from './process-tree';

const say = (line: string) => process.stdout.write(`[start] ${line}\n`);

/** What has been started so far, to stop in reverse order on Ctrl-C or a failed start. */
const stops = stopStack((err) => say(`while stopping: ${(err as Error)?.message ?? err}`));
let stopping = false;

/** Stops what has started, newest first, and exits: every way this process ends goes through here. */
async function stopAll(reason: string, exitCode: number): Promise<void> {
  if (stopping) return;
  stopping = true;
  say(`${reason}: stopping`);
  await stops.stopAll();
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
    stops.add(() => temporal.teardown());
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
    if (temporalUi) stops.add(temporalUi.stop);
    else say('no Temporal UI: its server is not provisioned (npm run provision builds it)');
  }

  let databaseUrl = config.DATABASE_URL;
  if (!databaseUrl) {
    say(`starting embedded PostgreSQL (${join(dataDir, 'pg')})`);
    const postgres: RunningPostgres = await startEmbeddedPostgres({ dataDir: join(dataDir, 'pg') });
    stops.add(() => postgres.stop());
    databaseUrl = postgres.url;
    say(`PostgreSQL on port ${postgres.port}`);
  }

  say('migrating the database');
  const db = await openRegister(databaseUrl, stops, { demoBodies: true });
  const client = await connectTemporal({ connectionOptions, namespace: profile.namespace }, dataConverter, stops);

  say('starting the worker (bundling workflows)');
  const worker = await startWorker({
    temporal: connectionOptions,
    taskQueue: config.TEMPORAL_TASK_QUEUE,
    db,
    client,
    dataConverter,
    transport: transportFromConfig({ ...config, dataDir }),
    // The same hourly archiver as worker/main.ts: the dev server deletes a closed history a day after closing.
    schedules: true,
  });
  stops.add(() => worker.stop());
  worker.finished.catch((err) => {
    process.stderr.write(`[start] the worker failed: ${err?.stack ?? err}\n`);
    void stopAll('the worker failed', 1);
  });
  // npm start runs on this machine: webhooks may point at a receiver on loopback, over http.
  const webhookPolicy = webhookPolicyOf(config, true);
  const dispatcher = startWebhookDispatcher(db, {
    ...DEFAULT_DISPATCH,
    retryDelaysMs: webhookRetryDelaysOf(config),
    policy: webhookPolicy,
    onError: (err) =>
      process.stderr.write(`[start] webhook dispatch: ${(err as Error)?.message ?? err}
`),
  });
  stops.add(() => dispatcher.stop());
  say(`history archive: Schedule ${ARCHIVE_SCHEDULE_ID}, hourly`);
  say(`heads' overdue digest: Schedule ${OVERDUE_DIGEST_SCHEDULE_ID}, daily at 09:00 Almaty`);

  const oidc = oidcSettingsFrom(config);
  const api = await startApi({
    ...apiSettingsFrom(config),
    db,
    client,
    port: config.PORT,
    temporalUi: temporalUi && {
      upstream: temporalUi.upstream,
      hosts: config.TEMPORAL_UI_HOSTS.split(',').filter((h) => h.trim()),
    },
    // The auditor's case page links here: npm start's UI, or the first origin TEMPORAL_UI_ORIGIN names.
    temporalUiUrl: temporalUi ? TEMPORAL_UI_PATH : uiOrigins[0],
    oidc,
    webhookPolicy,
  });
  stops.add(() => api.stop());
  const port = api.port;

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
  say(
    oidc
      ? `pages at http://localhost:${port}/app (people sign in at ${oidc.issuer}; the portal with its key and a complainant IIN)`
      : `pages at http://localhost:${port}/app (sign in with a key above; the portal's with a complainant IIN)`,
  );
  if (temporalUi)
    say(`Temporal UI at http://localhost:${port}${TEMPORAL_UI_PATH}/ (read-only; auditors and administrators sign in)`);
  watchChildren();
}

main().catch(async (err) => {
  process.stderr.write(`[start] FAILED: ${err?.stack ?? err}\n`);
  // Stop what had started, so a failed start leaves no server behind.
  await stopAll('failed to start', 1);
});
