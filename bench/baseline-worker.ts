// The baseline workflow's worker, as its own process like the complaint worker (worker/main.ts),
// so (a) and (b) of the benchmark run the same way: load and API here, worker over there.
import { DefaultLogger, NativeConnection, Runtime, Worker } from '@temporalio/worker';
import { readTemporalProfile } from '../platform/temporal-profile';
import type { BaselineActivities } from './baseline-workflow';

Runtime.install({ logger: new DefaultLogger('WARN') });

async function main(): Promise<void> {
  // The same connection profile as the complaint worker (TEMPORAL_ADDRESS, or TLS through a profile).
  const temporal = readTemporalProfile();
  const taskQueue = process.env.TEMPORAL_TASK_QUEUE;
  if (!temporal.address || !taskQueue)
    throw new Error('set TEMPORAL_ADDRESS (or a Temporal profile) and TEMPORAL_TASK_QUEUE');
  const connection = await NativeConnection.connect(temporal.connectionOptions);
  const activities: BaselineActivities = { echo: async (input) => input };
  const worker = await Worker.create({
    connection,
    namespace: temporal.namespace,
    taskQueue,
    activities,
    workflowsPath: require.resolve('./baseline-workflow'),
  });
  const stop = () => {
    if (worker.getState() === 'RUNNING') worker.shutdown();
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  process.stdout.write(`[worker] polling ${taskQueue} at ${temporal.describe()}\n`);
  await worker.run();
  await connection.close();
}

main().catch((err) => {
  process.stderr.write(`[baseline-worker] FAILED: ${err?.stack ?? err}\n`);
  process.exit(1);
});
