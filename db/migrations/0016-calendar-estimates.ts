import { Kysely, sql } from 'kysely';

// A day of the calendar derived rather than published (2027's Kurban Ait, from the lunar calendar
// before the Spiritual Administration announces it) is marked as an estimate. The seeded row of a
// register seeded before this migration is marked too; a year an admin loaded is left as loaded.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('calendar_days')
    .addColumn('estimate', 'boolean', (c) => c.notNull().defaultTo(false))
    .execute();
  await sql`UPDATE calendar_days SET estimate = true
    WHERE date = '2027-05-16' AND name LIKE 'Kurban Ait%'
      AND year IN (SELECT year FROM calendar_years WHERE source LIKE 'seed:%')`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('calendar_days').dropColumn('estimate').execute();
}
