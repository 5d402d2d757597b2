import { createHash, randomBytes } from 'node:crypto';
import { toApiKey, type ApiKey } from './api-keys';
import type { Db } from './database';

export interface PageSession {
  key: ApiKey;
  complainantId: string | null;
  csrfToken: string;
  expiresAt: Date;
  /** The name of the key's body, for the page header (a name, not its id). */
  bodyName?: { kk: string; ru: string };
}

const hashOf = (sessionId: string) => createHash('sha256').update(sessionId).digest('hex');

/** A new session for a key: the id goes to the browser, only its hash is stored. */
export async function createPageSession(
  db: Db,
  keyId: string,
  complainantId: string | null,
  expiresAt: Date,
): Promise<{ sessionId: string; csrfToken: string }> {
  const sessionId = randomBytes(32).toString('base64url');
  const csrfToken = randomBytes(24).toString('base64url');
  await db
    .insertInto('page_sessions')
    .values({
      id_hash: hashOf(sessionId),
      key_id: keyId,
      complainant_id: complainantId,
      csrf_token: csrfToken,
      expires_at: expiresAt,
    })
    .execute();
  return { sessionId, csrfToken };
}

/** The session and its key, while neither has expired nor been revoked. */
export async function findPageSession(db: Db, sessionId: string, now: Date): Promise<PageSession | undefined> {
  const row = await db
    .selectFrom('page_sessions as s')
    .innerJoin('api_keys as k', 'k.id', 's.key_id')
    .leftJoin('bodies as b', 'b.id', 'k.body_id')
    .select([
      'k.id',
      'k.role',
      'k.body_id',
      'k.label',
      'k.person_surname',
      'k.person_initials',
      'k.person_position',
      's.complainant_id',
      's.csrf_token',
      's.expires_at',
      'b.name_kk',
      'b.name_ru',
    ])
    .where('s.id_hash', '=', hashOf(sessionId))
    .where('s.expires_at', '>', now)
    .where('k.revoked_at', 'is', null)
    .executeTakeFirst();
  if (!row) return undefined;
  return {
    key: toApiKey(row),
    complainantId: row.complainant_id,
    csrfToken: row.csrf_token,
    expiresAt: row.expires_at,
    ...(row.name_kk && row.name_ru ? { bodyName: { kk: row.name_kk, ru: row.name_ru } } : {}),
  };
}

export async function endPageSession(db: Db, sessionId: string): Promise<void> {
  await db.deleteFrom('page_sessions').where('id_hash', '=', hashOf(sessionId)).execute();
}

/** Sessions past their end are removed whenever someone signs in. */
export async function deleteExpiredPageSessions(db: Db, now: Date): Promise<void> {
  await db.deleteFrom('page_sessions').where('expires_at', '<=', now).execute();
}
