// (e) The size of a full-lifecycle history (file → extend → decide → escalate → decide → close)
// and the worker's memory with many open complaints waiting on their review timers.
import { randomUUID } from 'node:crypto';
import type { Client } from '@temporalio/client';
import { temporal } from '@temporalio/proto';
import { fileComplaint } from '../api/complaint-client';
import { anAppeal, portalComplaint } from '../test/support/complaints';
import { complaintWorkflowId } from '../workflows/complaint-messages';
import { complaintFor } from './filing';
import { expectStatus, type ApiClient } from './http';
import type { ChildWorker } from './stack';
import { firstError, now, runConcurrently, sleep, summarise, waitUntil, type LatencySummary } from './stats';
import { rate } from './baseline';
import { cpuReport, cpuSnapshot, type CpuReport } from './cpu';

const EventType = temporal.api.enums.v1.EventType;

export interface LifecycleResult {
  /** Events of the closed workflow, and at the moment the second decision was answered. */
  events: number;
  eventsAfterLastDecision: number;
  appealWindowSeconds: number;
  byType: Record<string, number>;
}

/**
 * Runs one case through its whole life on an app whose appeal window is `appealWindowSeconds`,
 * so closing comes after seconds, not 30 days; the history is then counted from Temporal.
 */
export async function runLifecycle(opts: {
  api: ApiClient;
  client: Client;
  keys: Record<string, string>;
  appealWindowSeconds: number;
  say: (l: string) => void;
}): Promise<LifecycleResult> {
  const { api, keys } = opts;
  opts.say('(e) one case through file → extend → decide → escalate → decide → close');
  const official = keys['official:akimat-almaty'];
  // Through the portal (electronic form): the extension notice goes out at once, no post room.
  const filed = expectStatus<{ id: string }>(
    await api.post('/v1/complaints', keys.intake, portalComplaint('akimat-almaty')),
    201,
    'file',
  );
  const path = (action: string) => `/v1/complaints/${filed.id}/${action}`;
  expectStatus(
    await api.post(path('extension'), official, {
      reason: 'additional_information',
      workingDays: 2,
      explanation: 'Waiting for the archive of the registry office.',
    }),
    200,
    'extend',
  );
  const decision = {
    outcome: 'rejected',
    reasoning: 'The refusal was lawful: the application lacked the title deed.',
    decidedBy: 'Досаев Е.А.',
  };
  expectStatus(await api.post(path('decision'), official, decision), 200, 'decide (stage 1)');
  expectStatus(await api.post(path('escalation'), keys.intake, anAppeal()), 200, 'escalate');
  expectStatus(
    await api.post(path('decision'), keys['official:qcb-almaty'], {
      ...decision,
      outcome: 'satisfied',
      decidedBy: 'Сейткали А.М.',
    }),
    200,
    'decide (stage 2)',
  );
  const handle = opts.client.workflow.getHandle(complaintWorkflowId(filed.id));
  const afterDecision = (await handle.fetchHistory()).events?.length ?? 0;
  await waitUntil(
    async () => (await api.get(`/v1/complaints/${filed.id}`, keys.auditor)).body?.status === 'closed',
    opts.appealWindowSeconds * 1000 + 60_000,
    200,
  );
  await handle.result();
  const events = (await handle.fetchHistory()).events ?? [];
  const byType: Record<string, number> = {};
  for (const e of events) {
    const name = String(EventType[e.eventType ?? 0]).replace(/^EVENT_TYPE_/, '');
    byType[name] = (byType[name] ?? 0) + 1;
  }
  return {
    events: events.length,
    eventsAfterLastDecision: afterDecision,
    appealWindowSeconds: opts.appealWindowSeconds,
    byType,
  };
}

export interface OpenCasesResult {
  openCases: number;
  filedHere: number;
  filedPerSecond: number;
  rssIdleMiB: number;
  rssAfterFilingMiB: number;
  rssSettledMiB: number;
  peakMiB: number;
  filingCpu: CpuReport;
  /** Growth of the Temporal server's database per case filed in this phase (dev server: its SQLite file and WAL). */
  temporalBytesPerOpenCase?: number;
  /** POST /v1/complaints one at a time, before the cases were opened and with all of them open. */
  oneAtATime?: { before: LatencySummary; open: LatencySummary };
  /** A decision on a case filed long before (out of the worker's cache) and on one just filed. */
  decisions?: { old: LatencySummary; cached: LatencySummary };
  errors?: string;
}

interface OpenCase {
  id: string;
  bodyId: string;
}

/** Files `n` complaints through the API one at a time: the service time, no queueing. */
async function fileOneAtATime(api: ApiClient, intakeKey: string, n: number, from: number) {
  const cases: OpenCase[] = [];
  const samples: number[] = [];
  for (let i = 0; i < n; i++) {
    const complaint = complaintFor(from + i, false);
    const t0 = now();
    const filed = expectStatus<{ id: string }>(await api.post('/v1/complaints', intakeKey, complaint), 201, 'file');
    samples.push(now() - t0);
    cases.push({ id: filed.id, bodyId: complaint.addressedTo });
  }
  return { cases, latency: summarise(samples) };
}

