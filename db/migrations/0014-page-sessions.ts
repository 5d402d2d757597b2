import { Kysely, sql } from 'kysely';

// Sessions of the pages for people: the browser holds a random session id in an
// HTTP-only cookie, the register only its hash, tied to the API key it was exchanged for (a revoked
// key ends its sessions). The workbench's queue of a body is read by deadline: a partial index
// over the cases under review, per body, in that order.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('page_sessions')
    .addColumn('id_hash', 'text', (c) => c.primaryKey())
    .addColumn('key_id', 'text', (c) => c.notNull().references('api_keys.id').onDelete('cascade'))
    .addColumn('complainant_id', 'text')
    .addColumn('csrf_token', 'text', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('expires_at', 'timestamptz', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('page_sessions_expiry').on('page_sessions').column('expires_at').execute();
  await db.schema
    .createIndex('complaints_body_queue')
    .on('complaints')
    .columns(['reviewing_body_id', 'deadline', 'id'])
    .where(sql.ref('status'), '=', 'under_review')
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('complaints_body_queue').ifExists().execute();
  await db.schema.dropTable('page_sessions').ifExists().execute();
}
