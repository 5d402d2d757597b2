import { Kysely, sql } from 'kysely';

// Repeated complaints: the same complainant against the same respondent with the same demands.
// The respondent and a digest of the demands (case, spacing and surrounding blanks ignored) are
// derived by PostgreSQL from the stored complaint, so no writer can forget them and old rows have
// them too; the index finds a complainant's earlier cases on the same matter.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`ALTER TABLE complaints
    ADD COLUMN respondent_body_id text GENERATED ALWAYS AS (input -> 'respondent' ->> 'bodyId') STORED,
    ADD COLUMN demands_digest text GENERATED ALWAYS AS (md5(lower(regexp_replace(btrim(input ->> 'demands'), '\\s+', ' ', 'g')))) STORED`.execute(
    db,
  );
  await db.schema
    .createIndex('complaints_same_matter')
    .on('complaints')
    .columns(['complainant_id', 'respondent_body_id', 'demands_digest', 'received_at'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('complaints_same_matter').ifExists().execute();
  await db.schema.alterTable('complaints').dropColumn('demands_digest').dropColumn('respondent_body_id').execute();
}
