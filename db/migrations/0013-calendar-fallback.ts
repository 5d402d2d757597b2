import { Kysely, sql } from 'kysely';

// A term counted in a year without the official calendar (rule-based fallback: no Kurban Ait, no
// transfers) may be a day off: the register says so per stage and per case, and such terms are
// recounted when the year is loaded (PUT /v1/calendar/:year). Rows from before counted with data.
export async function up(db: Kysely<any>): Promise<void> {
  for (const table of ['review_stages', 'complaints']) {
    await db.schema
      .alterTable(table)
      .addColumn('calendar_has_data', 'boolean', (c) => c.notNull().defaultTo(true))
      .execute();
  }
  await sql`CREATE INDEX complaints_counted_without_calendar ON complaints (status) WHERE NOT calendar_has_data`.execute(
    db,
  );
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('complaints_counted_without_calendar').ifExists().execute();
  for (const table of ['complaints', 'review_stages']) {
    await db.schema.alterTable(table).dropColumn('calendar_has_data').execute();
  }
}
