import { Kysely, sql } from 'kysely';

// The history archiver walks closed cases in closing order by a cursor (closed_at, id):
// db/workflow-histories.ts. A partial index on that order lets each batch start where the last ended.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createIndex('complaints_closed_walk')
    .on('complaints')
    .columns(['closed_at', 'id'])
    .where(sql.ref('closed_at'), 'is not', null)
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('complaints_closed_walk').ifExists().execute();
}
