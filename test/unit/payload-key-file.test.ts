import { chmodSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { payloadKeysFrom } from '../../platform/payload-codec';
import { PAYLOAD_KEY_FILE, payloadKeysInDataDir } from '../../platform/payload-key-file';

const dir = mkdtempSync(join(tmpdir(), 'payload-key-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

it('generates one owner-only AES-256 key on the first start and reads the same key after', () => {
  const first = payloadKeysInDataDir(dir);
  expect(first.created).toBe(true);
  expect(statSync(join(dir, PAYLOAD_KEY_FILE)).mode & 0o777).toBe(0o600);
  const keys = payloadKeysFrom(first.keys, undefined)!;
  expect(keys.keys[keys.activeKeyId]).toHaveLength(32);

  const again = payloadKeysInDataDir(dir);
  expect(again).toEqual({ keys: first.keys, created: false });
  expect(readFileSync(join(dir, PAYLOAD_KEY_FILE), 'utf8').trim()).toBe(first.keys);
});

it('refuses a key file that others can read', () => {
  chmodSync(join(dir, PAYLOAD_KEY_FILE), 0o644);
  expect(() => payloadKeysInDataDir(dir)).toThrow(/chmod 600/);
  chmodSync(join(dir, PAYLOAD_KEY_FILE), 0o600);
});
