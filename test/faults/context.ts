import { sql } from 'kysely';
import type { Db } from '../../db/database';
import type { SuiteEnv } from './stack';
import type { FaultRow } from './table';
import type { Check } from './verify';

export interface FaultContext {
  env: SuiteEnv;
  /** FAULT_SCALE: 1 is the full run; smaller scales counts (and the outage) down for quick local runs. */
  scale: number;
  /** A tag unique to this run, for Idempotency-Keys. */
  runTag: string;
  /** Registers something to undo when the fault ends, fails or runs out of time. */
  onCleanup(fn: () => Promise<unknown>): void;
  log(line: string): void;
}

export interface Fault {
  name: string;
  /** How many complaints the fault files at this scale. */
  planned(scale: number): number;
  /** Upper bound on the fault's whole run; past it the row fails and its stack is torn down. */
  budgetMs(scale: number): number;
  run(ctx: FaultContext, startedAt: number): Promise<FaultRow>;
}

export const scaled = (n: number, scale: number, min = 1) => Math.max(min, Math.round(n * scale));

export const check = (name: string, ok: boolean, detail: string): Check => ({ name, ok, detail });

export const range = (n: number) => Array.from({ length: n }, (_, i) => i);

/** Rows in the register (complaints), optionally only those with `status`. */
export async function countComplaints(db: Db, status?: string): Promise<number> {
  let q = db.selectFrom('complaints').select(sql<number>`count(*)::int`.as('n'));
  if (status) q = q.where('status', '=', status);
  return Number((await q.executeTakeFirstOrThrow()).n);
}

export const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
