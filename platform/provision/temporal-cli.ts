import { existsSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { hasCommand, log, run } from './commands';
import { provisionedCliPath, TEMPORAL_CLI_VERSION } from './paths';

/**
 * Builds the Temporal CLI (which carries the dev server) from its Go module. v1.5.1 is the last
 * version `go install` accepts: later ones carry a local `replace` directive in go.mod.
 */
export async function provisionTemporalCli(): Promise<void> {
  if (process.env.TEMPORAL_CLI_PATH)
    return log(`Temporal CLI: using TEMPORAL_CLI_PATH=${process.env.TEMPORAL_CLI_PATH}`);
  if (existsSync(provisionedCliPath)) return log(`Temporal CLI: cached at ${provisionedCliPath}`);
  if (!hasCommand('go')) {
    throw new Error('Temporal CLI: `go` is not installed; install Go >= 1.25 or set TEMPORAL_CLI_PATH');
  }
  log(
    `Temporal CLI: building github.com/temporalio/cli ${TEMPORAL_CLI_VERSION} with go install (first time takes minutes)`,
  );
  mkdirSync(dirname(provisionedCliPath), { recursive: true });
  await run('go', ['install', `github.com/temporalio/cli/cmd/temporal@${TEMPORAL_CLI_VERSION}`], {
    ...process.env,
    GOBIN: dirname(provisionedCliPath),
    CGO_ENABLED: '0',
  });
  log(`Temporal CLI: built ${provisionedCliPath}`);
}
