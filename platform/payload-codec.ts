import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import type { Payload, PayloadCodec } from '@temporalio/common';
import { temporal } from '@temporalio/proto';

const ENCODING = 'binary/encrypted';
const ALGORITHM = 'aes-256-gcm';
const IV_BYTES = 12;
const TAG_BYTES = 16;

export interface PayloadKeys {
  /** The key new payloads are encrypted with. */
  activeKeyId: string;
  /** Every key still needed to read older histories: rotation adds a key and moves activeKeyId. */
  keys: Record<string, Buffer>;
}

/**
 * Encrypts every payload (workflow inputs, activity arguments and results, update arguments) with
 * AES-256-GCM, so the Temporal history holds no personal data in plain text. Each payload names
 * its key id, so keys can be rotated without losing the old histories.
 */
export function aesGcmCodec({ activeKeyId, keys }: PayloadKeys): PayloadCodec {
  const activeKey = keys[activeKeyId];
  if (!activeKey) throw new Error(`payload key ${activeKeyId} is not configured`);
  return {
    async encode(payloads: Payload[]): Promise<Payload[]> {
      return payloads.map((payload) => {
        const iv = randomBytes(IV_BYTES);
        const cipher = createCipheriv(ALGORITHM, activeKey, iv);
        const plain = temporal.api.common.v1.Payload.encode(payload).finish();
        const sealed = Buffer.concat([iv, cipher.update(plain), cipher.final(), cipher.getAuthTag()]);
        return {
          metadata: { encoding: Buffer.from(ENCODING), 'encryption-key-id': Buffer.from(activeKeyId) },
          data: sealed,
        };
      });
    },
    async decode(payloads: Payload[]): Promise<Payload[]> {
      return payloads.map((payload) => {
        if (Buffer.from(payload.metadata?.encoding ?? []).toString() !== ENCODING) return payload;
        const keyId = Buffer.from(payload.metadata?.['encryption-key-id'] ?? []).toString();
        const key = keys[keyId];
        if (!key) throw new Error(`payload encrypted with unknown key id ${keyId}`);
        const sealed = Buffer.from(payload.data ?? []);
        const decipher = createDecipheriv(ALGORITHM, key, sealed.subarray(0, IV_BYTES));
        decipher.setAuthTag(sealed.subarray(sealed.length - TAG_BYTES));
        const plain = Buffer.concat([
          decipher.update(sealed.subarray(IV_BYTES, sealed.length - TAG_BYTES)),
          decipher.final(),
        ]);
        return temporal.api.common.v1.Payload.decode(plain);
      });
    },
  };
}

/** `PAYLOAD_KEYS=id1:<base64 32 bytes>,id2:<…>` with `PAYLOAD_KEY_ID=id2`; no keys means no encryption. */
export function payloadKeysFrom(
  keysSetting: string | undefined,
  activeKeyId: string | undefined,
): PayloadKeys | undefined {
  if (!keysSetting) return undefined;
  const keys: Record<string, Buffer> = {};
  for (const entry of keysSetting
    .split(',')
    .map((e) => e.trim())
    .filter(Boolean)) {
    const [id, material] = entry.split(':');
    const key = Buffer.from(material ?? '', 'base64');
    if (!id || key.length !== 32) throw new Error(`PAYLOAD_KEYS entry ${id ?? '?'} must be <id>:<base64 of 32 bytes>`);
    keys[id] = key;
  }
  const ids = Object.keys(keys);
  return { keys, activeKeyId: activeKeyId ?? ids[ids.length - 1] };
}
