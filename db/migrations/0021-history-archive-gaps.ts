import { Kysely, sql } from 'kysely';

// A closed case whose workflow Temporal no longer held when the archiver reached it (its retention
// passed first, or it was deleted) can never be archived. The archiver records it here once, so
// every later walk steps over it without asking Temporal again, and an auditor asking for its
// history is told the archive has a gap there, and since when, instead of a bare "not found".
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('history_archive_gaps')
    .addColumn('complaint_id', 'uuid', (c) => c.primaryKey().references('complaints.id'))
    .addColumn('workflow_id', 'text', (c) => c.notNull())
    .addColumn('found_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('history_archive_gaps').ifExists().execute();
}
