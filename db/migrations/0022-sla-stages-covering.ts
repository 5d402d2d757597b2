import { Kysely, sql } from 'kysely';

// The SLA report and dashboard at a million cases (docs/PERFORMANCE.md "The register and the open
// cases at scale"): a year is half the register's review stages, and each stage row is about 400
// bytes (the decision is stored in it), so reading them from the table took over a second. The
// index of a body's stages by registration day now also holds every column the figures read
// (db/sla-stages.ts), so a year is read from the index alone, about 70 bytes a stage. With the
// body first, one body's year is one range; every body's is a skip scan over the few bodies.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`CREATE INDEX review_stages_body_sla ON review_stages (body_id, registered_on)
    INCLUDE (decided_at, deadline, extended_days, overdue, complaint_id, stage)`.execute(db);
  await db.schema.dropIndex('review_stages_body').ifExists().execute();
  // Escalations are counted from the later stages (db/sla-stages.ts escalatedStages), which are
  // few; without an index of their own, finding them read the whole primary key.
  await sql`CREATE INDEX review_stages_later ON review_stages (complaint_id, stage) WHERE stage > 1`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('review_stages_later').ifExists().execute();
  await db.schema.createIndex('review_stages_body').on('review_stages').columns(['body_id', 'registered_on']).execute();
  await db.schema.dropIndex('review_stages_body_sla').ifExists().execute();
}
