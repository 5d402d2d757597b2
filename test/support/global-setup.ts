import { chmodSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { provisionIfMissing } from '../../platform/provision';
import { startEmbeddedPostgres } from '../../db/embedded-postgres';
import { startDevServer } from '../../platform/dev-server';

/**
 * One PostgreSQL cluster and one Temporal dev server for the whole run; each test file makes its
 * own database and task queue (test/support/test-database.ts). DATABASE_URL and
 * TEMPORAL_ADDRESS point the run at external servers instead.
 */
export default async function globalSetup(): Promise<void> {
  // The workflow and integration projects both name this setup: the first one starts the servers.
  if (process.env.TEST_DATABASE_URL && process.env.TEST_TEMPORAL_ADDRESS) return;
  await provisionIfMissing();
  // Where the run's Keycloak, if a sign-in test starts one, is found by the others (test/support/keycloak.ts).
  process.env.TEST_KEYCLOAK_DIR = mkdtempSync(join(tmpdir(), 'complaints-keycloak-'));
  if (process.env.DATABASE_URL) {
    process.env.TEST_DATABASE_URL = process.env.DATABASE_URL;
  } else {
    const dir = mkdtempSync(join(tmpdir(), 'complaints-test-'));
    chmodSync(dir, 0o755); // postgres runs as its own user and must reach its data directory
    const postgres = await startEmbeddedPostgres({ dataDir: join(dir, 'pg'), temporary: true });
    process.env.TEST_DATABASE_URL = postgres.url;
    (globalThis as any).__postgres = postgres;
  }
  if (process.env.TEMPORAL_ADDRESS) {
    process.env.TEST_TEMPORAL_ADDRESS = process.env.TEMPORAL_ADDRESS;
  } else {
    const temporal = await startDevServer();
    process.env.TEST_TEMPORAL_ADDRESS = temporal.address;
    (globalThis as any).__temporal = temporal;
  }
}
