import type { Kysely } from 'kysely';

// A complainant's notice goes in the language of the complaint (Law on Languages art. 11): the
// row says which. Null: no language was stated, and the notice carries Kazakh and Russian.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('notifications').addColumn('language', 'text').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('notifications').dropColumn('language').execute();
}
