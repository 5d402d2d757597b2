import type { Kysely } from 'kysely';

// An official's key is issued to a named person of the body (SPEC "Users and roles"): every
// action taken with it is recorded as that person's. Keys made before this have no person; the
// API refuses their actions until a named key replaces them (docs/DECISIONS.md).
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('api_keys')
    .addColumn('person_surname', 'text')
    .addColumn('person_initials', 'text')
    .addColumn('person_position', 'text')
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('api_keys')
    .dropColumn('person_surname')
    .dropColumn('person_initials')
    .dropColumn('person_position')
    .execute();
}
