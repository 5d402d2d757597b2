// npm run backup: a base backup of `npm run cluster`'s PostgreSQL (register, Temporal persistence
// and visibility in one server) into DATA_DIR/cluster/backups/<time>, while it runs; with the WAL
// archive (DATA_DIR/cluster/wal) it restores to any moment since (npm run restore).
// npm run backup -- --npm-start: a copy of `npm start`'s data (DATA_DIR: the SQLite history, the
// register, the payload keys) into DATA_DIR/backups/<time>, taken while npm start is stopped, so
// both stores are copied as of one moment.
import { cpSync, existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { takeBaseBackup } from '../cluster/base-backup';

const say = (line: string) => process.stdout.write(`[backup] ${line}\n`);
const settingsSchema = z.object({
  DATA_DIR: z.string().default('./data'),
  CLUSTER_PORT_BASE: z.coerce.number().int().min(1024).max(65_000).default(17_000),
});

const stamp = () => new Date().toISOString().replace(/[:.]/g, '-');

function copyNpmStartData(dataDir: string): string {
  if (existsSync(join(dataDir, 'pg', 'postmaster.pid')))
    throw new Error('npm start is running (data/pg/postmaster.pid): stop it (Ctrl-C) and run the backup again');
  const backupDir = join(dataDir, 'backups', stamp());
  mkdirSync(backupDir, { recursive: true, mode: 0o700 });
  // Entry by entry: the backups live inside the data directory, and the cluster's data is not npm start's.
  for (const name of readdirSync(dataDir)) {
    if (name === 'backups' || name === 'cluster') continue;
    cpSync(join(dataDir, name), join(backupDir, 'data', name), { recursive: true });
  }
  writeFileSync(
    join(backupDir, 'backup.json'),
    `${JSON.stringify({ kind: 'npm-start', dir: backupDir, consistentAt: new Date().toISOString() }, null, 2)}\n`,
  );
  return backupDir;
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { 'npm-start': { type: 'boolean', default: false } } });
  const settings = settingsSchema.parse(process.env);
  const dataDir = resolve(settings.DATA_DIR);
  if (values['npm-start']) {
    say(`copied npm start's data into ${copyNpmStartData(dataDir)}`);
    return;
  }
  const clusterDir = join(dataDir, 'cluster');
  const backup = await takeBaseBackup({
    connectionString: `postgres://complaints:complaints@127.0.0.1:${settings.CLUSTER_PORT_BASE + 100}/complaints`,
    pgDataDir: join(clusterDir, 'pg'),
    backupDir: join(clusterDir, 'backups', stamp()),
  });
  say(`base backup in ${backup.dir} (consistent at ${backup.consistentAt}, WAL ${backup.stopLsn})`);
  say(
    `restores to any moment since with the WAL in ${join(clusterDir, 'wal')}: npm run restore -- ${backup.dir} --to <ISO time>`,
  );
}

main().catch((err) => {
  process.stderr.write(`[backup] FAILED: ${err?.message ?? err}\n`);
  process.exit(1);
});
