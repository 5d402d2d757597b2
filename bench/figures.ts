// The figures of one server's bench run, as the rows of its table (bench/report.ts prints them),
// each from the phase that measured it; a phase that did not run or failed leaves its rows n/a.
import type { BaselineResult } from './baseline';
import type { DecisionResult, FilingResult } from './filing';
import type { LifecycleResult, OpenCasesResult } from './lifecycle';
import type { ListResult } from './list';
import type { OpenLoopResult } from './open-loop';
import type { Row } from './report';
import type { WebhookBenchResult } from './webhooks';
import type { ArchiveResult } from './archive';
import type { BenchCounts } from './settings';

export interface PhaseResults {
  baseline?: BaselineResult;
  before?: FilingResult;
  filed?: FilingResult;
  openLoop?: OpenLoopResult;
  decisions?: DecisionResult;
  lifecycle?: LifecycleResult;
  open?: OpenCasesResult;
  list?: ListResult;
  webhooks?: WebhookBenchResult;
  archive?: ArchiveResult;
  /** The worker's resident memory before any case. */
  rssIdleMiB?: number;
}

export function figureRows(phases: PhaseResults, counts: BenchCounts): Row[] {
  const { baseline, before, filed, openLoop, decisions, lifecycle, open, list, webhooks, archive, rssIdleMiB } = phases;
  const ratio = (a?: number, b?: number) => (a && b ? Math.round((a / b) * 100) / 100 : undefined);
  // CPU of this run's own processes (server, database, worker, API and load) per operation: on a
  // shared machine, the ratio of these is the (b)/(a) the machine would give the bench alone.
  const ours = (cpu?: { msPerOperation: Record<string, number> }) =>
    cpu ? Math.round((cpu.msPerOperation.machineBusy - cpu.msPerOperation.other) * 10) / 10 : undefined;
  const ownCpu = (cpu?: { msPerOperation: Record<string, number> }) =>
    cpu
      ? Math.round((cpu.msPerOperation.api + cpu.msPerOperation.worker + cpu.msPerOperation.postgres) * 10) / 10
      : undefined;
  const cpuA = ours(baseline?.startAndComplete.cpu);
  const cpuB = ours(filed?.cpu);
  const rows: Row[] = [
    {
      figure: '(a) baseline start+complete, 32 in flight',
      value: baseline?.startAndComplete.perSecond,
      unit: 'wf/s',
    },
    { figure: '(a) baseline start-only loop: starts', value: baseline?.startOnly.startsPerSecond, unit: 'wf/s' },
    {
      figure: '(a) baseline start-only loop: all completed',
      value: baseline?.startOnly.completedPerSecond,
      unit: 'wf/s',
    },
    { figure: '(b) POST /v1/complaints throughput', value: filed?.perSecond, unit: '/s' },
    {
      figure: '(b)/(a) vs start+complete',
      value: ratio(filed?.perSecond, baseline?.startAndComplete.perSecond),
      unit: '',
      target: { bound: 'min', value: 0.8 },
    },
    // Starting alone waits for nothing; a filing waits for its registration: information only.
    {
      figure: '(b)/(a) vs start-only starts',
      value: ratio(filed?.perSecond, baseline?.startOnly.startsPerSecond),
      unit: '',
    },
    { figure: "(a) CPU per workflow, this run's processes", value: cpuA, unit: 'ms' },
    { figure: '(a) CPU per workflow: baseline worker', value: baseline?.workerCpuMsPerWorkflow, unit: 'ms' },
    {
      figure: '(b) CPU per filing: API + worker + PostgreSQL over (a) baseline worker',
      value: ratio(ownCpu(filed?.cpu), baseline?.workerCpuMsPerWorkflow),
      unit: '',
      target: { bound: 'max', value: 2 },
    },
    { figure: "(b) CPU per filing, this run's processes", value: cpuB, unit: 'ms' },
    { figure: '(b)/(a) by CPU cost (machine to itself)', value: ratio(cpuA, cpuB), unit: '' },
    // The filing's own processes (API, worker, PostgreSQL), and the Temporal server
    // apart, before (bench/before/) and after, in this same run.
    { figure: '(b) CPU per filing: API + worker + PostgreSQL, before', value: ownCpu(before?.cpu), unit: 'ms' },
    { figure: '(b) CPU per filing: API + worker + PostgreSQL', value: ownCpu(filed?.cpu), unit: 'ms' },
    ...(['api', 'worker', 'postgres', 'temporal'] as const).flatMap((part) => [
      { figure: `(b) CPU per filing: ${part}, before`, value: before?.cpu.msPerOperation[part], unit: 'ms' },
      { figure: `(b) CPU per filing: ${part}`, value: filed?.cpu.msPerOperation[part], unit: 'ms' },
    ]),
    { figure: '(b) POST p50, one at a time, before', value: before?.sequential.latencyMs.p50, unit: 'ms' },
    { figure: '(b) other work on the machine, per filing', value: filed?.cpu.msPerOperation.other, unit: 'ms' },
    // The bare engine's own latency with 32 in flight: the floor under (b)'s.
    { figure: '(a) baseline start p99, 32 in flight', value: baseline?.startOnly.startLatencyMs.p99, unit: 'ms' },
    {
      figure: '(a) baseline start+complete p99, 32 in flight',
      value: baseline?.startAndComplete.latencyMs.p99,
      unit: 'ms',
    },
    { figure: '(b) POST p50, 32 in flight', value: filed?.latencyMs.p50, unit: 'ms' },
    { figure: '(b) POST p95, 32 in flight', value: filed?.latencyMs.p95, unit: 'ms' },
    {
      figure: '(b) POST p99, 32 in flight',
      value: filed?.latencyMs.p99,
      unit: 'ms',
      target: { bound: 'max', value: 150 },
    },
    { figure: '(o) open loop: arrivals/s (half of (b))', value: openLoop?.targetPerSecond, unit: '/s' },
    { figure: '(o) open loop: POST p50', value: openLoop?.latencyMs.p50, unit: 'ms' },
    {
      figure: '(o) open loop: POST p99',
      value: openLoop?.latencyMs.p99,
      unit: 'ms',
      target: { bound: 'max', value: 150 },
    },
    { figure: '(b) POST p50, one at a time', value: filed?.sequential.latencyMs.p50, unit: 'ms' },
    {
      figure: '(b) POST p99, one at a time',
      value: filed?.sequential.latencyMs.p99,
      unit: 'ms',
      target: { bound: 'max', value: 150 },
    },
    {
      figure: '(w) POST /v1/complaints throughput, one webhook subscriber',
      value: webhooks?.filing.perSecond,
      unit: '/s',
    },
    {
      figure: '(w)/(b) filing throughput with a subscriber vs none',
      value: ratio(webhooks?.filing.perSecond, filed?.perSecond),
      unit: '',
      target: { bound: 'min', value: 0.9 },
    },
    { figure: '(w) webhook lag, event to verified receipt p50', value: webhooks?.lagMs.p50, unit: 'ms' },
    { figure: '(w) webhook lag, event to verified receipt p99', value: webhooks?.lagMs.p99, unit: 'ms' },
    { figure: '(c) decision round trip p50', value: decisions?.roundTripMs.p50, unit: 'ms' },
    { figure: '(c) decision round trip p99', value: decisions?.roundTripMs.p99, unit: 'ms' },
    { figure: '(c) decision until GET shows decided p50', value: decisions?.visibleMs.p50, unit: 'ms' },
    { figure: '(c) decision until GET shows decided p99', value: decisions?.visibleMs.p99, unit: 'ms' },
    { figure: `(d) GET /v1/complaints p50 (${counts.listRows} cases)`, value: list?.all.p50, unit: 'ms' },
    {
      figure: `(d) GET /v1/complaints p99 (${counts.listRows} cases)`,
      value: list?.all.p99,
      unit: 'ms',
      target: { bound: 'max', value: 20 },
    },
    { figure: '(d) register on disk per case (whole database)', value: list?.register?.bytesPerCase, unit: 'B' },
    ...Object.entries(list?.byQuery ?? {}).map(([name, s]) => ({
      figure: `(d)   p99 ${name}`,
      value: s.p99,
      unit: 'ms',
    })),
    {
      figure: '(d) workbench queue (an official, /app) p99',
      value: list?.reads?.workbenchQueue.p99,
      unit: 'ms',
      target: { bound: 'max', value: 100 },
    },
    {
      figure: '(d) SLA report for a year (GET /v1/reports/sla) p99',
      value: list?.reads?.slaYear.p99,
      unit: 'ms',
      target: { bound: 'max', value: 1000 },
    },
    {
      figure: "(d) SLA dashboard's CSV for a year p99",
      value: list?.reads?.dashboardCsvYear.p99,
      unit: 'ms',
      target: { bound: 'max', value: 1000 },
    },
    ...(['auditor', 'official', 'intake'] as const).map((reader) => ({
      figure: `(d) event feed p99, ${reader} following it`,
      value: list?.reads?.feed[reader].p99,
      unit: 'ms',
      target: { bound: 'max' as const, value: 20 },
    })),
    {
      figure: '(e) events in a full-lifecycle history',
      value: lifecycle?.events,
      unit: '',
      target: { bound: 'max', value: 60 },
    },
    { figure: '(e) events after the last decision', value: lifecycle?.eventsAfterLastDecision, unit: '' },
    {
      figure: `(e) worker RSS, ${open?.openCases ?? counts.openCases} open cases (settled)`,
      value: open?.rssSettledMiB,
      unit: 'MiB',
      target: { bound: 'max', value: 300 },
    },
    { figure: '(e) worker RSS peak (VmHWM)', value: open?.peakMiB, unit: 'MiB' },
    {
      figure: '(e) POST p50 one at a time, before the cases were open',
      value: open?.oneAtATime?.before.p50,
      unit: 'ms',
    },
    {
      figure: `(e) POST p50 one at a time, ${open?.openCases ?? counts.openCases} cases open`,
      value: open?.oneAtATime?.open.p50,
      unit: 'ms',
    },
    {
      figure: '(e) POST p50 with the cases open over before',
      value: ratio(open?.oneAtATime?.open.p50, open?.oneAtATime?.before.p50),
      unit: '',
      target: { bound: 'max', value: 1.2 },
    },
    { figure: "(e) decision p50, a case out of the worker's cache", value: open?.decisions?.old.p50, unit: 'ms' },
    { figure: '(e) decision p50, a case just filed (cached)', value: open?.decisions?.cached.p50, unit: 'ms' },
    {
      figure: '(e) decision p50, old case over cached',
      value: ratio(open?.decisions?.old.p50, open?.decisions?.cached.p50),
      unit: '',
      target: { bound: 'max', value: 2 },
    },
    { figure: '(e) Temporal database growth per open case', value: open?.temporalBytesPerOpenCase, unit: 'B' },
    { figure: '(e) worker RSS idle at start', value: rssIdleMiB, unit: 'MiB' },
    { figure: '(h) closed cases archived before the walk', value: archive?.archivedBefore, unit: '' },
    { figure: '(h) closed cases archived by the walk', value: archive?.archived, unit: '' },
    { figure: '(h) archive walk: histories per second', value: archive?.perSecond, unit: '/s' },
    {
      figure: '(h) archive walk: 50 000 closed cases, at that rate',
      value: archive?.secondsFor50000,
      unit: 's',
      // The namespace keeps a closed history 3 days (npm run cluster) and the archiver runs hourly:
      // a day's walk would still leave two days to spare.
      target: { bound: 'max', value: 86_400 },
    },
    { figure: '(h) archive on disk per history', value: archive?.bytesPerCase, unit: 'B' },
  ];
  return rows;
}
