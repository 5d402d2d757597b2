// The processes below a process and the life of a process group, read from Linux /proc. `npm start`
// uses them to stop every server it started however it ends; its tests use them to prove it.
import { readdirSync, readFileSync } from 'node:fs';

interface ProcessStat {
  pid: number;
  ppid: number;
  pgid: number;
  /** R, S, D, Z (a zombie: exited, not yet reaped), … */
  state: string;
}

function statOf(pid: number): ProcessStat | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // "pid (comm) state ppid pgrp …": comm may hold spaces and parentheses, so read after the last ')'.
    const [state, ppid, pgid] = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return { pid, ppid: Number(ppid), pgid: Number(pgid), state };
  } catch {
    return undefined; // gone, or no /proc on this system
  }
}

function allProcesses(): ProcessStat[] {
  let names: string[];
  try {
    names = readdirSync('/proc');
  } catch {
    return [];
  }
  return names
    .filter((name) => /^\d+$/.test(name))
    .map((name) => statOf(Number(name)))
    .filter((p): p is ProcessStat => p !== undefined);
}

/** Whether a process runs (a zombie has ended already). */
export function isRunning(pid: number): boolean {
  const stat = statOf(pid);
  return stat !== undefined && stat.state !== 'Z';
}

/** The pids of every running process below `pid` (children, their children, …). */
export function descendantsOf(pid: number): number[] {
  const all = allProcesses().filter((p) => p.state !== 'Z');
  const found: number[] = [];
  let parents = [pid];
  while (parents.length > 0) {
    const children = all.filter((p) => parents.includes(p.ppid)).map((p) => p.pid);
    found.push(...children);
    parents = children;
  }
  return found;
}

/** The direct children of `pid` that run. */
export const childrenOf = (pid: number): number[] =>
  allProcesses()
    .filter((p) => p.ppid === pid && p.state !== 'Z')
    .map((p) => p.pid);

/** The running members of a process group. */
export const groupMembers = (pgid: number): number[] =>
  allProcesses()
    .filter((p) => p.pgid === pgid && p.state !== 'Z')
    .map((p) => p.pid);
