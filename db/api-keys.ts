import { createHash, randomBytes } from 'node:crypto';
import type { Person } from '../domain/actor';
import type { Db } from './database';

export const ROLES = ['intake', 'official', 'portal', 'auditor', 'admin'] as const;
export type Role = (typeof ROLES)[number];

/** An official's key names the person it is issued to; their actions are recorded as theirs. */
export interface ApiKey {
  id: string;
  role: Role;
  bodyId: string | null;
  label: string | null;
  person: Person | null;
}

export function hashApiKey(key: string): string {
  return createHash('sha256').update(key).digest('hex');
}

/** Makes a key; only its hash is stored, the key itself is shown once. An official's key needs its person. */
export async function createApiKey(
  db: Db,
  role: Role,
  bodyId: string | null,
  label: string | null = null,
  person: Person | null = null,
): Promise<{ id: string; key: string }> {
  if ((role === 'official') !== (person !== null))
    throw new Error('an official key is issued to a named person; other keys to none');
  const id = `key_${randomBytes(6).toString('hex')}`;
  const key = `cce_${role}_${randomBytes(24).toString('base64url')}`;
  await db
    .insertInto('api_keys')
    .values({
      id,
      key_hash: hashApiKey(key),
      role,
      body_id: bodyId,
      label,
      revoked_at: null,
      person_surname: person?.surname ?? null,
      person_initials: person?.initials ?? null,
      person_position: person?.position ?? null,
    })
    .execute();
  keysChanged++; // a key tried here before it existed works at once
  return { id, key };
}

export const KEY_COLUMNS = [
  'id',
  'role',
  'body_id',
  'label',
  'person_surname',
  'person_initials',
  'person_position',
] as const;

export function toApiKey(row: {
  id: string;
  role: string;
  body_id: string | null;
  label: string | null;
  person_surname: string | null;
  person_initials: string | null;
  person_position: string | null;
}): ApiKey {
  const person =
    row.person_surname && row.person_initials && row.person_position
      ? { surname: row.person_surname, initials: row.person_initials, position: row.person_position }
      : null;
  return { id: row.id, role: row.role as Role, bodyId: row.body_id, label: row.label, person };
}

export async function findApiKey(db: Db, key: string): Promise<ApiKey | undefined> {
  const row = await db
    .selectFrom('api_keys')
    .select(KEY_COLUMNS)
    .where('key_hash', '=', hashApiKey(key))
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  return row && toApiKey(row);
}

/**
 * How long a key's lookup is answered from memory: a key revoked by another process (the apikey
 * command, another API replica) is refused within this; one revoked in this process at once.
 */
export const API_KEY_KEPT_MS = 10_000;
const API_KEYS_KEPT = 10_000;
/** Counts keys made and revoked in this process: every kept answer older than the last one is dropped. */
let keysChanged = 0;

/**
 * findApiKey answered from memory for API_KEY_KEPT_MS, valid keys and not valid ones alike: a
 * request with a known key reads nothing, and a flood of bad keys costs no database lookups. Each
 * lookup keeps its own memory (one per API replica).
 */
export function keptApiKeyLookup(db: Db): (key: string) => Promise<ApiKey | undefined> {
  const kept = new Map<string, { key: ApiKey | undefined; until: number; generation: number }>();
  return async (key) => {
    const hash = hashApiKey(key);
    const now = Date.now();
    const hit = kept.get(hash);
    if (hit && hit.until > now && hit.generation === keysChanged) return hit.key;
    const generation = keysChanged;
    const found = await findApiKey(db, key);
    if (kept.size >= API_KEYS_KEPT) kept.clear();
    kept.set(hash, { key: found, until: now + API_KEY_KEPT_MS, generation });
    return found;
  };
}

export interface ApiKeyListing extends ApiKey {
  createdAt: Date;
  revokedAt: Date | null;
}

export async function listApiKeys(db: Db): Promise<ApiKeyListing[]> {
  const rows = await db
    .selectFrom('api_keys')
    .select([...KEY_COLUMNS, 'created_at', 'revoked_at'])
    .orderBy('created_at')
    .orderBy('id')
    .execute();
  return rows.map((r) => ({ ...toApiKey(r), createdAt: r.created_at, revokedAt: r.revoked_at }));
}

/** Revokes a key for good; false when there is no such key or it was already revoked. */
export async function revokeApiKey(db: Db, id: string): Promise<boolean> {
  const result = await db
    .updateTable('api_keys')
    .set({ revoked_at: new Date() })
    .where('id', '=', id)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  keysChanged++;
  return result.numUpdatedRows > 0n;
}
