import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { hasCommand, log, run } from './commands';
import { cacheDir } from './paths';

const sourceDir = resolve(__dirname, 'compose-check');

/** The built checker for this source: a new build whenever main.go, go.mod or go.sum change. */
export function composeCheckPath(): string {
  const hash = createHash('sha256');
  for (const f of ['main.go', 'go.mod', 'go.sum']) hash.update(readFileSync(join(sourceDir, f)));
  return join(cacheDir, 'compose-check', hash.digest('hex').slice(0, 16), 'compose-check');
}

/**
 * Builds platform/provision/compose-check (docker-compose.yml through the Compose specification's own
 * loader, compose-go) from the Go module proxy into the cache.
 */
export async function provisionComposeCheck(): Promise<string> {
  const out = composeCheckPath();
  if (existsSync(out)) return out;
  if (!hasCommand('go')) throw new Error('compose-check: `go` is not installed; install Go >= 1.24 to build it');
  log('compose-check: building platform/provision/compose-check (compose-go) with go build');
  mkdirSync(resolve(out, '..'), { recursive: true });
  await run('sh', ['-c', `cd "${sourceDir}" && go build -o "${out}" .`], {
    ...process.env,
    CGO_ENABLED: '0',
    GOFLAGS: '-mod=readonly',
  });
  log(`compose-check: built ${out}`);
  return out;
}
