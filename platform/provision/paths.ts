import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

/** Where provisioned Temporal servers live: outside the repository, reused across clones. */
export const cacheDir = process.env.COMPLAINT_ENGINE_CACHE ?? join(homedir(), '.cache', 'complaint-engine');

export const TEMPORAL_CLI_VERSION = 'v1.5.1';
export const TEST_SERVER_VERSION = '1.31.0';
/** The Temporal server the CLI's dev server embeds: npm run cluster runs the same code as npm start. */
export const TEMPORAL_SERVER_VERSION = 'v1.29.1';

/** The Temporal UI server the CLI above embeds, built on its own: its `disableWriteActions` is configurable. */
export const TEMPORAL_UI_VERSION = 'v2.42.1';

/** The identity provider of the tests and of `npm run idp` (Maven Central's Keycloak distribution). */
export const KEYCLOAK_VERSION = '26.4.0';

export const provisionedCliPath = join(cacheDir, 'bin', 'temporal');
export const provisionedUiServerPath = join(cacheDir, 'temporal-ui', TEMPORAL_UI_VERSION, 'server');
export const provisionedTestServerPath = join(cacheDir, 'test-server', 'temporal-test-server');

/** The real Temporal server, its SQL schema tool and its PostgreSQL schemas, one directory a version. */
export const temporalServerDir = join(cacheDir, 'temporal-server', TEMPORAL_SERVER_VERSION);
export const temporalServerTools = {
  server: join(temporalServerDir, 'server'),
  sql: join(temporalServerDir, 'sql'),
  /** schema/postgresql/v12 of the server's module: temporal/versioned and visibility/versioned. */
  schemaDir: join(temporalServerDir, 'schema', 'postgresql', 'v12'),
};

/** The unpacked Keycloak distribution, and the stamp written once it is complete (and built for start-dev). */
export const keycloakHome = join(cacheDir, 'keycloak', KEYCLOAK_VERSION, `keycloak-${KEYCLOAK_VERSION}`);
export const keycloakStamp = join(cacheDir, 'keycloak', KEYCLOAK_VERSION, 'provisioned');

/**
 * The Temporal CLI (dev server) to run: TEMPORAL_CLI_PATH, else the provisioned one, else
 * undefined, meaning "let the SDK download it" (works only on a machine with internet).
 */
export function temporalCliPath(): string | undefined {
  if (process.env.TEMPORAL_CLI_PATH) return process.env.TEMPORAL_CLI_PATH;
  return existsSync(provisionedCliPath) ? provisionedCliPath : undefined;
}

/** The Temporal UI server to run: TEMPORAL_UI_SERVER_PATH, else the provisioned one, else none (no UI). */
export function uiServerPath(): string | undefined {
  if (process.env.TEMPORAL_UI_SERVER_PATH) return process.env.TEMPORAL_UI_SERVER_PATH;
  return existsSync(provisionedUiServerPath) ? provisionedUiServerPath : undefined;
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
