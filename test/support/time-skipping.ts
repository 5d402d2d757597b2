import { TestWorkflowEnvironment } from '@temporalio/testing';
import { bundleWorkflowCode, type WorkflowBundleWithSourceMap } from '@temporalio/worker';
import { executableOption, testServerPath } from '../../platform/provision/paths';
import { registerSearchAttributes } from '../../platform/search-attribute-setup';
import { FAILURE_CONVERTER_PATH } from '../../platform/data-converter';

/**
 * The day the workflow tests start on unless a test pins another: a Wednesday, 09:00 in Almaty.
 * Terms are counted in working days, so a test that started on the machine's date would meet
 * different holidays and weekends on different days of the year.
 */
export const PINNED_START = new Date('2026-12-02T04:00:00Z');

/**
 * The Java time-skipping test server, its clock starting at `startsAt` (our launcher,
 * platform/provision/PinnedClockTestServer.java), with the project's search attributes added.
 */
export async function createTimeSkippingEnv(startsAt: Date): Promise<TestWorkflowEnvironment> {
  const path = testServerPath();
  if (!path) throw new Error('the time-skipping test server is not provisioned: run `npm run provision`');
  const env = await TestWorkflowEnvironment.createTimeSkipping({
    server: { executable: executableOption(path), extraArgs: [startsAt.toISOString()] },
  });
  await registerSearchAttributes(env.connection, env.namespace ?? 'default');
  return env;
}

const bundles = new Map<string, Promise<WorkflowBundleWithSourceMap>>();

/** Bundling takes seconds: once per workflows file per test file. */
export function workflowBundle(workflowsPath: string): Promise<WorkflowBundleWithSourceMap> {
  if (!bundles.has(workflowsPath))
    bundles.set(
      workflowsPath,
      bundleWorkflowCode({ workflowsPath, failureConverterPath: FAILURE_CONVERTER_PATH, logger: quietLogger }),
    );
  return bundles.get(workflowsPath)!;
}

const quiet = () => undefined;
const quietLogger = { trace: quiet, debug: quiet, info: quiet, warn: quiet, error: console.error, log: quiet };
