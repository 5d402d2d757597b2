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

export interface ApiKeyListing extends ApiKey { createdAt: Date; revokedAt: Date | null }

export async function listApiKeys(db: Db): Promise<ApiKeyListing[]> {
  const rows = await db.selectFrom('api_keys').select(['id', 'role', 'body_id', 'label', 'created_at', 'revoked_at'])
    .orderBy('created_at').orderBy('id').execute();
  return rows.map((r) => ({
    id: r.id, role: r.role as Role, bodyId: r.body_id, label: r.label, createdAt: r.created_at, revokedAt: r.revoked_at,
  }));
}

/** Revokes a key for good; false when there is no such key or it was already revoked. */
export async function revokeApiKey(db: Db, id: string): Promise<boolean> {
  const result = await db.updateTable('api_keys').set({ revoked_at: new Date() })
    .where('id', '=', id).where('revoked_at', 'is', null).executeTakeFirst();
  return result.numUpdatedRows > 0n;
}
