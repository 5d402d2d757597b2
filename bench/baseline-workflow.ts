// The baseline of the benchmark: the least a workflow can do that still runs an activity, so
// its throughput is the engine's own limit on this machine (Temporal server, worker, one activity).
import { proxyActivities } from '@temporalio/workflow';

export interface BaselineActivities {
  echo(input: string): Promise<string>;
}

const { echo } = proxyActivities<BaselineActivities>({ startToCloseTimeout: '30 seconds' });

export async function baselineWorkflow(input: string): Promise<string> {
  return echo(input);
}
