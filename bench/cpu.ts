// Where the CPU goes during a phase: user+system time of the Temporal server, PostgreSQL, the
// worker process, the API process (when it runs as its own) and this one (load, and the API when
// it runs here), read from /proc, and the machine's total, so the
// share of other work on the machine shows too. On 2 cores this is what limits throughput.
import { readdirSync, readFileSync } from 'node:fs';

const TICK_MS = 10; // USER_HZ is 100 on Linux

type Part = 'temporal' | 'postgres' | 'worker' | 'api' | 'bench' | 'other';
export type CpuSnapshot = { at: number; parts: Record<Part, number>; machineBusyMs: number };
export type CpuUsage = Record<Part | 'machineBusy', number>;

interface ProcStat {
  pid: number;
  ppid: number;
  comm: string;
  ms: number;
}

function readProc(pid: string): ProcStat | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const close = stat.lastIndexOf(')');
    const fields = stat.slice(close + 2).split(' ');
    // After "pid (comm) ": state ppid … utime stime are fields 14 and 15 of stat (1-based).
    return {
      pid: Number(pid),
      ppid: Number(fields[1]),
      comm: stat.slice(stat.indexOf('(') + 1, close),
      ms: (Number(fields[11]) + Number(fields[12])) * TICK_MS,
    };
  } catch {
    return undefined; // the process ended meanwhile
  }
}

/**
 * Only this run's processes count as ours, by ancestry: the dev server and PostgreSQL it started,
 * the worker child and whatever that starts. Another run's servers on the machine are `other`.
 */
export function cpuSnapshot(workerPids: number[] = [], apiPids: number[] = []): CpuSnapshot {
  const parts: Record<Part, number> = { temporal: 0, postgres: 0, worker: 0, api: 0, bench: 0, other: 0 };
  const procs = new Map<number, ProcStat>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const p = readProc(entry);
    if (p) procs.set(p.pid, p);
  }
  const partOf = (p: ProcStat): Part => {
    for (let q: ProcStat | undefined = p; q; q = procs.get(q.ppid)) {
      if (workerPids.includes(q.pid)) return 'worker';
      if (apiPids.includes(q.pid)) return 'api';
      if (q.pid === process.pid) {
        if (p.pid === process.pid) return 'bench';
        // The dev server is the CLI (`temporal`); the cluster's services are the server binary (`server`).
        if (p.comm === 'temporal' || p.comm === 'server') return 'temporal';
        if (p.comm === 'postgres' || p.comm === 'postmaster') return 'postgres';
        return 'bench';
      }
      if (q.ppid === q.pid || q.ppid === 0) break;
    }
    return 'other';
  };
  for (const p of procs.values()) parts[partOf(p)] += p.ms;
  const cpu = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).slice(1).map(Number);
  const idle = cpu[3] + cpu[4];
  const total = cpu.slice(0, 8).reduce((a, b) => a + b, 0);
  return { at: Date.now(), parts, machineBusyMs: (total - idle) * TICK_MS };
}

/** CPU milliseconds spent between two snapshots; `other` counts only processes alive at both. */
export function cpuBetween(a: CpuSnapshot, b: CpuSnapshot): CpuUsage {
  const d = (k: Part) => Math.max(0, b.parts[k] - a.parts[k]);
  const known = d('temporal') + d('postgres') + d('worker') + d('api') + d('bench');
  const busy = b.machineBusyMs - a.machineBusyMs;
  return {
    temporal: d('temporal'),
    postgres: d('postgres'),
    worker: d('worker'),
    api: d('api'),
    bench: d('bench'),
    other: Math.max(0, busy - known),
    machineBusy: busy,
  };
}

/** CPU milliseconds per operation, by part. */
export function perOperation(usage: CpuUsage, operations: number): Record<string, number> {
  return Object.fromEntries(
    Object.entries(usage).map(([k, v]) => [k, Math.round((v / Math.max(1, operations)) * 100) / 100]),
  );
}

export interface CpuReport {
  wallMs: number;
  /** CPU ms per operation by part, and the machine's busy share (1 = every core busy). */
  msPerOperation: Record<string, number>;
  machineUtilisation: number;
}

export function cpuReport(a: CpuSnapshot, b: CpuSnapshot, operations: number, cores: number): CpuReport {
  const usage = cpuBetween(a, b);
  const wallMs = b.at - a.at;
  return {
    wallMs,
    msPerOperation: perOperation(usage, operations),
    machineUtilisation: Math.round((usage.machineBusy / (wallMs * cores)) * 100) / 100,
  };
}
