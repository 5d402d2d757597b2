import { TestWorkflowEnvironment } from '@temporalio/testing';
import { executableOption, temporalCliPath } from './provision/paths';
import { complaintSearchAttributes } from '../workflows/search-attributes';

export interface DevServerOptions {
  /** SQLite file that keeps workflows across restarts; in memory when absent. */
  dbFilename?: string;
  port?: number;
  uiPort?: number;
  /** Interface of the UI (it has no login); the server itself listens on 127.0.0.1. */
  uiIp?: string;
  /** Where the UI decodes encrypted payloads (the API's /v1/codec). */
  uiCodecEndpoint?: string;
}

/**
 * The Temporal dev server (`temporal server start-dev`) with the project's search attributes.
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
      ui: options.uiPort !== undefined,
      uiPort: options.uiPort,
      searchAttributes: complaintSearchAttributes,
      extraArgs: [
        ...(options.dbFilename ? ['--sqlite-pragma', 'journal_mode=wal', '--sqlite-pragma', 'synchronous=normal'] : []),
        ...(options.uiCodecEndpoint ? ['--ui-codec-endpoint', options.uiCodecEndpoint] : []),
        ...(options.uiPort !== undefined ? ['--ui-ip', options.uiIp ?? '127.0.0.1'] : []),
      ],
    },
  });
}
