import { TestWorkflowEnvironment } from '@temporalio/testing';
import { executableOption, temporalCliPath } from '../scripts/provision/paths';
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
 * WAL and relaxed sync make its SQLite file fast enough to be usable (TEMPORAL-NOTES.md).
 */
export function startDevServer(options: DevServerOptions = {}): Promise<TestWorkflowEnvironment> {
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
