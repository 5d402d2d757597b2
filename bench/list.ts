// (d) GET /v1/complaints with the common filters over the seeded register, one request at a
// time (latency, not throughput); with BENCH_EXPLAIN, the plan of each query as the app runs it.
import { listComplaints, type ComplaintFilters, type ReadScope } from '../db/complaints';
import { expectStatus, type ApiClient } from './http';
import { cpuReport, cpuSnapshot, type CpuReport } from './cpu';
import { explainFirstStatements } from './explain';
import type { RegisterSize } from './disk-size';
import type { RegisterReadsResult } from './register-reads';
import { now, summarise, type LatencySummary } from './stats';

export interface ListQuery {
  name: string;
  /** Query string of GET /v1/complaints. */
  query: string;
  /** Which key asks: the auditor (every case) or the official of one body (its cases only). */
  as: 'auditor' | 'official:con-almaty';
  /** The same filters for db/complaints.ts listComplaints (for the plan). */
  scope: ReadScope;
  filters: ComplaintFilters;
}

const day = 86_400_000;

export function listQueries(at = Date.now()): ListQuery[] {
  const soon = new Date(at + 3 * day).toISOString();
  const longAgo = new Date(at - 180 * day).toISOString();
  const all: ReadScope = { all: true };
  const con: ReadScope = { column: 'reviewing_body_id', value: 'con-almaty' };
  return [
    {
      name: 'status=under_review',
      query: 'status=under_review',
      as: 'auditor',
      scope: all,
      filters: { status: 'under_review' },
    },
    {
      name: 'bodyId=akimat-almaty',
      query: 'bodyId=akimat-almaty',
      as: 'auditor',
      scope: all,
      filters: { bodyId: 'akimat-almaty' },
    },
    { name: 'overdue=true', query: 'overdue=true', as: 'auditor', scope: all, filters: { overdue: true } },
    {
      name: 'channel=video_appeal',
      query: 'channel=video_appeal',
      as: 'auditor',
      scope: all,
      filters: { channel: 'video_appeal' },
    },
    {
      name: 'deadlineBefore=+3d&status=under_review',
      query: `deadlineBefore=${encodeURIComponent(soon)}&status=under_review`,
      as: 'auditor',
      scope: all,
      filters: { status: 'under_review', deadlineBefore: { at: new Date(soon), inclusive: false } },
    },
    {
      name: 'deadlineBefore=-180d',
      query: `deadlineBefore=${encodeURIComponent(longAgo)}`,
      as: 'auditor',
      scope: all,
      filters: { deadlineBefore: { at: new Date(longAgo), inclusive: false } },
    },
    {
      name: 'official: status=under_review&overdue=true',
      query: 'status=under_review&overdue=true',
      as: 'official:con-almaty',
      scope: con,
      filters: { status: 'under_review', overdue: true },
    },
    {
      name: 'official: channel=post&status=closed',
      query: 'channel=post&status=closed',
      as: 'official:con-almaty',
      scope: con,
      filters: { channel: 'post', status: 'closed' },
    },
  ];
}

export interface ListResult {
  rows: number;
  requestsPerQuery: number;
  all: LatencySummary;
  byQuery: Record<string, LatencySummary & { items: number }>;
  cpu: CpuReport;
  plans?: Record<string, string>;
  /** The register's size on disk once seeded (BENCH_LIST_CASES sets how many cases). */
  register?: RegisterSize;
  /** The other reads of the whole register: SLA report and CSV, workbench queue, event feed. */
  reads?: RegisterReadsResult;
}

export async function runList(opts: {
  register?: RegisterSize;
  api: ApiClient;
  keys: Record<string, string>;
  rows: number;
  requestsPerQuery: number;
  explainUrl?: string;
  workerPid: number;
  cores: number;
  say: (l: string) => void;
}): Promise<ListResult> {
  const queries = listQueries();
  opts.say(
    `(d) GET /v1/complaints: ${queries.length} filter sets × ${opts.requestsPerQuery} requests over ${opts.rows} cases`,
  );
  const byQuery: ListResult['byQuery'] = {};
  const all: number[] = [];
  // Interleaved, so a slow query is not flattered by a cache warmed by its own repeats only.
  const samples = new Map<string, number[]>(queries.map((q) => [q.name, []]));
  const items = new Map<string, number>();
  const cpu0 = cpuSnapshot([opts.workerPid]);
  for (let r = -5; r < opts.requestsPerQuery; r++) {
    for (const q of queries) {
      const t0 = now();
      const res = await opts.api.get(`/v1/complaints?${q.query}&limit=20`, opts.keys[q.as]);
      const ms = now() - t0;
      const body = expectStatus<{ items: unknown[] }>(res, 200, `GET /v1/complaints?${q.query}`);
      if (r < 0) continue; // warm-up rounds
      samples.get(q.name)!.push(ms);
      all.push(ms);
      items.set(q.name, body.items.length);
    }
  }
  const cpu = cpuReport(cpu0, cpuSnapshot([opts.workerPid]), all.length, opts.cores);
  for (const q of queries) byQuery[q.name] = { ...summarise(samples.get(q.name)!), items: items.get(q.name) ?? 0 };
  const result: ListResult = {
    rows: opts.rows,
    requestsPerQuery: opts.requestsPerQuery,
    all: summarise(all),
    byQuery,
    cpu,
    ...(opts.register ? { register: opts.register } : {}),
  };
  if (opts.explainUrl)
    result.plans = await explainFirstStatements(
      opts.explainUrl,
      Object.fromEntries(queries.map((q) => [q.name, (db) => listComplaints(db, q.scope, q.filters, 20)])),
    );
  return result;
}
