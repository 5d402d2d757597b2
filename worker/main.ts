// The worker as its own process (docker-compose, a cluster): the Temporal connection profile
// (platform/temporal-profile.ts: TEMPORAL_ADDRESS or a temporal.toml profile) and DATABASE_URL name
// the services. Runs migrations, so a fresh database is ready before the first activity.
import { resolve } from 'node:path';
import { transportFromConfig } from '../activities/transports-from-config';
import { readConfig, webhookPolicyOf, webhookRetryDelaysOf } from '../platform/config';
import { DEFAULT_DISPATCH } from '../activities/webhook-dispatch';
import { startWebhookDispatcher } from './webhook-dispatcher';
import { dataConverterFrom } from '../platform/data-converter';
import { connectTemporal, openRegister } from '../platform/services';
import { stopStack } from '../platform/stop-stack';
import { readTemporalProfile } from '../platform/temporal-profile';
import { installWorkerRuntime } from './runtime';
import { startWorker } from './start-worker';

/** SIGTERM's grace: what a registration or a notice's delivery takes, with room; then they are cancelled and retried elsewhere. */
const SHUTDOWN_GRACE = '20s';

const stops = stopStack((err) => process.stderr.write(`[worker] while stopping: ${(err as Error)?.message ?? err}\n`));

async function main(): Promise<void> {
  const config = readConfig();
  const temporal = readTemporalProfile();
  if (!temporal.address || !config.DATABASE_URL)
    throw new Error(
      'set TEMPORAL_ADDRESS (or a Temporal profile) and DATABASE_URL (npm start runs everything embedded)',
    );
  installWorkerRuntime(config.WORKER_METRICS_ADDRESS);
  const db = await openRegister(config.DATABASE_URL, stops);
  const dataConverter = dataConverterFrom(config);
  const client = await connectTemporal(temporal, dataConverter, stops);
  const worker = await startWorker({
    temporal: temporal.connectionOptions,
    taskQueue: config.TEMPORAL_TASK_QUEUE,
    db,
    client,
    dataConverter,
    transport: transportFromConfig({ ...config, dataDir: resolve(config.DATA_DIR) }),
    workflowBundle: config.WORKFLOW_BUNDLE_PATH ? { codePath: resolve(config.WORKFLOW_BUNDLE_PATH) } : undefined,
    // A rolling restart's SIGTERM lets the activities in flight (a registration, a notice) finish.
    shutdownGraceTime: SHUTDOWN_GRACE,
    schedules: true,
  });
  stops.add(() => worker.stop());
  // Webhook deliveries leave from every worker process; they share the outbox in PostgreSQL.
  const dispatcher = startWebhookDispatcher(db, {
    ...DEFAULT_DISPATCH,
    retryDelaysMs: webhookRetryDelaysOf(config),
    policy: webhookPolicyOf(config),
    onError: (err) => process.stderr.write(`[worker] webhook dispatch: ${(err as Error)?.message ?? err}\n`),
  });
  stops.add(() => dispatcher.stop());
  const stop = () => void worker.stop().catch(() => undefined);
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  process.stdout.write(`[worker] polling ${config.TEMPORAL_TASK_QUEUE} at ${temporal.describe()}\n`);
  // Runs until a signal stops it; a failed worker rejects here, and the process says so and exits 1.
  await worker.finished;
  await stops.stopAll();
}

main().catch(async (err) => {
  process.stderr.write(`[worker] FAILED: ${err?.message ?? err}\n`);
  await stops.stopAll();
  process.exit(1);
});
