// What the work costs on disk: the register's PostgreSQL database per case, and Temporal's own
// store per open workflow (the dev server's SQLite file with its write-ahead log, or the cluster's
// two PostgreSQL databases).
import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import { TEMPORAL_DATABASES } from '../cluster/postgres';

export interface RegisterSize {
  cases: number;
  databaseBytes: number;
  /** The whole database (tables, indexes, TOAST, catalog) over its cases. */
  bytesPerCase: number;
  /** The case tables alone (complaints, review_stages, complaint_events, notifications) with their indexes. */
  caseTablesBytesPerCase: number;
}

export async function registerSize(databaseUrl: string): Promise<RegisterSize> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    await client.query('CHECKPOINT');
    const { rows } = await client.query(`SELECT
      (SELECT count(*) FROM complaints) AS cases,
      pg_database_size(current_database()) AS database_bytes,
      (SELECT sum(pg_total_relation_size(t::regclass))
         FROM unnest(ARRAY['complaints', 'review_stages', 'complaint_events', 'notifications']) t) AS case_bytes`);
    const cases = Number(rows[0].cases);
    const databaseBytes = Number(rows[0].database_bytes);
    return {
      cases,
      databaseBytes,
      bytesPerCase: Math.round(databaseBytes / Math.max(1, cases)),
      caseTablesBytesPerCase: Math.round(Number(rows[0].case_bytes) / Math.max(1, cases)),
    };
  } finally {
    await client.end();
  }
}

/** The dev server's SQLite database and its WAL in the run's directory; undefined for other servers. */
export function temporalFileBytes(workDir: string): number | undefined {
  const files = ['temporal.db', 'temporal.db-wal'].map((f) => join(workDir, f)).filter((f) => existsSync(f));
  return files.length ? files.reduce((sum, f) => sum + statSync(f).size, 0) : undefined;
}

/**
 * The cluster's Temporal databases (persistence and visibility) on the PostgreSQL server that
 * `url` reaches, after a checkpoint so that what the write-ahead log holds is in their files.
 */
export async function temporalDatabasesBytes(url: string): Promise<number> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query('CHECKPOINT');
    const { rows } = await client.query('SELECT sum(pg_database_size(d))::bigint AS bytes FROM unnest($1::text[]) d', [
      Object.values(TEMPORAL_DATABASES),
    ]);
    return Number(rows[0].bytes);
  } finally {
    await client.end();
  }
}
