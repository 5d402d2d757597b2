// A row of the cluster suite: like a fault row (test/faults/context.ts), on the one shared cluster.
import type { FaultRow } from '../faults/table';
import type { ClusterOptions } from '../../cluster/cluster';
import type { TestCluster } from './harness';

export interface ClusterRowContext {
  /** The cluster under test; a row that restarts it (the restore drill) puts the new one here. */
  t: TestCluster;
  /** How the harness started it, to start it again on the same data and ports. */
  clusterOptions: ClusterOptions;
  /** Unique to this run, for Idempotency-Keys. */
  runTag: string;
  /** The API replicas' appeal window (APPEAL_WINDOW_DAYS as seconds). */
  appealWindowSeconds: number;
  /** Records a complaint this suite filed; every row's inspection counts all of them. */
  expect(complaintId: string): void;
  /** Every complaint filed so far: a register row or workflow outside this set is a duplicate. */
  expected(): string[];
  /** Takes back a complaint that legitimately is not there (acknowledged after a restore's target). */
  forget(complaintId: string): void;
  log(line: string): void;
  /** What one row leaves for a later one (the lifecycle's complaint id for the CLI query). */
  shared: Record<string, string>;
}

export interface ClusterRow {
  name: string;
  budgetMs: number;
  run(ctx: ClusterRowContext, startedAt: number): Promise<FaultRow>;
}
