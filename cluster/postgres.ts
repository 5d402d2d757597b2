// The cluster's PostgreSQL: the embedded binaries on a data directory of the cluster's (stoppable
// and restartable, for the outage test), or the server DATABASE_URL names. Either way it holds
// three databases: Temporal's persistence, Temporal's visibility, and the case register.
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import pg from 'pg';
import { startEmbeddedPostgres, type RunningPostgres } from '../db/embedded-postgres';
import { waitUntil } from './processes';
import type { SqlStore } from './temporal-config';

export interface ClusterPostgres {
  /** The server's address and credentials, for Temporal's stores. */
  server: Omit<SqlStore, 'database'>;
  /** The case register's URL. */
  registerUrl: string;
  embedded: boolean;
  get running(): boolean;
  start(): Promise<void>;
  stop(): Promise<void>;
}

export const TEMPORAL_DATABASES = { persistence: 'temporal', visibility: 'temporal_visibility' };

/** DATABASE_URL's server (its database is the register), or embedded PostgreSQL in `dataDir` on `port`. */
export async function startClusterPostgres(options: {
  databaseUrl?: string;
  dataDir: string;
  port: number;
  log: (line: string) => void;
}): Promise<ClusterPostgres> {
  if (options.databaseUrl) {
    const url = new URL(options.databaseUrl);
    const server = {
      host: url.hostname,
      port: Number(url.port || 5432),
      user: decodeURIComponent(url.username),
      password: decodeURIComponent(url.password),
    };
    const client = new pg.Client({ connectionString: options.databaseUrl });
    await client.connect();
    await client.end();
    return {
      server,
      registerUrl: options.databaseUrl,
      embedded: false,
      running: true,
      start: async () => {
        throw new Error('PostgreSQL is external (DATABASE_URL): not ours to start');
      },
      stop: async () => {
        throw new Error('PostgreSQL is external (DATABASE_URL): not ours to stop');
      },
    };
  }
  const dataDir = join(options.dataDir);
  let current: RunningPostgres | undefined;
  const killOnExit = () => {
    // The last resort when this process dies without stopping it: postmaster.pid names the server.
    const pidFile = join(dataDir, 'postmaster.pid');
    if (!current || !existsSync(pidFile)) return;
    try {
      process.kill(Number(readFileSync(pidFile, 'utf8').split('\n')[0]), 'SIGKILL');
    } catch {
      /* gone */
    }
  };
  process.on('exit', killOnExit);
  const start = async () => {
    if (current) return;
    current = await startEmbeddedPostgres({ dataDir, port: options.port, onLog: options.log });
  };
  await start();
  keepSignalsOurs();
  return {
    server: { host: '127.0.0.1', port: options.port, user: 'complaints', password: 'complaints' },
    registerUrl: current!.url,
    embedded: true,
    get running() {
      return !!current;
    },
    start,
    async stop() {
      const running = current;
      current = undefined;
      if (!running) return;
      // A terminal's Ctrl-C reaches PostgreSQL too (it shares our process group) and it shuts down
      // at once; embedded-postgres's stop() would then wait for an exit it has already missed.
      const pidFile = join(dataDir, 'postmaster.pid');
      await Promise.race([running.stop(), waitUntil(() => !existsSync(pidFile), 60_000, 100)]);
    },
  };
}

/**
 * embedded-postgres stops its servers and exits the process on SIGINT and SIGTERM (through
 * async-exit-hook), which would cut the cluster's own orderly stop short: the API replicas and
 * workers first, PostgreSQL last. The exit hook stays; only the signals are ours.
 */
let signalsKept = false;
function keepSignalsOurs(): void {
  // Once per process: a second cluster started in it (the restore drill) finds them unhooked already.
  if (signalsKept) return;
  signalsKept = true;
  const exitHook = createRequire(require.resolve('embedded-postgres'))('async-exit-hook') as {
    unhookEvent(event: string): void;
  };
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) exitHook.unhookEvent(signal);
}
