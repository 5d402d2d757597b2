// The real servers of the fault suite as processes we own: the Temporal dev server and the
// complaint worker are children in process groups of their own (so SIGKILL reaches the whole
// program, tsx's inner node included), PostgreSQL is the embedded cluster on a data directory we
// keep. Everything started here is killed when the suite ends, fails or is interrupted.
import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, existsSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Connection } from '@temporalio/client';
import { startEmbeddedPostgres, type RunningPostgres } from '../../db/embedded-postgres';
import { temporalCliPath } from '../../platform/provision/paths';
import { complaintSearchAttributes } from '../../workflows/search-attributes';

export const repoRoot = resolve(__dirname, '..', '..');

export const sleep = (ms: number) => new Promise<void>((ok) => setTimeout(ok, ms));

/** Polls `probe` every `everyMs` until it returns true or `timeoutMs` passes; returns whether it did. */
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

// ---------------------------------------------------------------------------------------------
// Everything alive, for the last-resort cleanup on exit, failure and SIGINT/SIGTERM.

interface Owned {
  name: string;
  kill(): void;
}
const owned = new Set<Owned>();
let handlersInstalled = false;

const abortDirs = new Set<string>();

/** A directory to delete if the suite is interrupted or dies (its normal end cleans up itself). */
export function removeOnAbort(dir: string, remove = true): void {
  if (remove) abortDirs.add(dir);
  else abortDirs.delete(dir);
}

function killEverythingNow(): void {
  for (const o of owned) {
    try {
      o.kill();
    } catch {
      /* already gone */
    }
  }
  owned.clear();
  for (const dir of abortDirs) {
    try {
      rmSync(dir, { recursive: true, force: true });
    } catch {
      /* best effort */
    }
  }
  abortDirs.clear();
}

const onSignal = (signal: NodeJS.Signals) => {
  process.stderr.write(`[faults] ${signal}: killing the suite's servers\n`);
  killEverythingNow();
  process.exit(130);
};

/** Installs the last-resort handlers (idempotent); `uninstallCleanup` removes them. */
export function installCleanup(): void {
  if (handlersInstalled) return;
  handlersInstalled = true;
  process.on('exit', killEverythingNow);
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
}

export function uninstallCleanup(): void {
  killEverythingNow();
  if (!handlersInstalled) return;
  handlersInstalled = false;
  process.off('exit', killEverythingNow);
  process.off('SIGINT', onSignal);
  process.off('SIGTERM', onSignal);
}

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

/** A child in a process group of its own, output appended to a log file (never to our stdout). */
class GroupChild {
  private child?: ChildProcess;
  private exitPromise?: Promise<number | null>;
  private readonly guard: Owned;
  exited = true;

  constructor(
    readonly name: string,
    private readonly logFile: string,
  ) {
    this.guard = { name, kill: () => killGroup(this.child?.pid, 'SIGKILL') };
  }

  get pid(): number | undefined {
    return this.exited ? undefined : this.child?.pid;
  }

