import { Kysely, PostgresDialect, sql, type Transaction } from 'kysely';
import pg from 'pg';
import type { Database } from './schema';

// DATE columns stay 'YYYY-MM-DD' strings: a JS Date would shift them by the host's time zone.
pg.types.setTypeParser(pg.types.builtins.DATE, (value: string) => value);
// bigserial ids as strings (pg's default) but counts as numbers.
pg.types.setTypeParser(pg.types.builtins.INT8, (value: string) => value);

export type Db = Kysely<Database>;
/** The database or a transaction on it: functions that take it can join a caller's transaction. */
export type Queryable = Db | Transaction<Database>;

/** Whether the database answers (the API's /readyz). */
export async function pingDatabase(db: Db): Promise<void> {
  await sql`select 1`.execute(db);
}

export function createDb(connectionString: string, maxConnections = 10): Db {
  const pool = new pg.Pool({ connectionString, max: maxConnections, connectionTimeoutMillis: 5_000 });
  // An idle connection dropped by a database restart or outage must not crash the process; the
  // next query opens a new one (and the activity that needed it is retried by Temporal).
  pool.on('error', () => undefined);
  // pg-pool listens only while a client is idle; a connection cut while checked out (a query or a
  // transaction in flight) would emit 'error' on the client with no listener and kill the process.
  // The query itself still fails, and the activity or request that made it is retried.
  pool.on('connect', (client) => {
    client.on('error', () => undefined);
  });
  return new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
}
