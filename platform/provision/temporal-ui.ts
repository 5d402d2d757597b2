import { existsSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { hasCommand, log, run } from './commands';
import { provisionedUiServerPath, TEMPORAL_UI_VERSION } from './paths';

/**
 * Builds the Temporal UI server from its Go module (the version the CLI's dev server embeds). The
 * dev server's own UI cannot turn write actions off (its options are address, path, assets and
 * codec only); this one reads a config file that can (docs/DECISIONS.md "The Temporal UI of npm start").
 */
export async function provisionTemporalUi(): Promise<void> {
  if (process.env.TEMPORAL_UI_SERVER_PATH)
    return log(`Temporal UI: using TEMPORAL_UI_SERVER_PATH=${process.env.TEMPORAL_UI_SERVER_PATH}`);
  if (existsSync(provisionedUiServerPath)) return log(`Temporal UI: cached at ${provisionedUiServerPath}`);
  if (!hasCommand('go')) {
    throw new Error('Temporal UI: `go` is not installed; install Go >= 1.25 or set TEMPORAL_UI_SERVER_PATH');
  }
  log(`Temporal UI: building github.com/temporalio/ui-server ${TEMPORAL_UI_VERSION} with go install`);
  mkdirSync(dirname(provisionedUiServerPath), { recursive: true });
  await run('go', ['install', `github.com/temporalio/ui-server/v2/cmd/server@${TEMPORAL_UI_VERSION}`], {
    ...process.env,
    GOBIN: dirname(provisionedUiServerPath),
    CGO_ENABLED: '0',
  });
  log(`Temporal UI: built ${provisionedUiServerPath}`);
}
