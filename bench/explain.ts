// BENCH_EXPLAIN: the plan of exactly the statement a db/ function sends, as the app runs it,
// captured through kysely's log and run again under EXPLAIN (ANALYZE, BUFFERS).
import { Kysely, PostgresDialect, type CompiledQuery } from 'kysely';
import pg from 'pg';
import type { Database } from '../db/schema';

export async function explainFirstStatements(
  databaseUrl: string,
  reads: Record<string, (db: Kysely<Database>) => Promise<unknown>>,
): Promise<Record<string, string>> {
  const pool = new pg.Pool({ connectionString: databaseUrl, max: 1 });
  // The read's own statement is the first it sends (the list's earlier cases on the same matter follow).
  let first: CompiledQuery | undefined;
  const db = new Kysely<Database>({
    dialect: new PostgresDialect({ pool }),
    log: (e) => {
      first ??= e.query;
    },
  });
  const plans: Record<string, string> = {};
  try {
    for (const [name, read] of Object.entries(reads)) {
      first = undefined;
      await read(db);
      const { rows } = await pool.query(`EXPLAIN (ANALYZE, BUFFERS) ${first!.sql}`, [...first!.parameters]);
      plans[name] = rows.map((r: Record<string, string>) => r['QUERY PLAN']).join('\n');
    }
  } finally {
    await db.destroy();
  }
  return plans;
}
