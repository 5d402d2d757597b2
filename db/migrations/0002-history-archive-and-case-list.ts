import { Kysely, sql } from 'kysely';

// Auditors read a case's Temporal history for years, longer than the namespace keeps closed
// workflows: the archiver copies each closed history here (gzip JSON + sha256 of the JSON).
// The case list pages newest first (received_at desc, id desc) within each reader's scope.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('workflow_histories')
    .addColumn('complaint_id', 'uuid', (c) => c.primaryKey().references('complaints.id'))
    .addColumn('workflow_id', 'text', (c) => c.notNull())
    .addColumn('history', 'bytea', (c) => c.notNull())
    .addColumn('sha256', 'text', (c) => c.notNull())
    .addColumn('event_count', 'integer', (c) => c.notNull())
    .addColumn('archived_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();

  await db.schema.createIndex('complaints_received').on('complaints').columns(['received_at', 'id']).execute();
  await db.schema
    .createIndex('complaints_body_received')
    .on('complaints')
    .columns(['reviewing_body_id', 'received_at', 'id'])
    .execute();
  await db.schema
    .createIndex('complaints_complainant_received')
    .on('complaints')
    .columns(['complainant_id', 'received_at', 'id'])
    .execute();
  await db.schema
    .createIndex('complaints_filed_by_received')
    .on('complaints')
    .columns(['filed_by', 'received_at', 'id'])
    .execute();
  await db.schema.createIndex('review_stages_body').on('review_stages').columns(['body_id', 'registered_on']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const index of [
    'review_stages_body',
    'complaints_filed_by_received',
    'complaints_complainant_received',
    'complaints_body_received',
    'complaints_received',
  ]) {
    await db.schema.dropIndex(index).ifExists().execute();
  }
  await db.schema.dropTable('workflow_histories').ifExists().execute();
}
