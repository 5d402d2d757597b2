// Continuous WAL archiving of the cluster's embedded PostgreSQL, so a base backup (cluster/base-backup.ts)
// can be rolled forward to any moment after it (cluster/restore.ts). One PostgreSQL holds the register
// and Temporal's persistence and visibility, so one archive restores all three to the same instant.
import { chownSync, mkdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import type { ClusterPostgres } from './postgres';

/** Where the cluster's WAL segments are archived: `DATA_DIR/cluster/wal`. */
export function walArchiveDir(clusterDataDir: string): string {
  return join(clusterDataDir, 'wal');
}

/** Seconds after which a segment is archived even when not full: the most a lost disk can lose. */
export const ARCHIVE_TIMEOUT_SECONDS = 60;

/** The shell command PostgreSQL archives each segment with: never overwrites one already there. */
export function archiveCommand(walDir: string): string {
  return `test ! -f '${walDir}/%f' && cp '%p' '${walDir}/%f'`;
}

/** Makes `dir` the PostgreSQL server's own (as root it runs as another user), or leaves it ours. */
export function ownLikeDataDir(dir: string, pgDataDir: string): void {
  if (process.getuid?.() !== 0) return;
  const { uid, gid } = statSync(pgDataDir);
  chownSync(dir, uid, gid);
}

/**
 * Turns archiving on (a restart the first time: archive_mode needs one) and drops the recovery
 * target a restore left behind, so a later crash recovery does not stop at an old moment.
 */
export async function ensureWalArchiving(
  postgres: ClusterPostgres,
  clusterDataDir: string,
  pgDataDir: string,
): Promise<void> {
  const walDir = walArchiveDir(clusterDataDir);
  mkdirSync(walDir, { recursive: true, mode: 0o700 });
  ownLikeDataDir(walDir, pgDataDir);
  const client = new pg.Client({ connectionString: postgres.registerUrl });
  await client.connect();
  let needsRestart: boolean;
  try {
    await client.query(`ALTER SYSTEM SET archive_mode = 'on'`);
    await client.query(`ALTER SYSTEM SET archive_command = ${client.escapeLiteral(archiveCommand(walDir))}`);
    await client.query(`ALTER SYSTEM SET archive_timeout = '${ARCHIVE_TIMEOUT_SECONDS}s'`);
    await client.query(`ALTER SYSTEM SET wal_level = 'replica'`);
    for (const setting of ['recovery_target_time', 'recovery_target_action', 'restore_command'])
      await client.query(`ALTER SYSTEM RESET ${setting}`);
    await client.query('SELECT pg_reload_conf()');
    const mode = await client.query<{ archive_mode: string }>('SHOW archive_mode');
    needsRestart = mode.rows[0].archive_mode !== 'on';
  } finally {
    await client.end();
  }
  if (needsRestart) {
    await postgres.stop();
    await postgres.start();
  }
}
