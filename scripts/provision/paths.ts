import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

/** Where provisioned Temporal servers live: outside the repository, reused across clones. */
export const cacheDir = process.env.COMPLAINT_ENGINE_CACHE ?? join(homedir(), '.cache', 'complaint-engine');

export const TEMPORAL_CLI_VERSION = 'v1.5.1';
export const TEST_SERVER_VERSION = '1.31.0';

export const provisionedCliPath = join(cacheDir, 'bin', 'temporal');
export const provisionedTestServerPath = join(cacheDir, 'test-server', 'temporal-test-server');

/**
 * The Temporal CLI (dev server) to run: TEMPORAL_CLI_PATH, else the provisioned one, else
 * undefined, meaning "let the SDK download it" (works only on a machine with internet).
 */
export function temporalCliPath(): string | undefined {
  if (process.env.TEMPORAL_CLI_PATH) return process.env.TEMPORAL_CLI_PATH;
  return existsSync(provisionedCliPath) ? provisionedCliPath : undefined;
}

/** The time-skipping test server to run, with the same fallback as temporalCliPath. */
export function testServerPath(): string | undefined {
  if (process.env.TEMPORAL_TEST_SERVER_PATH) return process.env.TEMPORAL_TEST_SERVER_PATH;
  return existsSync(provisionedTestServerPath) ? provisionedTestServerPath : undefined;
}

/** SDK executable option: an existing path when we have one, the SDK's own download otherwise. */
export function executableOption(path: string | undefined) {
  return path ? { type: 'existing-path' as const, path } : { type: 'cached-download' as const };
}
