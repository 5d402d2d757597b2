import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export const PAYLOAD_KEY_FILE = 'payload-keys';

/**
 * Encryption on by default for `npm start`: the first start writes a fresh AES-256 key into the
 * data directory (owner-only, 0600) as a `PAYLOAD_KEYS` value; later starts read it back. Lose
 * the file and the histories it encrypted cannot be read: it belongs in the data directory's backup.
 */
export function payloadKeysInDataDir(dataDir: string): { keys: string; created: boolean } {
  const file = join(dataDir, PAYLOAD_KEY_FILE);
  if (existsSync(file)) {
    if ((statSync(file).mode & 0o077) !== 0) throw new Error(`${file} must be readable by its owner only (chmod 600)`);
    return { keys: readFileSync(file, 'utf8').trim(), created: false };
  }
  const id = `local-${new Date().toISOString().slice(0, 10)}`;
  const keys = `${id}:${randomBytes(32).toString('base64')}`;
  writeFileSync(file, `${keys}\n`, { mode: 0o600, flag: 'wx' });
  return { keys, created: true };
}
