import type { Person } from '../domain/actor';
import type { Db, Queryable } from './database';
import type { Body, NewBody } from './schema';
import { keptForAWhile } from './kept-for-a-while';

export function findBody(db: Queryable, id: string): Promise<Body | undefined> {
  return db.selectFrom('bodies').selectAll().where('id', '=', id).executeTakeFirst();
}

/**
 * How long a copy of the bodies is used: a body changed by another process (another API replica,
 * the worker) is seen here within this; a change made in this process at once (saveBody).
 */
export const BODIES_KEPT_MS = 10_000;

const bodiesKept = keptForAWhile(BODIES_KEPT_MS, async (db: Db) => ({
  loadedAt: Date.now(),
  byId: new Map((await listBodies(db)).map((b) => [b.id, b])),
}));

/**
 * Bodies by id from a copy at most BODIES_KEPT_MS old, so a filing reads no body while the copy is
 * fresh. Ids a copy loaded earlier lacks (a body just registered through another replica) are
 * looked up together, in one read.
 */
export async function findBodies(db: Db, ids: string[]): Promise<Map<string, Body>> {
  const asked = Date.now();
  const kept = await bodiesKept.get(db);
  const missing = ids.filter((id) => !kept.byId.has(id));
  if (missing.length === 0 || kept.loadedAt >= asked) return kept.byId;
  const found = await db.selectFrom('bodies').selectAll().where('id', 'in', missing).execute();
  if (found.length > 0) bodiesKept.forget();
  return new Map([...kept.byId, ...found.map((b) => [b.id, b] as const)]);
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
  bodiesKept.forget();
}
