// `npm run cluster` as a user runs it: started on a fresh data directory, a complaint filed
// through its first API replica with the demo intake key, then Ctrl-C (SIGINT to its process
// group, as a terminal sends it). Every process it started must be gone and every port free.
import { spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { portalComplaint } from '../support/complaints';
import { check, seconds } from '../faults/context';
import type { Check } from '../faults/verify';
import { waitUntil } from '../faults/processes';
import { clusterPorts } from '../../cluster/ports';

const repoRoot = resolve(__dirname, '..', '..');

/** Every process whose parent chain leads to `root`, read from /proc now. */
function descendants(root: number): number[] {
  const parent = new Map<number, number>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      parent.set(Number(entry), Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]));
    } catch {
      /* gone */
    }
  }
  const out: number[] = [];
  for (const pid of parent.keys()) {
    for (let p = parent.get(pid); p && p > 1; p = parent.get(p))
      if (p === root) {
        out.push(pid);
        break;
      }
  }
  return out;
}

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return !readFileSync(`/proc/${pid}/stat`, 'utf8').includes(') Z ');
  } catch {
    return false;
  }
};

async function listening(port: number): Promise<boolean> {
  const { createConnection } = await import('node:net');
  return new Promise((ok) => {
    const s = createConnection({ host: '127.0.0.1', port });
    s.once('connect', () => {
      s.destroy();
      ok(true);
    });
    s.once('error', () => ok(false));
  });
}

export interface CtrlCResult {
  checks: Check[];
  notes: string[];
  complaintId?: string;
  intakeKey?: string;
  auditorKey?: string;
}

export async function npmRunClusterThenCtrlC(
  dataDir: string,
  portBase: number,
  log: (line: string) => void,
): Promise<CtrlCResult> {
  const checks: Check[] = [];
  const notes: string[] = [];
  const started = Date.now();
  // What `npm run cluster` runs (package.json), in a process group of its own like a terminal's job.
  const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/cluster.ts'], {
    cwd: repoRoot,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, DATA_DIR: dataDir, CLUSTER_PORT_BASE: String(portBase), DATABASE_URL: '' },
  });
  let output = '';
  child.stdout!.on('data', (c: Buffer) => {
    output += c.toString();
  });
  child.stderr!.on('data', (c: Buffer) => {
    output += c.toString();
  });
  const exited = new Promise<number | null>((ok) => child.on('exit', (code) => ok(code)));
  // Should this process die first, Ctrl-C the cluster on its way out.
  const onExit = () => {
    try {
      process.kill(-child.pid!, 'SIGINT');
    } catch {
      /* gone */
    }
  };
  process.on('exit', onExit);
  void exited.then(() => process.off('exit', onExit));
  const result: CtrlCResult = { checks, notes };
  try {
    const ready = await waitUntil(
      () => output.includes('[cluster] ready') || child.exitCode !== null,
      15 * 60_000,
      500,
    );
    checks.push(
      check(
        'npm run cluster came up',
        ready && output.includes('[cluster] ready'),
        output.includes('[cluster] ready')
          ? `ready in ${seconds(Date.now() - started)}`
          : `not ready: ${output.slice(-600)}`,
      ),
    );
    if (!output.includes('[cluster] ready')) return result;
    log(`npm run cluster ready in ${seconds(Date.now() - started)}`);
    const keys = Object.fromEntries(
      readFileSync(join(dataDir, 'cluster', 'demo-keys.env'), 'utf8')
        .trim()
        .split('\n')
        .map((l) => l.split('=', 2)),
    );
    const filed = await fetch(`${keys.API}/complaints`, {
      method: 'POST',
      body: JSON.stringify(portalComplaint('con-almaty')),
      headers: {
        Authorization: `Bearer ${keys.INTAKE_KEY}`,
        'Content-Type': 'application/json',
        'Idempotency-Key': 'ctrl-c-1',
      },
    });
    const receipt = (await filed.json()) as { id?: string };
    checks.push(
      check('a complaint filed through its API with the demo intake key', filed.status === 201, String(filed.status)),
    );
    Object.assign(result, { complaintId: receipt.id, intakeKey: keys.INTAKE_KEY, auditorKey: keys.AUDITOR_KEY });

    const tree = descendants(child.pid!);
    notes.push(`npm run cluster ran ${tree.length} processes under it`);
    const stopAt = Date.now();
    process.kill(-child.pid!, 'SIGINT');
    const code = await Promise.race([exited, new Promise<'timeout'>((ok) => setTimeout(() => ok('timeout'), 120_000))]);
    checks.push(
      check('Ctrl-C: it stopped and exited 0', code === 0, `exit ${code} after ${seconds(Date.now() - stopAt)}`),
    );
    await waitUntil(() => tree.every((pid) => !alive(pid)), 10_000, 200);
    const left = tree.filter(alive);
    checks.push(
      check(
        'no process of it left running',
        left.length === 0,
        left.length ? `still running: ${left.join(', ')}` : `all ${tree.length} gone`,
      ),
    );
    const busy = (await Promise.all(clusterPorts(portBase).map(async (p) => ((await listening(p)) ? p : 0)))).filter(
      Boolean,
    );
    checks.push(
      check(
        'every port of it free again',
        busy.length === 0,
        busy.length ? `still listening: ${busy.join(', ')}` : 'all free',
      ),
    );
    return result;
  } finally {
    if (child.exitCode === null) {
      try {
        process.kill(-child.pid!, 'SIGKILL');
      } catch {
        /* gone */
      }
    }
  }
}
