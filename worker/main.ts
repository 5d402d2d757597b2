// The worker as its own process (docker-compose, a cluster): the Temporal connection profile
// (platform/temporal-profile.ts: TEMPORAL_ADDRESS or a temporal.toml profile) and DATABASE_URL name
// the services. Runs migrations, so a fresh database is ready before the first activity.
import { resolve } from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { NativeConnection } from '@temporalio/worker';
import { ensureArchiveSchedule } from './archive-schedule';
import { ensureOverdueDigestSchedule } from './overdue-digest-schedule';
import { registerSearchAttributes } from '../platform/search-attribute-setup';
import { transportFromConfig } from '../activities/transports-from-config';
import { createDb } from '../db/database';
import { migrateToLatest } from '../db/migrate';
import { seedCalendar } from '../db/seed';
import { readConfig } from '../platform/config';
import { createComplaintWorker } from './worker';
import { dataConverterFrom } from '../platform/data-converter';
import { installWorkerRuntime } from './runtime';
import { readTemporalProfile } from '../platform/temporal-profile';

/** SIGTERM's grace: what a registration or a notice's delivery takes, with room; then they are cancelled and retried elsewhere. */
const SHUTDOWN_GRACE = '20s';

async function main(): Promise<void> {
  const config = readConfig();
  const temporal = readTemporalProfile();
  if (!temporal.address || !config.DATABASE_URL)
    throw new Error(
      'set TEMPORAL_ADDRESS (or a Temporal profile) and DATABASE_URL (npm start runs everything embedded)',
    );
  installWorkerRuntime(config.WORKER_METRICS_ADDRESS);
  const db = createDb(config.DATABASE_URL);
  await migrateToLatest(db);
  await seedCalendar(db);
  const connection = await NativeConnection.connect(temporal.connectionOptions);
  const clientConnection = await Connection.connect(temporal.connectionOptions);
  // The workflows upsert these (IncomingNumber, …): registered before the first task, whoever starts first.
  await registerSearchAttributes(clientConnection, temporal.namespace);
  const dataConverter = dataConverterFrom(config);
  const client = new Client({ connection: clientConnection, namespace: temporal.namespace, dataConverter });
  const worker = await createComplaintWorker({
    connection,
    namespace: temporal.namespace,
    taskQueue: config.TEMPORAL_TASK_QUEUE,
    db,
    transport: transportFromConfig({ ...config, dataDir: resolve(config.DATA_DIR) }),
    temporal: client,
    dataConverter,
    workflowBundle: config.WORKFLOW_BUNDLE_PATH ? { codePath: resolve(config.WORKFLOW_BUNDLE_PATH) } : undefined,
    // A rolling restart's SIGTERM lets the activities in flight (a registration, a notice) finish.
    shutdownGraceTime: SHUTDOWN_GRACE,
  });
  await ensureArchiveSchedule(client, config.TEMPORAL_TASK_QUEUE);
  await ensureOverdueDigestSchedule(client, config.TEMPORAL_TASK_QUEUE);
  const stop = () => {
    if (worker.getState() === 'RUNNING') worker.shutdown();
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  process.stdout.write(`[worker] polling ${config.TEMPORAL_TASK_QUEUE} at ${temporal.describe()}\n`);
  await worker.run();
  await connection.close();
  await clientConnection.close();
  await db.destroy();
}

main().catch((err) => {
  process.stderr.write(`[worker] FAILED: ${err?.message ?? err}\n`);
  process.exit(1);
});
