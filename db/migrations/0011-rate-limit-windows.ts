import { Kysely, sql } from 'kysely';

// Requests per API key per window, shared by every API replica (db/rate-limit-store.ts). Unlogged:
// a counter lost in a crash only lets a client start its minute afresh.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`create unlogged table rate_limit_windows (
    key text primary key,
    hits integer not null,
    resets_at timestamptz not null
  )`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('rate_limit_windows').ifExists().execute();
}