  spawn(command: string, args: string[], env: NodeJS.ProcessEnv, onStdout?: (text: string) => void): void {
    const log = openSync(this.logFile, 'a');
    writeSync(log, `\n=== ${new Date().toISOString()} start ${this.name}\n`);
    const child = spawn(command, args, { cwd: repoRoot, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    this.child = child;
    this.exited = false;
    owned.add(this.guard);
    const write = (chunk: Buffer) => {
      try {
        writeSync(log, chunk);
      } catch {
        /* closed */
      }
    };
    child.stdout!.on('data', (chunk: Buffer) => {
      write(chunk);
      onStdout?.(chunk.toString('utf8'));
    });
    child.stderr!.on('data', write);
    this.exitPromise = new Promise((ok) => {
      child.on('exit', (code, signal) => {
        this.exited = true;
        owned.delete(this.guard);
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
        ok(code);
      });
    });
    child.on('error', () => {
      /* reported through exit */
    });
  }

  waitForExit(): Promise<number | null> {
    return this.exitPromise ?? Promise.resolve(null);
  }

  /** SIGKILL to the whole group; resolves once the child is gone. */
  async kill9(): Promise<void> {
    if (this.exited) return;
    killGroup(this.child?.pid, 'SIGKILL');
    await this.waitForExit();
  }

  /** SIGTERM to the program, SIGKILL to the group after `graceMs`. */
  async stop(graceMs = 10_000): Promise<void> {
    if (this.exited) return;
    try {
      this.child?.kill('SIGTERM');
    } catch {
      /* gone */
    }
    const timer = setTimeout(() => killGroup(this.child?.pid, 'SIGKILL'), graceMs);
    await this.waitForExit();
    clearTimeout(timer);
    killGroup(this.child?.pid, 'SIGKILL'); // leftovers of the group, if any
  }
}

// ---------------------------------------------------------------------------------------------

/** `temporal server start-dev` on a SQLite file, so it can be SIGKILLed and started again on it. */
export class TemporalDevServer {
  private readonly proc: GroupChild;
  readonly address: string;
  readonly dbFile: string;
  starts = 0;

  constructor(
    dir: string,
    readonly port: number,
  ) {
    this.address = `127.0.0.1:${port}`;
    this.dbFile = join(dir, 'temporal.db');
    this.proc = new GroupChild('temporal', join(dir, 'temporal.log'));
  }

  get running(): boolean {
    return !this.proc.exited;
  }

  async start(): Promise<void> {
    const cli = temporalCliPath();
    if (!cli) throw new Error('no Temporal CLI: run `npm run provision` (or set TEMPORAL_CLI_PATH)');
    const args = [
      'server',
      'start-dev',
      '--headless',
      '--ip',
      '127.0.0.1',
      '--port',
      String(this.port),
      '--db-filename',
      this.dbFile,
      '--sqlite-pragma',
      'journal_mode=wal',
      '--sqlite-pragma',
      'synchronous=normal',
      ...complaintSearchAttributes.flatMap((k) => ['--search-attribute', `${k.name}=${attributeType(k.type)}`]),
      '--log-level',
      'error',
    ];
    this.proc.spawn(cli, args, process.env);
    this.starts++;
    const ready = await waitUntil(
      async () => {
        if (this.proc.exited) throw new Error('exited');
        const connection = await Connection.connect({ address: this.address, connectTimeout: 1_000 });
        try {
          await connection.workflowService.describeNamespace({ namespace: 'default' });
          return true;
        } finally {
          await connection.close();
        }
      },
      60_000,
      200,
    );
    if (!ready || this.proc.exited) {
      await this.proc.kill9();
      throw new Error(
        `the Temporal dev server did not come up on ${this.address} (log: temporal.log in the suite's directory)`,
      );
    }
  }

  kill9(): Promise<void> {
    return this.proc.kill9();
  }
  stop(): Promise<void> {
    return this.proc.stop(10_000);
  }
}

function attributeType(type: string): string {
  // SearchAttributeType values are upper-case names: KEYWORD, DATETIME, BOOL …
  const names: Record<string, string> = {
    KEYWORD: 'Keyword',
    TEXT: 'Text',
    INT: 'Int',
    DOUBLE: 'Double',
    BOOL: 'Bool',
    DATETIME: 'Datetime',
    KEYWORD_LIST: 'KeywordList',
  };
  const name = names[String(type).toUpperCase()];
  if (!name) throw new Error(`unknown search attribute type ${type}`);
  return name;
}

// ---------------------------------------------------------------------------------------------

export interface WorkerEnv {
  temporalAddress: string;
  databaseUrl: string;
  dataDir: string;
  taskQueue: string;
}

/** The complaint worker as its own process: `tsx worker/main.ts`, as a deployment runs it. */
export class WorkerProcess {
  private readonly proc: GroupChild;
  starts = 0;

  constructor(
    private readonly env: WorkerEnv,
    logFile: string,
  ) {
    this.proc = new GroupChild('worker', logFile);
  }

  get running(): boolean {
    return !this.proc.exited;
  }
  get pid(): number | undefined {
    return this.proc.pid;
  }

  /** Starts it and waits (bounded) until it polls its task queue. */
  async start(timeoutMs = 180_000): Promise<void> {
    if (this.running) throw new Error('the worker is already running');
    const env: NodeJS.ProcessEnv = { ...process.env };
    // The suite reads Temporal payloads itself: no payload encryption in these workers.
    for (const name of ['PAYLOAD_KEYS', 'PAYLOAD_KEY_ID', 'SMTP_URL', 'SMS_GATEWAY_URL', 'TEMPORAL_NAMESPACE'])
      delete env[name];
    Object.assign(env, {
      TEMPORAL_ADDRESS: this.env.temporalAddress,
      DATABASE_URL: this.env.databaseUrl,
      DATA_DIR: this.env.dataDir,
      TEMPORAL_TASK_QUEUE: this.env.taskQueue,
      LOG_LEVEL: 'warn',
    });
    let polling = false;
    let seen = '';
    this.proc.spawn(join(repoRoot, 'node_modules', '.bin', 'tsx'), ['worker/main.ts'], env, (text) => {
      seen = (seen + text).slice(-4096);
      if (seen.includes('[worker] polling')) polling = true;
    });
    this.starts++;
    const ok = await waitUntil(
      () => {
        if (this.proc.exited) throw new Error('exited');
        return polling;
      },
      timeoutMs,
      100,
    );
    if (!ok || !polling) {
      await this.proc.kill9();
      throw new Error("the worker did not start polling (see worker.log in the fault's directory)");
    }
  }

  kill9(): Promise<void> {
    return this.proc.kill9();
  }
  stop(): Promise<void> {
    return this.proc.stop(15_000);
  }
  waitForExit(): Promise<number | null> {
    return this.proc.waitForExit();
  }
}

// ---------------------------------------------------------------------------------------------

/** Embedded PostgreSQL on a data directory we keep, so it can be stopped and started again. */
export class PostgresCluster {
  private running?: RunningPostgres;
  private readonly guard: Owned;
  readonly dataDir: string;
  port = 0;
  starts = 0;

  constructor(
    dir: string,
    private readonly logFile: string,
  ) {
    this.dataDir = join(dir, 'pg');
    // postmaster.pid names the server while it runs: the last resort when we cannot wait for stop().
    this.guard = {
      name: 'postgres',
      kill: () => {
        const pid = this.postmasterPid();
        if (pid) process.kill(pid, 'SIGKILL');
      },
    };
  }

  get isRunning(): boolean {
    return !!this.running;
  }

  /** The URL of a database in this cluster (the cluster's own `complaints` by default). */
  url(database = 'complaints'): string {
    return `postgres://complaints:complaints@127.0.0.1:${this.port}/${database}`;
  }

  async start(): Promise<void> {
    if (this.running) return;
    const log = (line: string) => {
      try {
        const fd = openSync(this.logFile, 'a');
        writeSync(fd, line);
        closeSync(fd);
      } catch {
        /* ignore */
      }
    };
    this.running = await startEmbeddedPostgres({ dataDir: this.dataDir, port: this.port || undefined, onLog: log });
    this.port = this.running.port;
    this.starts++;
    owned.add(this.guard);
  }

  /** A clean (fast) shutdown: connections are cut, the data stays. */
  async stop(): Promise<void> {
    const running = this.running;
    if (!running) return;
    this.running = undefined;
    await running.stop();
    owned.delete(this.guard);
  }

  private postmasterPid(): number | undefined {
    const file = join(this.dataDir, 'postmaster.pid');
    if (!existsSync(file)) return undefined;
    const pid = Number(readFileSync(file, 'utf8').split('\n')[0]);
    return Number.isInteger(pid) && pid > 1 ? pid : undefined;
  }
}
