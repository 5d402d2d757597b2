// The baseline workflow's worker, as its own process like the complaint worker (worker/main.ts),
// so (a) and (b) of the benchmark run the same way: load and API here, worker over there.
import { DefaultLogger, NativeConnection, Runtime, Worker } from '@temporalio/worker';
import type { BaselineActivities } from './baseline-workflow';

Runtime.install({ logger: new DefaultLogger('WARN') });

async function main(): Promise<void> {
  const address = process.env.TEMPORAL_ADDRESS;
  const taskQueue = process.env.TEMPORAL_TASK_QUEUE;
  if (!address || !taskQueue) throw new Error('set TEMPORAL_ADDRESS and TEMPORAL_TASK_QUEUE');
  const connection = await NativeConnection.connect({ address });
  const activities: BaselineActivities = { echo: async (input) => input };
  const worker = await Worker.create({
    connection, namespace: process.env.TEMPORAL_NAMESPACE ?? 'default', taskQueue, activities,
    workflowsPath: require.resolve('./baseline-workflow'),
  });
  const stop = () => { if (worker.getState() === 'RUNNING') worker.shutdown(); };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  process.stdout.write(`[worker] polling ${taskQueue} at ${address}\n`);
  await worker.run();
  await connection.close();
}

main().catch((err) => {
  process.stderr.write(`[baseline-worker] FAILED: ${err?.stack ?? err}\n`);
  process.exit(1);
});
