// The embedded data directory holds personal data (the Temporal history file, outbox messages,
// demo keys): directories 0700 and files 0600, also for files left by an earlier version.
// The embedded PostgreSQL cluster (data/pg) keeps its own modes.
import { chmodSync, existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

export function keepPrivate(dataDir: string): void {
  const isRoot = process.getuid?.() === 0;
  // As root, postgres runs as its own user and must pass through to data/pg: 0711 (no listing).
  chmodSync(dataDir, isRoot ? 0o711 : 0o700);
  for (const name of readdirSync(dataDir)) {
    if (name === 'pg') continue;
    tighten(join(dataDir, name));
  }
}

function tighten(path: string): void {
  if (!existsSync(path)) return;
  const stat = statSync(path);
  if (stat.isDirectory()) {
    chmodSync(path, 0o700);
    for (const name of readdirSync(path)) tighten(join(path, name));
  } else chmodSync(path, 0o600);
}
