import { TestWorkflowEnvironment } from '@temporalio/testing';
import { bundleWorkflowCode, type WorkflowBundleWithSourceMap } from '@temporalio/worker';
import { executableOption, testServerPath } from '../../scripts/provision/paths';
import { complaintSearchAttributes } from '../../workflows/search-attributes';

/** The Java time-skipping test server, with the project's search attributes added. */
export async function createTimeSkippingEnv(): Promise<TestWorkflowEnvironment> {
  const env = await TestWorkflowEnvironment.createTimeSkipping({
    server: { executable: executableOption(testServerPath()) },
  });
  await env.connection.operatorService.addSearchAttributes({
    namespace: env.namespace ?? 'default',
    searchAttributes: Object.fromEntries(complaintSearchAttributes.map((k) => [k.name, searchAttributeEnum(k.type)])),
  });
  return env;
}

function searchAttributeEnum(type: string): number {
  // temporal.api.enums.v1.IndexedValueType
  return { TEXT: 1, KEYWORD: 2, INT: 3, DOUBLE: 4, BOOL: 5, DATETIME: 6, KEYWORD_LIST: 7 }[type] ?? 2;
}

const bundles = new Map<string, Promise<WorkflowBundleWithSourceMap>>();

/** Bundling takes seconds: once per workflows file per test file. */
export function workflowBundle(workflowsPath: string): Promise<WorkflowBundleWithSourceMap> {
  if (!bundles.has(workflowsPath)) bundles.set(workflowsPath, bundleWorkflowCode({ workflowsPath, logger: quietLogger }));
  return bundles.get(workflowsPath)!;
}

const quiet = () => undefined;
const quietLogger = { trace: quiet, debug: quiet, info: quiet, warn: quiet, error: console.error, log: quiet };
