import { createHash, randomBytes } from 'node:crypto';
import type { Db } from './database';

export const ROLES = ['intake', 'official', 'portal', 'auditor', 'admin'] as const;
export type Role = (typeof ROLES)[number];

export interface ApiKey { id: string; role: Role; bodyId: string | null; label: string | null }

export function hashApiKey(key: string): string {
  return createHash('sha256').update(key).digest('hex');
}

/** Makes a key; only its hash is stored, the key itself is shown once. */
export async function createApiKey(db: Db, role: Role, bodyId: string | null, label: string | null = null): Promise<{ id: string; key: string }> {
  const id = `key_${randomBytes(6).toString('hex')}`;
  const key = `cce_${role}_${randomBytes(24).toString('base64url')}`;
  await db.insertInto('api_keys').values({ id, key_hash: hashApiKey(key), role, body_id: bodyId, label, revoked_at: null }).execute();
  return { id, key };
}

export async function findApiKey(db: Db, key: string): Promise<ApiKey | undefined> {
  const row = await db.selectFrom('api_keys').select(['id', 'role', 'body_id', 'label'])
    .where('key_hash', '=', hashApiKey(key)).where('revoked_at', 'is', null).executeTakeFirst();
  return row && { id: row.id, role: row.role as Role, bodyId: row.body_id, label: row.label };
}
