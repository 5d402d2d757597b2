import { TestWorkflowEnvironment } from '@temporalio/testing';
import { executableOption, temporalCliPath } from './provision/paths';
import { complaintSearchAttributes } from '../workflows/search-attributes';

export interface DevServerOptions {
  /** SQLite file that keeps workflows across restarts; in memory when absent. */
  dbFilename?: string;
  port?: number;
  /** The frontend's HTTP API (a random free port when absent). */
  httpPort?: number;
}

/**
 * Host names the frontend's HTTP API answers. It has no login and listens on loopback, where a
 * page on another site could still reach it through a name of its own resolved to 127.0.0.1 (DNS
 * rebinding): the server refuses such a request's foreign Host with 403.
 */
export const LOOPBACK_HTTP_HOSTS = ['localhost:*', '127.0.0.1:*', '[::1]:*'];

/**
 * The Temporal dev server (`temporal server start-dev`) with the project's search attributes, and
 * without its own UI, which cannot turn write actions off (npm start runs one that does:
 * platform/temporal-ui.ts).
 * With a file, SQLite's default pragmas make it slow (a few workflows a second); WAL and
 * `synchronous=normal` make it usable (docs/DECISIONS.md "Temporal servers on machines without internet").
 */
export async function startDevServer(options: DevServerOptions = {}): Promise<TestWorkflowEnvironment> {
  // The SDK gives the server 5 s to accept connections, then kills it; a loaded machine can take
  // longer to start it (its SQLite file or in-memory state is untouched by a failed start).
  for (let attempt = 1; ; attempt++) {
    try {
      return await createDevServer(options);
    } catch (err) {
      if (attempt >= 3 || !/did not start within/.test(String((err as Error)?.message))) throw err;
    }
  }
}

function createDevServer(options: DevServerOptions): Promise<TestWorkflowEnvironment> {
  return TestWorkflowEnvironment.createLocal({
    server: {
      executable: executableOption(temporalCliPath()),
      dbFilename: options.dbFilename,
      port: options.port,
      ui: false,
      searchAttributes: complaintSearchAttributes,
      extraArgs: [
        ...(options.dbFilename ? ['--sqlite-pragma', 'journal_mode=wal', '--sqlite-pragma', 'synchronous=normal'] : []),
        ...(options.httpPort !== undefined ? ['--http-port', String(options.httpPort)] : []),
        '--dynamic-config-value',
        `frontend.httpAllowedHosts=${JSON.stringify(LOOPBACK_HTTP_HOSTS)}`,
      ],
    },
  });
}
