import { Kysely, sql } from 'kysely';

// The case register: bodies, complaints and their review stages, the append-only timeline,
// gap-free registration counters, the notifications outbox, the working-day calendar, API keys.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('bodies')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('code', 'text', (c) => c.notNull().unique())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('name_kk', 'text', (c) => c.notNull())
    .addColumn('name_ru', 'text', (c) => c.notNull())
    .addColumn('postal_address', 'text', (c) => c.notNull())
    .addColumn('head_position', 'text', (c) => c.notNull())
    .addColumn('head_surname', 'text', (c) => c.notNull())
    .addColumn('head_initials', 'text', (c) => c.notNull())
    .addColumn('escalates_to', 'text', (c) => c.references('bodies.id'))
    .addColumn('review_term_days', 'integer', (c) => c.notNull())
    .addColumn('can_extend', 'boolean', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();

  await db.schema
    .createTable('complaints')
    .addColumn('id', 'uuid', (c) => c.primaryKey())
    .addColumn('workflow_id', 'text', (c) => c.notNull().unique())
    .addColumn('channel', 'text', (c) => c.notNull())
    .addColumn('form', 'text', (c) => c.notNull())
    .addColumn('complainant_id', 'text', (c) => c.notNull()) // IIN or BIN: the portal's key to its cases
    .addColumn('filed_by', 'text')
    .addColumn('input', 'jsonb', (c) => c.notNull())
    .addColumn('received_at', 'timestamptz', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('stage', 'integer', (c) => c.notNull())
    .addColumn('reviewing_body_id', 'text', (c) => c.notNull().references('bodies.id'))
    .addColumn('incoming_number', 'text', (c) => c.notNull())
    .addColumn('registered_on', 'date', (c) => c.notNull())
    .addColumn('deadline', 'timestamptz', (c) => c.notNull())
    .addColumn('overdue', 'boolean', (c) => c.notNull().defaultTo(false))
    .addColumn('extended_days', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('assigned_to', 'text')
    .addColumn('outcome', 'text')
    .addColumn('decided_at', 'timestamptz')
    .addColumn('closed_at', 'timestamptz')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema
    .createIndex('complaints_body_status')
    .on('complaints')
    .columns(['reviewing_body_id', 'status', 'deadline'])
    .execute();
  await db.schema.createIndex('complaints_complainant').on('complaints').column('complainant_id').execute();
  await db.schema.createIndex('complaints_deadline').on('complaints').columns(['deadline', 'id']).execute();
  await db.schema.createIndex('complaints_registered').on('complaints').columns(['registered_on', 'id']).execute();

  await db.schema
    .createTable('review_stages')
    .addColumn('complaint_id', 'uuid', (c) => c.notNull().references('complaints.id'))
    .addColumn('stage', 'integer', (c) => c.notNull())
    .addColumn('body_id', 'text', (c) => c.notNull().references('bodies.id'))
    .addColumn('incoming_number', 'text', (c) => c.notNull().unique())
    .addColumn('year', 'integer', (c) => c.notNull())
    .addColumn('sequence', 'integer', (c) => c.notNull())
    .addColumn('received_at', 'timestamptz', (c) => c.notNull())
    .addColumn('registered_on', 'date', (c) => c.notNull())
    .addColumn('review_term_days', 'integer', (c) => c.notNull())
    .addColumn('deadline', 'timestamptz', (c) => c.notNull())
    .addColumn('received_by', 'text')
    .addColumn('answer_place', 'text', (c) => c.notNull())
    .addColumn('extended_days', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('overdue', 'boolean', (c) => c.notNull().defaultTo(false))
    .addColumn('decision', 'jsonb')
    .addColumn('decided_at', 'timestamptz')
    .addPrimaryKeyConstraint('review_stages_pk', ['complaint_id', 'stage'])
    .addUniqueConstraint('review_stages_sequence', ['body_id', 'year', 'sequence'])
    .execute();

  await db.schema
    .createTable('registration_counters')
    .addColumn('body_id', 'text', (c) => c.notNull().references('bodies.id'))
    .addColumn('year', 'integer', (c) => c.notNull())
    .addColumn('last_number', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('registration_counters_pk', ['body_id', 'year'])
    .execute();

  await db.schema
    .createTable('complaint_events')
    .addColumn('id', 'bigserial', (c) => c.primaryKey())
    .addColumn('complaint_id', 'uuid', (c) => c.notNull().references('complaints.id'))
    .addColumn('event_key', 'text', (c) => c.notNull())
    .addColumn('stage', 'integer', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('mark', 'text') // the personal-cabinet mark of R4, where the event is one
    .addColumn('at', 'timestamptz', (c) => c.notNull())
    .addColumn('data', 'jsonb', (c) => c.notNull().defaultTo(sql`'{}'::jsonb`))
    .addUniqueConstraint('complaint_events_key', ['complaint_id', 'event_key'])
    .execute();

  await db.schema
    .createTable('notifications')
    .addColumn('id', 'bigserial', (c) => c.primaryKey())
    .addColumn('complaint_id', 'uuid', (c) => c.notNull().references('complaints.id'))
    .addColumn('notification_key', 'text', (c) => c.notNull())
    .addColumn('purpose', 'text', (c) => c.notNull())
    .addColumn('channel', 'text', (c) => c.notNull())
    .addColumn('recipient', 'text', (c) => c.notNull())
    .addColumn('text_kk', 'text', (c) => c.notNull())
    .addColumn('text_ru', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('tracking_number', 'text')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .addColumn('sent_at', 'timestamptz')
    .addUniqueConstraint('notifications_key', ['complaint_id', 'notification_key'])
    .execute();
  await db.schema
    .createIndex('notifications_channel_status')
    .on('notifications')
    .columns(['channel', 'status'])
    .execute();

  await db.schema
    .createTable('calendar_years')
    .addColumn('year', 'integer', (c) => c.primaryKey())
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema
    .createTable('calendar_days')
    .addColumn('date', 'date', (c) => c.primaryKey())
    .addColumn('year', 'integer', (c) => c.notNull().references('calendar_years.year'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('api_keys')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('key_hash', 'text', (c) => c.notNull().unique())
    .addColumn('role', 'text', (c) => c.notNull())
    .addColumn('body_id', 'text', (c) => c.references('bodies.id'))
    .addColumn('label', 'text')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('revoked_at', 'timestamptz')
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of [
    'api_keys',
    'calendar_days',
    'calendar_years',
    'notifications',
    'complaint_events',
    'registration_counters',
    'review_stages',
    'complaints',
    'bodies',
  ]) {
    await db.schema.dropTable(table).ifExists().execute();
  }
}
