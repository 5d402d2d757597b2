// The complaint worker of `npm run bench:storm` as its own process: worker/worker.ts with the real
// activities, on the time-skipping test server (which has no Schedules, so not worker/main.ts),
// notices written as files under STORM_OUTBOX (the transport is not what is measured).
import { resolve } from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { NativeConnection } from '@temporalio/worker';
import { fileTransport } from '../activities';
import { createDb } from '../db/database';
import { createComplaintWorker } from '../worker/worker';

async function main(): Promise<void> {
  const address = process.env.TEMPORAL_ADDRESS!;
  const db = createDb(process.env.DATABASE_URL!);
  const connection = await NativeConnection.connect({ address });
  const clientConnection = await Connection.connect({ address });
  const worker = await createComplaintWorker({
    connection,
    taskQueue: process.env.TEMPORAL_TASK_QUEUE!,
    db,
    transport: fileTransport(process.env.STORM_OUTBOX!),
    temporal: new Client({ connection: clientConnection }),
    ...(process.env.WORKFLOW_BUNDLE_PATH
      ? { workflowBundle: { codePath: resolve(process.env.WORKFLOW_BUNDLE_PATH) } }
      : {}),
  });
  const stop = () => {
    if (worker.getState() === 'RUNNING') worker.shutdown();
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  process.stdout.write(`[worker] polling ${process.env.TEMPORAL_TASK_QUEUE}\n`);
  await worker.run();
  await connection.close();
  await clientConnection.close();
  await db.destroy();
}

main().catch((err) => {
  process.stderr.write(`[storm-worker] FAILED: ${err?.stack ?? err}\n`);
  process.exit(1);
});
