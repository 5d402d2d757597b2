import { createHash, randomBytes } from 'node:crypto';
import type { ApiKey, Role } from './api-keys';
import type { Db } from './database';

/** Who the provider's ID token named, as the pages and the API see a principal. */
export interface SessionPerson extends ApiKey {
  subject: string;
}

/** The provider's answer a session keeps: its tokens and the ID token's expiry. */
export interface ProviderTokens {
  idToken: string;
  refreshToken: string | null;
  idTokenExpiresAt: Date;
}

export interface PersonSession {
  person: SessionPerson;
  csrfToken: string;
  idToken: string;
  refreshToken: string | null;
  checkedAt: Date;
  expiresAt: Date;
  endsAt: Date;
  bodyName?: { kk: string; ru: string };
}

const hashOf = (sessionId: string) => createHash('sha256').update(sessionId).digest('hex');

const personColumns = (person: SessionPerson) => ({
  subject: person.subject,
  role: person.role,
  body_id: person.bodyId,
  label: person.label,
  person_surname: person.person?.surname ?? null,
  person_initials: person.person?.initials ?? null,
  person_position: person.person?.position ?? null,
});

/** The session ends at the ID token's expiry, never after its own maximum. */
const expiryOf = (tokens: ProviderTokens, endsAt: Date) =>
  tokens.idTokenExpiresAt < endsAt ? tokens.idTokenExpiresAt : endsAt;

/** A new session after sign-in: the id goes to the browser, only its hash is stored. */
export async function createPersonSession(
  db: Db,
  person: SessionPerson,
  tokens: ProviderTokens,
  now: Date,
  endsAt: Date,
): Promise<{ sessionId: string; csrfToken: string }> {
  const sessionId = randomBytes(32).toString('base64url');
  const csrfToken = randomBytes(24).toString('base64url');
  await db
    .insertInto('person_sessions')
    .values({
      id_hash: hashOf(sessionId),
      ...personColumns(person),
      csrf_token: csrfToken,
      id_token: tokens.idToken,
      refresh_token: tokens.refreshToken,
      checked_at: now,
      expires_at: expiryOf(tokens, endsAt),
      ends_at: endsAt,
    })
    .execute();
  return { sessionId, csrfToken };
}

/** The live session (before its expiry), with its body's name for the page header. */
export async function findPersonSession(db: Db, sessionId: string, now: Date): Promise<PersonSession | undefined> {
  const row = await db
    .selectFrom('person_sessions as s')
    .leftJoin('bodies as b', 'b.id', 's.body_id')
    .selectAll('s')
    .select(['b.name_kk', 'b.name_ru'])
    .where('s.id_hash', '=', hashOf(sessionId))
    .where('s.expires_at', '>', now)
    .executeTakeFirst();
  if (!row) return undefined;
  const person =
    row.person_surname && row.person_initials && row.person_position
      ? { surname: row.person_surname, initials: row.person_initials, position: row.person_position }
      : null;
  return {
    person: {
      id: `oidc:${row.subject}`,
      subject: row.subject,
      role: row.role as Role,
      bodyId: row.body_id,
      label: row.label,
      person,
    },
    csrfToken: row.csrf_token,
    idToken: row.id_token,
    refreshToken: row.refresh_token,
    checkedAt: row.checked_at,
    expiresAt: row.expires_at,
    endsAt: row.ends_at,
    ...(row.name_kk && row.name_ru ? { bodyName: { kk: row.name_kk, ru: row.name_ru } } : {}),
  };
}

/** After a refresh the provider answered: who the new ID token names, its tokens and expiry. */
export async function renewPersonSession(
  db: Db,
  sessionId: string,
  person: SessionPerson,
  tokens: ProviderTokens,
  now: Date,
  endsAt: Date,
): Promise<void> {
  await db
    .updateTable('person_sessions')
    .set({
      ...personColumns(person),
      id_token: tokens.idToken,
      refresh_token: tokens.refreshToken,
      checked_at: now,
      expires_at: expiryOf(tokens, endsAt),
    })
    .where('id_hash', '=', hashOf(sessionId))
    .execute();
}

/** Ends the session; its ID token, if it was live, for the provider's logout. */
export async function endPersonSession(db: Db, sessionId: string): Promise<string | undefined> {
  const row = await db
    .deleteFrom('person_sessions')
    .where('id_hash', '=', hashOf(sessionId))
    .returning('id_token')
    .executeTakeFirst();
  return row?.id_token;
}

/** Sessions past their end are removed whenever someone signs in. */
export async function deleteExpiredPersonSessions(db: Db, now: Date): Promise<void> {
  await db.deleteFrom('person_sessions').where('expires_at', '<=', now).execute();
}
