import { Kysely } from 'kysely';

// R1: the head of the body is alerted of an overdue case for real, by e-mail and SMS, so the
// register keeps the head's contacts. Nullable for bodies registered before; such a body's
// alert is recorded as undeliverable (activities/review.ts), never as sent.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('bodies').addColumn('head_email', 'text').addColumn('head_phone', 'text').execute();
  await db.schema.alterTable('notifications').addColumn('last_error', 'text').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('notifications').dropColumn('last_error').execute();
  await db.schema.alterTable('bodies').dropColumn('head_email').dropColumn('head_phone').execute();
}
