import { Kysely, sql } from 'kysely';

// R1: the head of a body is alerted of its overdue cases once a day, one message per channel
// listing them (activities/overdue-digest.ts), not one per case: terms are counted in days, so
// every case registered on one day goes overdue at the same instant. A stage remembers the day
// whose digest named it; the digests are kept per body, day and channel, with their delivery.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('review_stages').addColumn('head_alerted_on', 'date').execute();
  // Stages already overdue had an alert of their own (one per case, before this migration).
  await sql`UPDATE review_stages SET head_alerted_on = (deadline AT TIME ZONE 'Asia/Almaty')::date
    WHERE overdue`.execute(db);
  // The digest's claim reads only the overdue stages not yet named in a digest: a few a day.
  await db.schema
    .createIndex('review_stages_overdue_not_alerted')
    .on('review_stages')
    .column('body_id')
    .where(sql.ref('overdue'), '=', true)
    .where(sql.ref('head_alerted_on'), 'is', null)
    .execute();
  await db.schema
    .createTable('head_digests')
    .addColumn('id', 'bigserial', (c) => c.primaryKey())
    .addColumn('body_id', 'text', (c) => c.notNull().references('bodies.id'))
    .addColumn('day', 'date', (c) => c.notNull())
    .addColumn('channel', 'text', (c) => c.notNull())
    .addColumn('recipient', 'text', (c) => c.notNull())
    .addColumn('case_count', 'integer', (c) => c.notNull())
    .addColumn('text_kk', 'text', (c) => c.notNull())
    .addColumn('text_ru', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('last_error', 'text')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .addColumn('sent_at', 'timestamptz')
    .addUniqueConstraint('head_digests_body_day_channel', ['body_id', 'day', 'channel'])
    .execute();
  await db.schema
    .createIndex('head_digests_pending')
    .on('head_digests')
    .column('id')
    .where(sql.ref('status'), '=', 'pending')
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('head_digests').execute();
  await db.schema.dropIndex('review_stages_overdue_not_alerted').execute();
  await db.schema.alterTable('review_stages').dropColumn('head_alerted_on').execute();
}
