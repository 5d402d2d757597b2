import { TestWorkflowEnvironment } from '@temporalio/testing';
import { bundleWorkflowCode, type WorkflowBundleWithSourceMap } from '@temporalio/worker';
import { executableOption, testServerPath } from '../../platform/provision/paths';
import { registerSearchAttributes } from '../../platform/search-attribute-setup';
import { FAILURE_CONVERTER_PATH } from '../../platform/data-converter';

/** The Java time-skipping test server, with the project's search attributes added. */
export async function createTimeSkippingEnv(): Promise<TestWorkflowEnvironment> {
  const env = await TestWorkflowEnvironment.createTimeSkipping({
    server: { executable: executableOption(testServerPath()) },
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
