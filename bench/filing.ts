// (b) POST /v1/complaints through the whole stack, and (c) the decision update as an official.
import { randomUUID } from 'node:crypto';
import { officeComplaint, portalComplaint } from '../test/support/complaints';
import { rate } from './baseline';
import { cpuReport, cpuSnapshot, type CpuReport } from './cpu';
import { expectStatus, type ApiClient } from './http';
import { firstError, now, runConcurrently, summarise, waitUntil, type LatencySummary } from './stats';

/** Filings go to the four first-instance bodies in turn, half on paper at the office, half through the portal. */
export const FILING_BODIES = ['con-almaty', 'gov4c', 'akimat-almaty', 'mlsp'];

export interface FiledCase {
  id: string;
  bodyId: string;
}

export function complaintFor(i: number, singleBody: boolean) {
  const bodyId = singleBody ? 'con-almaty' : FILING_BODIES[i % FILING_BODIES.length];
  return i % 2 === 0 ? portalComplaint(bodyId) : officeComplaint(bodyId);
}

export interface FilingResult {
  n: number;
  concurrency: number;
  bodies: string[];
  perSecond: number;
  latencyMs: LatencySummary;
  cpu: CpuReport;
  /** The same request one at a time: the service time, without queueing behind 31 others. */
  sequential: { n: number; latencyMs: LatencySummary };
  errors?: string;
}

export async function runFiling(opts: {
  api: ApiClient;
  intakeKey: string;
  n: number;
  concurrency: number;
  warmup: number;
  singleBody: boolean;
  sequential: number;
  workerPid: number;
  /** The API's own process, when it runs as one: its CPU is counted apart from the load's. */
  apiPid?: number;
  cores: number;
  say: (l: string) => void;
  /** Names this run's phase in the progress lines (e.g. "before"). */
  label?: string;
}): Promise<{ result: FilingResult; cases: FiledCase[] }> {
  const { api, n, concurrency } = opts;
  const say = (line: string) => opts.say(opts.label ? `${line} [${opts.label}]` : line);
  const apiPids = opts.apiPid ? [opts.apiPid] : [];
  const run = `${randomUUID().slice(0, 8)}`;
  const file = (i: number, phase: string) =>
    api
      .post('/v1/complaints', opts.intakeKey, complaintFor(i, opts.singleBody), {
        'idempotency-key': `bench-${run}-${phase}-${i}`,
      })
      .then((res) => expectStatus<{ id: string; bodyId: string }>(res, 201, 'POST /v1/complaints'));
  say(`(b) warm-up: ${opts.warmup} filings`);
  await runConcurrently(opts.warmup, concurrency, (i) => file(i, 'warmup'));
  say(`(b) POST /v1/complaints: ${n} filings, ${concurrency} in flight`);
  const cpu0 = cpuSnapshot([opts.workerPid], apiPids);
  const filed = await runConcurrently(n, concurrency, (i) => file(i, 'run'));
  const cpu = cpuReport(cpu0, cpuSnapshot([opts.workerPid], apiPids), filed.latencies.length, opts.cores);
  say(`(b) POST /v1/complaints: ${opts.sequential} filings, one at a time`);
  const sequential = await runConcurrently(opts.sequential, 1, (i) => file(i, 'one'));
  const cases = filed.results.filter(Boolean).map((r) => ({ id: r.id, bodyId: r.bodyId }));
  return {
    cases,
    result: {
      n,
      concurrency,
      bodies: opts.singleBody ? ['con-almaty'] : FILING_BODIES,
      perSecond: rate(filed.latencies.length, filed.elapsedMs),
      latencyMs: summarise(filed.latencies),
      cpu,
      sequential: { n: opts.sequential, latencyMs: summarise(sequential.latencies) },
      ...(filed.errors.length + sequential.errors.length
        ? { errors: firstError([...filed.errors, ...sequential.errors]) }
        : {}),
    },
  };
}

export interface DecisionResult {
  n: number;
  concurrency: number;
  roundTripMs: LatencySummary;
  /** From sending the decision until GET /v1/complaints/:id shows status decided. */
  visibleMs: LatencySummary;
  errors?: string;
}

export async function runDecisions(opts: {
  api: ApiClient;
  officialKeys: Record<string, string>;
  cases: FiledCase[];
  concurrency: number;
  say: (l: string) => void;
}): Promise<DecisionResult> {
  const { api, cases, concurrency } = opts;
  opts.say(`(c) decisions: ${cases.length} cases, ${concurrency} in flight`);
  const roundTrips: number[] = [];
  const done = await runConcurrently(cases.length, concurrency, async (i) => {
    const { id, bodyId } = cases[i];
    const key = opts.officialKeys[bodyId];
    const t0 = now();
    const res = await api.post(`/v1/complaints/${id}/decision`, key, {
      outcome: i % 3 === 0 ? 'rejected' : 'satisfied',
      reasoning: 'The certificate was issued on the day of the review; the delay is explained in the answer.',
    }); // signed by the person the body's key was issued to
    expectStatus(res, 200, 'POST /decision');
    roundTrips.push(now() - t0);
    await waitUntil(async () => (await api.get(`/v1/complaints/${id}`, key)).body?.status === 'decided', 30_000, 2);
    return now() - t0;
  });
  return {
    n: cases.length,
    concurrency,
    roundTripMs: summarise(roundTrips),
    visibleMs: summarise(done.latencies),
    ...(done.errors.length ? { errors: firstError(done.errors) } : {}),
  };
}
