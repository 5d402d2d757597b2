import { Kysely, sql } from 'kysely';

// Page sessions of people signed in with the organisation's identity provider (OpenID Connect).
// The browser holds a random session id; the register its hash, who the ID token named (subject,
// role, body, person), the tokens needed to ask the provider again (refresh) and to end its
// session (the ID token as the logout hint), and two ends: the ID token's expiry, renewed by
// each refresh, and the session's own maximum from sign-in.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('person_sessions')
    .addColumn('id_hash', 'text', (c) => c.primaryKey())
    .addColumn('subject', 'text', (c) => c.notNull())
    .addColumn('role', 'text', (c) => c.notNull())
    .addColumn('body_id', 'text')
    .addColumn('label', 'text')
    .addColumn('person_surname', 'text')
    .addColumn('person_initials', 'text')
    .addColumn('person_position', 'text')
    .addColumn('csrf_token', 'text', (c) => c.notNull())
    .addColumn('id_token', 'text', (c) => c.notNull())
    .addColumn('refresh_token', 'text')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('checked_at', 'timestamptz', (c) => c.notNull())
    .addColumn('expires_at', 'timestamptz', (c) => c.notNull())
    .addColumn('ends_at', 'timestamptz', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('person_sessions_expiry').on('person_sessions').column('expires_at').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('person_sessions').ifExists().execute();
}
