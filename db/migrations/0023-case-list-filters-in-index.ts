import { Kysely, sql } from 'kysely';

// The case list at a million cases, its slowest filter sets (docs/PERFORMANCE.md "The register
// and the open cases at scale"). A filter on a column an index holds as a key, past the columns it
// is ordered by, is checked in the index itself; otherwise each case the newest-first walk passes
// is read from the table first. Two walks passed thousands of cases that way:
// - "due before a day long past": the newest cases received before it are not yet due by it (a
//   term is weeks), about 9 600 at a million cases (95 ms cold, 7 ms warm). The index in the
//   list's order now also holds the deadline (replacing the plain one of migration 0002).
// - an official's cases by status and channel or overdue mark ("closed by post": 14 000 passed,
//   13–35 ms; "overdue under review": 7 600, 6–20 ms): a body's cases by status in the list's
//   order, holding the channel and the mark. Under 1 ms each.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`CREATE INDEX complaints_received_deadline ON complaints (received_at, id, deadline)`.execute(db);
  await db.schema.dropIndex('complaints_received').ifExists().execute();
  await sql`CREATE INDEX complaints_body_status_received
    ON complaints (reviewing_body_id, status, received_at, id, channel, overdue)`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('complaints_body_status_received').ifExists().execute();
  await db.schema.createIndex('complaints_received').on('complaints').columns(['received_at', 'id']).execute();
  await db.schema.dropIndex('complaints_received_deadline').ifExists().execute();
}
