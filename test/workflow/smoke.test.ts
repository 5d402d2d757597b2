import { Worker } from '@temporalio/worker';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { createTimeSkippingEnv, workflowBundle } from '../support/time-skipping';
import { sleepFiveDays } from './smoke/sleeping-workflow';

let env: TestWorkflowEnvironment;

beforeAll(async () => {
  env = await createTimeSkippingEnv();
});

afterAll(async () => {
  await env?.teardown();
});

it('a workflow that sleeps five days completes in seconds under time skipping', async () => {
  const worker = await Worker.create({
    connection: env.nativeConnection,
    taskQueue: 'smoke',
    workflowBundle: await workflowBundle(require.resolve('./smoke/sleeping-workflow')),
  });
  const startedAt = Date.now();
  const result = await worker.runUntil(
    env.client.workflow.execute(sleepFiveDays, { workflowId: 'smoke-sleep', taskQueue: 'smoke' }),
  );
  expect(result).toBe('woke up');
  expect(Date.now() - startedAt).toBeLessThan(60_000);
});
