import type { Person } from '../domain/actor';
import type { Db, Queryable } from './database';
import type { Body, NewBody } from './schema';

export function findBody(db: Queryable, id: string): Promise<Body | undefined> {
  return db.selectFrom('bodies').selectAll().where('id', '=', id).executeTakeFirst();
}

/** The head of a body as a person (demo and test official keys are issued to the head). */
export function headOf(body: Pick<Body, 'head_surname' | 'head_initials' | 'head_position'>): Person {
  return { surname: body.head_surname, initials: body.head_initials, position: body.head_position };
}

export function listBodies(db: Db): Promise<Body[]> {
  return db.selectFrom('bodies').selectAll().orderBy('id').execute();
}

/** The id of the body whose incoming numbers start with this code, if any. */
export async function bodyIdWithCode(db: Queryable, code: string): Promise<string | undefined> {
  const row = await db.selectFrom('bodies').select('id').where('code', '=', code).executeTakeFirst();
  return row?.id;
}

/** Ids of the bodies whose complainants escalate to this one (R9). */
export async function bodiesEscalatingTo(db: Queryable, id: string): Promise<string[]> {
  const rows = await db.selectFrom('bodies').select('id').where('escalates_to', '=', id).orderBy('id').execute();
  return rows.map((r) => r.id);
}

/** Inserts or updates a body by id (demo seeds and the admin's POST /bodies). */
export async function saveBody(db: Queryable, body: NewBody): Promise<void> {
  const { id: _id, created_at: _createdAt, ...rest } = body;
  await db
    .insertInto('bodies')
    .values(body)
    .onConflict((oc) => oc.column('id').doUpdateSet(rest))
    .execute();
}
