// An experiment, not a deployment: worker/main.ts with the Temporal sandbox's two per-call costs
// taken out, to measure what they cost a filing (docs/PERFORMANCE.md). Workflows run on the main
// thread (the SDK's debugMode), calls into the workflow context carry no timeout (Node starts
// a watchdog thread per call that has one: the SDK's deadlock detection), and promises created in
// workflow code record no stack trace (the SDK's stack-trace query). Both are safety and
// diagnosis features the deployed worker keeps. BENCH_WORKER_SCRIPT=bench/lean-sandbox-worker.ts
import v8 from 'node:v8';
import vm from 'node:vm';
import { Worker, type WorkerOptions } from '@temporalio/worker';

const runInContext = vm.Script.prototype.runInContext;
vm.Script.prototype.runInContext = function (context, options) {
  const { timeout: _timeout, ...rest } = options ?? {};
  return runInContext.call(this, context, rest);
};
v8.promiseHooks.createHook = () => () => undefined;

const create = Worker.create.bind(Worker);
// debugMode runs the workflows on the main thread (ReusableVMWorkflowCreator), where the two patches apply.
Worker.create = (options: WorkerOptions) => create({ ...options, debugMode: true, reuseV8Context: true });

// eslint-disable-next-line @typescript-eslint/no-require-imports
require('../worker/main');
