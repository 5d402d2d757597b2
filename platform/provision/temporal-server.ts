import { cpSync, existsSync, mkdirSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { hasCommand, log, run } from './commands';
import { TEMPORAL_SERVER_VERSION, temporalServerDir, temporalServerTools } from './paths';

const SERVER_MODULE = 'go.temporal.io/server';

export function temporalServerProvisioned(): boolean {
  return [
    temporalServerTools.server,
    temporalServerTools.sql,
    join(temporalServerTools.schemaDir, 'temporal', 'versioned'),
  ].every(existsSync);
}

/**
 * Builds the real Temporal server and its SQL schema tool from the Go module (the version the
 * CLI's dev server embeds) and copies the module's PostgreSQL schemas beside them, so `npm run
 * cluster` later needs neither the network nor Go's module cache. Takes minutes the first time.
 */
export async function provisionTemporalServer(): Promise<void> {
  if (temporalServerProvisioned()) return log(`Temporal server: cached in ${temporalServerDir}`);
  if (!hasCommand('go')) throw new Error('Temporal server: `go` is not installed; install Go >= 1.25 to build it');
  mkdirSync(temporalServerDir, { recursive: true });
  const env = { ...process.env, GOBIN: temporalServerDir, CGO_ENABLED: '0' };
  for (const [name, pkg] of [
    ['server', 'cmd/server'],
    ['sql', 'cmd/tools/sql'],
  ] as const) {
    if (existsSync(temporalServerTools[name])) continue;
    log(
      `Temporal server: building ${SERVER_MODULE}/${pkg}@${TEMPORAL_SERVER_VERSION} with go install (the server takes minutes)`,
    );
    await run('go', ['install', `${SERVER_MODULE}/${pkg}@${TEMPORAL_SERVER_VERSION}`], env);
  }
  const modCache = execFileSync('go', ['env', 'GOMODCACHE'], { encoding: 'utf8' }).trim();
  const moduleSchema = join(modCache, `${SERVER_MODULE}@${TEMPORAL_SERVER_VERSION}`, 'schema', 'postgresql', 'v12');
  if (!existsSync(moduleSchema)) throw new Error(`Temporal server: no PostgreSQL schemas at ${moduleSchema}`);
  cpSync(moduleSchema, temporalServerTools.schemaDir, { recursive: true });
  log(
    `Temporal server: built ${temporalServerTools.server}, ${temporalServerTools.sql}, schemas in ${temporalServerTools.schemaDir}`,
  );
}
