// Point-in-time recovery of the cluster's PostgreSQL into a fresh data directory: the base backup
// (cluster/base-backup.ts) copied in, restore_command reading the WAL archive, recovery_target_time,
// recovery.signal. The server replays when `npm run cluster` next starts it, then promotes and goes
// on archiving on a new timeline. The data directory it replaces is kept beside it, never deleted.
import {
  appendFileSync,
  chmodSync,
  chownSync,
  copyFileSync,
  cpSync,
  existsSync,
  readdirSync,
  readFileSync,
  renameSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import type { BaseBackup } from './base-backup';

const SEGMENT = /^[0-9A-F]{24}$/;

/** PostgreSQL's timestamptz input takes `2026-12-02 06:48:30.661+00`, not ISO's `T…Z` in this setting. */
const postgresTime = (at: Date) => at.toISOString().replace('T', ' ').replace('Z', '+00');

export interface Restored {
  pgDataDir: string;
  /** Where the data directory that was there now is. */
  keptAs?: string;
  target: string;
}

function chownTree(dir: string, uid: number, gid: number): void {
  chownSync(dir, uid, gid);
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) chownTree(path, uid, gid);
    else chownSync(path, uid, gid);
  }
}

/**
 * Replaces `pgDataDir` (PostgreSQL stopped) with the backup in `backupDir`, to be recovered up to
 * `to` (an instant after the backup was consistent), or to the end of the archive when absent.
 */
export function restoreBaseBackup(options: {
  backupDir: string;
  pgDataDir: string;
  walDir: string;
  to?: Date;
}): Restored {
  const manifest = JSON.parse(readFileSync(join(options.backupDir, 'backup.json'), 'utf8')) as BaseBackup;
  if (options.to && options.to.getTime() < Date.parse(manifest.consistentAt))
    throw new Error(`--to ${options.to.toISOString()} is before the backup was consistent (${manifest.consistentAt})`);
  const { pgDataDir } = options;
  if (existsSync(join(pgDataDir, 'postmaster.pid')))
    throw new Error(`PostgreSQL still runs on ${pgDataDir} (postmaster.pid): stop the cluster first`);
  const owner = existsSync(pgDataDir) ? statSync(pgDataDir) : statSync(options.walDir);
  let keptAs: string | undefined;
  if (existsSync(pgDataDir)) {
    keptAs = `${pgDataDir}.before-restore-${new Date().toISOString().replace(/[:.]/g, '-')}`;
    renameSync(pgDataDir, keptAs);
  }
  cpSync(join(options.backupDir, 'data'), pgDataDir, { recursive: true });
  // Segments the old server wrote and had not archived yet (its last, partial one): PostgreSQL's
  // documented restore copies them in, so a target after the last archived segment is reached too.
  if (keptAs) {
    for (const name of readdirSync(join(keptAs, 'pg_wal'))) {
      if (SEGMENT.test(name) && !existsSync(join(options.walDir, name)))
        copyFileSync(join(keptAs, 'pg_wal', name), join(pgDataDir, 'pg_wal', name));
    }
  }
  const target = options.to ? options.to.toISOString() : 'the end of the archive';
  const settings = [
    `restore_command = 'cp "${options.walDir}/%f" "%p"'`,
    ...(options.to
      ? [`recovery_target_time = '${postgresTime(options.to)}'`, `recovery_target_action = 'promote'`]
      : []),
  ];
  appendFileSync(join(pgDataDir, 'postgresql.auto.conf'), `\n# npm run restore\n${settings.join('\n')}\n`);
  writeFileSync(join(pgDataDir, 'recovery.signal'), '');
  chmodSync(pgDataDir, 0o700);
  if (process.getuid?.() === 0) chownTree(pgDataDir, owner.uid, owner.gid);
  return { pgDataDir, keptAs, target };
}
