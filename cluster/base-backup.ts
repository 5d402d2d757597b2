// A base backup of the cluster's PostgreSQL by its documented low-level API (the embedded package
// ships no pg_basebackup, and Debian's is too old for an 18 server): pg_backup_start, a copy of the
// data directory while the server runs, pg_backup_stop, and its backup_label and tablespace map
// written into the copy. With the WAL archived from the start on (cluster/wal-archive.ts) the copy
// is made consistent on restore and rolled forward to any later moment.
import { copyFileSync, lstatSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';

/** Directories kept empty in the copy: the server expects them to exist. */
const KEPT_EMPTY = [
  'pg_wal',
  'pg_replslot',
  'pg_dynshmem',
  'pg_notify',
  'pg_serial',
  'pg_snapshots',
  'pg_stat_tmp',
  'pg_subtrans',
];
/** What the copy leaves out (PostgreSQL's documented list): made afresh or replayed from the archive. */
const SKIPPED = new Set(['postmaster.pid', 'postmaster.opts', ...KEPT_EMPTY]);

export interface BaseBackup {
  kind: 'cluster';
  dir: string;
  /** When pg_backup_start ran, and when pg_backup_stop returned: a restore can target any moment after the latter. */
  startedAt: string;
  consistentAt: string;
  stopLsn: string;
}

/** A file removed while being copied (a temporary file, a dropped relation) is not needed: the WAL says so. */
function copyTree(from: string, to: string, top: boolean): void {
  mkdirSync(to, { recursive: true, mode: 0o700 });
  for (const name of readdirSync(from)) {
    if (top && SKIPPED.has(name)) continue;
    if (name.startsWith('pgsql_tmp')) continue;
    const source = join(from, name);
    try {
      const stat = lstatSync(source);
      if (stat.isDirectory()) copyTree(source, join(to, name), false);
      else if (stat.isFile()) copyFileSync(source, join(to, name));
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
    }
  }
}

/** Takes a base backup of the server at `connectionString`, whose data directory is `pgDataDir`, into `backupDir`. */
export async function takeBaseBackup(options: {
  connectionString: string;
  pgDataDir: string;
  backupDir: string;
}): Promise<BaseBackup> {
  const dataCopy = join(options.backupDir, 'data');
  const client = new pg.Client({ connectionString: options.connectionString });
  await client.connect();
  try {
    const archiving = await client.query<{ archive_mode: string }>('SHOW archive_mode');
    if (archiving.rows[0].archive_mode !== 'on')
      throw new Error('WAL archiving is off: start the cluster with `npm run cluster` once, which turns it on');
    const startedAt = new Date().toISOString();
    // The low-level API keeps the backup in this session: start and stop on the same connection.
    await client.query(`SELECT pg_backup_start($1, true)`, [`complaints ${startedAt}`]);
    try {
      copyTree(options.pgDataDir, dataCopy, true);
    } catch (err) {
      await client.query('SELECT pg_backup_stop(false)').catch(() => undefined);
      throw err;
    }
    for (const dir of KEPT_EMPTY) mkdirSync(join(dataCopy, dir), { recursive: true, mode: 0o700 });
    // Waits until the last segment the backup needs is archived: then it restores without the live server.
    const stopped = await client.query<{ lsn: string; labelfile: string; spcmapfile: string }>(
      'SELECT lsn::text, labelfile, spcmapfile FROM pg_backup_stop(true)',
    );
    const { lsn, labelfile, spcmapfile } = stopped.rows[0];
    writeFileSync(join(dataCopy, 'backup_label'), labelfile, { mode: 0o600 });
    if (spcmapfile) writeFileSync(join(dataCopy, 'tablespace_map'), spcmapfile, { mode: 0o600 });
    const backup: BaseBackup = {
      kind: 'cluster',
      dir: options.backupDir,
      startedAt,
      consistentAt: new Date().toISOString(),
      stopLsn: lsn,
    };
    writeFileSync(join(options.backupDir, 'backup.json'), `${JSON.stringify(backup, null, 2)}\n`);
    return backup;
  } finally {
    await client.end();
  }
}