/** Decides each case one at a time as its body's official: the round trip of the update. */
async function decideOneAtATime(api: ApiClient, officialKeys: Record<string, string>, cases: OpenCase[]) {
  const samples: number[] = [];
  for (const { id, bodyId } of cases) {
    const t0 = now();
    const res = await api.post(`/v1/complaints/${id}/decision`, officialKeys[bodyId], {
      outcome: 'satisfied',
      reasoning: 'The certificate was issued on the day of the review; the delay is explained in the answer.',
    });
    expectStatus(res, 200, 'POST /decision');
    samples.push(now() - t0);
  }
  return summarise(samples);
}

/**
 * Files complaints through the client (update-with-start, as POST does) until `target` cases are
 * open on the task queue, then reads the worker process's resident memory from /proc.
 */
export async function runOpenCases(opts: {
  client: Client;
  taskQueue: string;
  worker: ChildWorker;
  rssIdleMiB: number;
  alreadyOpen: number;
  target: number;
  concurrency: number;
  settleMs: number;
  cores: number;
  say: (l: string) => void;
  /** Temporal's store on disk in bytes, where the bench can read it. */
  temporalStoreBytes?: () => Promise<number | undefined>;
  /** The API, to file and decide one at a time before and after the cases are opened. */
  api?: ApiClient;
  intakeKey?: string;
  officialKeys?: Record<string, string>;
  /** How many filings and decisions one at a time, each way. */
  oneAtATime?: number;
}): Promise<OpenCasesResult> {
  const { api, intakeKey, officialKeys } = opts;
  const probes = api && intakeKey && officialKeys ? (opts.oneAtATime ?? 20) : 0;
  const before = probes ? await fileOneAtATime(api!, intakeKey!, probes, 0) : undefined;
  const toFile = Math.max(0, opts.target - opts.alreadyOpen - probes);
  opts.say(
    `(e) ${opts.alreadyOpen} cases open; filing ${toFile} more through the client, ${opts.concurrency} in flight`,
  );
  const bytes0 = await opts.temporalStoreBytes?.();
  const cpu0 = cpuSnapshot([opts.worker.pid]);
  // The first cases filed here are the old ones decided at the end, long out of the worker's cache.
  const oldCases: OpenCase[] = [];
  const filed = await runConcurrently(toFile, opts.concurrency, async (i) => {
    const complaint = complaintFor(i, false);
    const complaintId = randomUUID();
    const answer = await fileComplaint(opts.client, {
      complaintId,
      complaint,
      receivedAt: new Date(),
      appealWindowDays: 30,
      taskQueue: opts.taskQueue,
    });
    if (i < probes) oldCases.push({ id: complaintId, bodyId: complaint.addressedTo });
    return answer;
  });
  const filingCpu = cpuReport(cpu0, cpuSnapshot([opts.worker.pid]), filed.latencies.length, opts.cores);
  const rssAfterFilingMiB = opts.worker.memory().rssMiB;
  opts.say(`(e) worker RSS ${rssAfterFilingMiB} MiB after filing; settling ${opts.settleMs / 1000} s`);
  // The RSS every 5 s while it settles: a heap V8 has not collected yet falls, a live one does not.
  for (let waited = 0; waited < opts.settleMs; waited += 5000) {
    await sleep(Math.min(5000, opts.settleMs - waited));
    opts.say(`(e) worker RSS ${opts.worker.memory().rssMiB} MiB, ${(waited + 5000) / 1000} s after filing`);
  }
  const { rssMiB, peakMiB } = opts.worker.memory();
  const bytes1 = await opts.temporalStoreBytes?.();
  let oneAtATime: OpenCasesResult['oneAtATime'];
  let decisions: OpenCasesResult['decisions'];
  if (before) {
    opts.say(`(e) ${probes} filings one at a time with the cases open, then decisions on old and new cases`);
    const open = await fileOneAtATime(api!, intakeKey!, probes, probes);
    oneAtATime = { before: before.latency, open: open.latency };
    const old = await decideOneAtATime(api!, officialKeys!, oldCases);
    const cached = await decideOneAtATime(api!, officialKeys!, open.cases);
    decisions = { old, cached };
  }
  return {
    ...(oneAtATime ? { oneAtATime } : {}),
    ...(decisions ? { decisions } : {}),
    openCases: opts.alreadyOpen + filed.latencies.length + 2 * probes,
    filedHere: filed.latencies.length,
    filedPerSecond: rate(filed.latencies.length, filed.elapsedMs),
    rssIdleMiB: opts.rssIdleMiB,
    rssAfterFilingMiB,
    rssSettledMiB: rssMiB,
    peakMiB,
    filingCpu,
    ...(bytes0 !== undefined && bytes1 !== undefined && filed.latencies.length > 0
      ? { temporalBytesPerOpenCase: Math.round((bytes1 - bytes0) / filed.latencies.length) }
      : {}),
    ...(filed.errors.length ? { errors: firstError(filed.errors) } : {}),
  };
}
