// npm run restore -- <backup> [--to <ISO time>]: with the cluster stopped, a fresh PostgreSQL data
// directory (DATA_DIR/cluster/pg) from a base backup of `npm run backup`, recovered from the WAL
// archive up to that moment (or the end of the archive); `npm run cluster` then starts on it and
// `npm run reconcile` checks the register against Temporal. A backup of `npm start`'s data
// (`--npm-start`) is copied back whole (no --to: it is one moment). What was there is kept aside.
import { cpSync, existsSync, readFileSync, renameSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { restoreBaseBackup } from '../cluster/restore';
import { walArchiveDir } from '../cluster/wal-archive';

const say = (line: string) => process.stdout.write(`[restore] ${line}\n`);
const settingsSchema = z.object({ DATA_DIR: z.string().default('./data') });

function main(): void {
  const { values, positionals } = parseArgs({ options: { to: { type: 'string' } }, allowPositionals: true });
  if (positionals.length !== 1) throw new Error('usage: npm run restore -- <backup directory> [--to <ISO time>]');
  const backupDir = resolve(positionals[0]);
  const to = values.to === undefined ? undefined : new Date(values.to);
  if (to && Number.isNaN(to.getTime())) throw new Error(`--to ${values.to} is not an ISO time`);
  const dataDir = resolve(settingsSchema.parse(process.env).DATA_DIR);
  const manifest = JSON.parse(readFileSync(join(backupDir, 'backup.json'), 'utf8')) as { kind: string };
  if (manifest.kind === 'npm-start') {
    if (to) throw new Error("a copy of npm start's data is one moment: --to does not apply");
    for (const name of ['pg', 'temporal.db']) {
      const path = join(dataDir, name);
      if (name === 'pg' && existsSync(join(path, 'postmaster.pid'))) throw new Error('npm start is running: stop it');
      if (existsSync(path)) renameSync(path, `${path}.before-restore-${Date.now()}`);
    }
    cpSync(join(backupDir, 'data'), dataDir, { recursive: true });
    say(`npm start's data restored from ${backupDir}; npm start goes on from it`);
    return;
  }
  const clusterDir = join(dataDir, 'cluster');
  const restored = restoreBaseBackup({
    backupDir,
    pgDataDir: join(clusterDir, 'pg'),
    walDir: walArchiveDir(clusterDir),
    to,
  });
  if (restored.keptAs) say(`the data directory that was there is kept as ${restored.keptAs}`);
  say(`restored ${restored.pgDataDir} from ${backupDir}, to be recovered to ${restored.target}`);
  say('next: npm run cluster (it replays the WAL, then starts), then npm run reconcile');
}

try {
  main();
} catch (err) {
  process.stderr.write(`[restore] FAILED: ${(err as Error)?.message ?? err}\n`);
  process.exit(1);
}
