// The cluster's programs as children we own: each in a process group of its own (so a signal
// reaches a tsx wrapper's inner node too, and a terminal's Ctrl-C reaches only us, who stop them
// in order), output appended to a log file. Whatever is still alive when this process exits is
// SIGKILLed, so a crash of the cluster script leaves nothing behind either.
import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, openSync, writeSync } from 'node:fs';

const alive = new Set<ManagedProcess>();
let exitHookInstalled = false;

function killGroup(pid: number | undefined, signal: NodeJS.Signals): void {
  if (!pid) return;
  try {
    process.kill(-pid, signal);
  } catch {
    /* group gone */
  }
  try {
    process.kill(pid, signal);
  } catch {
    /* gone */
  }
}

/** SIGKILLs every managed process still running (the last resort on exit). */
export function killAllManaged(): void {
  for (const p of alive) killGroup(p.pid, 'SIGKILL');
  alive.clear();
}

export interface ProcessSpec {
  name: string;
  command: string;
  args: string[];
  env?: NodeJS.ProcessEnv;
  cwd?: string;
  logFile: string;
}

/** A program that can be started, SIGKILLed and started again with the same command line. */
export class ManagedProcess {
  private child?: ChildProcess;
  private exited: Promise<number | null> = Promise.resolve(null);
  running = false;
  starts = 0;

  constructor(readonly spec: ProcessSpec) {
    if (!exitHookInstalled) {
      exitHookInstalled = true;
      process.on('exit', killAllManaged);
    }
  }

  get name(): string {
    return this.spec.name;
  }
  get pid(): number | undefined {
    return this.running ? this.child?.pid : undefined;
  }

  /** Starts the program; `onOutput` sees its stdout and stderr (for readiness lines). */
  start(onOutput?: (text: string) => void): void {
    if (this.running) throw new Error(`${this.name} is already running`);
    const log = openSync(this.spec.logFile, 'a');
    writeSync(log, `\n=== ${new Date().toISOString()} start ${this.name}\n`);
    const child = spawn(this.spec.command, this.spec.args, {
      cwd: this.spec.cwd,
      env: this.spec.env ?? process.env,
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.child = child;
    this.running = true;
    this.starts++;
    alive.add(this);
    const write = (chunk: Buffer) => {
      try {
        writeSync(log, chunk);
      } catch {
        /* closed */
      }
      onOutput?.(chunk.toString('utf8'));
    };
    child.stdout!.on('data', write);
    child.stderr!.on('data', write);
    child.on('error', () => undefined); // reported through 'exit'
    this.exited = new Promise((resolve) => {
      child.on('exit', (code, signal) => {
        this.running = false;
        alive.delete(this);
        try {
          writeSync(log, `=== ${new Date().toISOString()} exit ${code ?? signal}\n`);
        } catch {
          /* closed */
        }
        setTimeout(() => {
          try {
            closeSync(log);
          } catch {
            /* closed */
          }
        }, 100);
        resolve(code);
      });
    });
  }

  waitForExit(): Promise<number | null> {
    return this.exited;
  }

  /** SIGKILL to the whole group, as a crash or the OOM killer would; resolves once it is gone. */
  async kill9(): Promise<void> {
    if (!this.running) return;
    killGroup(this.child?.pid, 'SIGKILL');
    await this.exited;
  }

  /** SIGTERM (or `signal`) to the group, a graceful stop; SIGKILL after `graceMs`. */
  async stop(graceMs = 15_000, signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
    if (!this.running) return;
    killGroup(this.child?.pid, signal);
    const timer = setTimeout(() => killGroup(this.child?.pid, 'SIGKILL'), graceMs);
    await this.exited;
    clearTimeout(timer);
    killGroup(this.child?.pid, 'SIGKILL'); // leftovers of the group, if any
  }
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Polls `probe` until it returns true or `timeoutMs` passes; returns whether it did. */
export async function waitUntil(
  probe: () => Promise<boolean> | boolean,
  timeoutMs: number,
  everyMs = 250,
): Promise<boolean> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    try {
      if (await probe()) return true;
    } catch {
      // not yet
    }
    if (Date.now() >= until) return false;
    await sleep(everyMs);
  }
}
