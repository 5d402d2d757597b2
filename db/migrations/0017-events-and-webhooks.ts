import { Kysely, sql } from 'kysely';

// The event feed and webhook subscriptions (docs/DECISIONS.md "Events, the feed and webhooks").
//
// Every timeline row carries the id of the transaction that wrote it. The feed serves a row only
// once every transaction with a smaller id has ended (xid < the snapshot's xmin), ordered by
// (xid, id): a row committed late with a small sequence number can no longer slip in behind a
// reader's cursor. The rows written before this migration carry the migration's own transaction
// (they are all committed, and come first). The column is added first and given its default
// afterwards, so existing rows are not rewritten under a volatile default.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`alter table complaint_events add column xid xid8`.execute(db);
  await sql`update complaint_events set xid = pg_current_xact_id()`.execute(db);
  await sql`alter table complaint_events alter column xid set default pg_current_xact_id()`.execute(db);
  await sql`alter table complaint_events alter column xid set not null`.execute(db);
  await sql`create index complaint_events_feed on complaint_events (xid, id)`.execute(db);

  await db.schema
    .createTable('webhook_subscriptions')
    .addColumn('id', 'uuid', (c) => c.primaryKey())
    .addColumn('owner_key_id', 'text', (c) => c.notNull().references('api_keys.id').onDelete('cascade'))
    .addColumn('url', 'text', (c) => c.notNull())
    // null: every event type
    .addColumn('event_types', sql`text[]`)
    // What the subscription hears: the complaints a key filed, one body's stages, or (both null) all.
    .addColumn('scope_filed_by', 'text')
    .addColumn('scope_body_id', 'text', (c) => c.references('bodies.id'))
    .addColumn('secret', 'text', (c) => c.notNull())
    .addColumn('previous_secret', 'text')
    .addColumn('previous_secret_until', 'timestamptz')
    .addColumn('status', 'text', (c) => c.notNull().defaultTo('active'))
    .addColumn('failing_since', 'timestamptz')
    .addColumn('disabled_at', 'timestamptz')
    .addColumn('disabled_reason', 'text')
    // The feed position up to which deliveries were queued: (xid, event id).
    .addColumn('cursor_xid', sql`xid8`, (c) => c.notNull())
    .addColumn('cursor_id', 'bigint', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();

  await db.schema
    .createTable('webhook_deliveries')
    .addColumn('id', 'bigserial', (c) => c.primaryKey())
    .addColumn('subscription_id', 'uuid', (c) => c.notNull().references('webhook_subscriptions.id').onDelete('cascade'))
    .addColumn('event_id', 'bigint', (c) => c.notNull().references('complaint_events.id'))
    .addColumn('event_xid', sql`xid8`, (c) => c.notNull())
    .addColumn('complaint_id', 'uuid', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull().defaultTo('pending'))
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('next_attempt_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    // A dispatcher holds a delivery while it sends it; a dispatcher that died lets it go when this passes.
    .addColumn('lease_until', 'timestamptz')
    .addColumn('last_attempt_at', 'timestamptz')
    .addColumn('last_status', 'integer')
    .addColumn('last_error', 'text')
    .addColumn('delivered_at', 'timestamptz')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addUniqueConstraint('webhook_deliveries_once', ['subscription_id', 'event_id'])
    .execute();
  // The head of each complaint's queue per subscription, and what is due.
  await sql`create index webhook_deliveries_queue on webhook_deliveries
    (subscription_id, complaint_id, event_xid, event_id) where status = 'pending'`.execute(db);
  await sql`create index webhook_deliveries_due on webhook_deliveries (next_attempt_at)
    where status = 'pending'`.execute(db);
  await sql`create index webhook_deliveries_listing on webhook_deliveries (subscription_id, id)`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('webhook_deliveries').ifExists().execute();
  await db.schema.dropTable('webhook_subscriptions').ifExists().execute();
  await sql`drop index if exists complaint_events_feed`.execute(db);
  await sql`alter table complaint_events drop column if exists xid`.execute(db);
}
